package io.dynakey.ledger.verify;

import java.nio.file.Path;

/**
 * What a verification is asked for besides the chain check.
 *
 * @param seq           prove this event (0: none)
 * @param pinnedHeadHex a head hash printed earlier that must still be in the journal's chain, or
 *                      {@code null}; a pin makes the verification read the journal in full
 * @param checkpoint    the checkpoint file to continue from and to write after an intact result,
 *                      or {@code null} for neither
 * @param full          ignore the checkpoint's contents (verify everything) but still write a new one
 * @param keyFile       the ledger key ({@link io.dynakey.ledger.journal.LedgerKey}) that signs the
 *                      head file and checkpoints; {@code null}: {@code <journal>.key} beside the journal
 */
public record VerifyOptions(long seq, String pinnedHeadHex, Path checkpoint, boolean full, Path keyFile) {

    /** A full verification that writes nothing, proving {@code seq} if > 0. */
    public static VerifyOptions of(long seq) {
        return new VerifyOptions(seq, null, null, false, null);
    }

    /** The same with a pinned head. */
    public VerifyOptions pinnedHead(String hex) {
        return new VerifyOptions(seq, hex, checkpoint, full, keyFile);
    }

    /** The same, continuing from and updating {@code file} (unless {@code full}: then only updating it). */
    public VerifyOptions checkpoint(Path file, boolean ignoreContents) {
        return new VerifyOptions(seq, pinnedHeadHex, file, ignoreContents, keyFile);
    }

    /** The same with the ledger key at {@code file}. */
    public VerifyOptions key(Path file) {
        return new VerifyOptions(seq, pinnedHeadHex, checkpoint, full, file);
    }
}
