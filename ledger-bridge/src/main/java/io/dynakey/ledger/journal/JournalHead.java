package io.dynakey.ledger.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The journal's signed head: which record was last (its batch index, hash and offset), signed
 * with the {@link LedgerKey} in a file beside the journal ({@link SignedFields}, kind
 * {@value #KIND}). The journal writes it when it is created, at most once a second while batches
 * are appended (after they are forced to disk) and when it closes; {@code ledger verify} then
 * detects a rewritten or truncated tail without a pinned head. Format and threat model in
 * {@code docs/ledger.md}.
 *
 * @param batches      records covered (the last has batch index {@code batches - 1}; 0: none yet)
 * @param nextSeq      the seq after the last covered event
 * @param recordOffset offset of the last covered record, -1 if none
 * @param endOffset    offset just after it
 * @param recordHash   that record's hash (32 zero bytes if none)
 * @param writtenAtMillis when it was signed
 */
public record JournalHead(long batches, long nextSeq, long recordOffset, long endOffset, byte[] recordHash,
                          long writtenAtMillis) {

    /** First word of the file. */
    public static final String KIND = "dynakey-ledger-head";
    /** Format version. */
    public static final int VERSION = 1;

    private static final HexFormat HEX = HexFormat.of();

    /** The head file of a journal: {@code <journal>.head} beside it. */
    public static Path defaultFile(Path journal) {
        return journal.resolveSibling(journal.getFileName() + ".head");
    }

    /** Writes it signed by {@code key}, atomically. */
    public void write(Path file, LedgerKey key) throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("batches", Long.toString(batches));
        f.put("next-seq", Long.toString(nextSeq));
        f.put("record-offset", Long.toString(recordOffset));
        f.put("end-offset", Long.toString(endOffset));
        f.put("record-hash", HEX.formatHex(recordHash));
        f.put("written-at", Long.toString(writtenAtMillis));
        SignedFields.write(file, KIND, VERSION, f, key);
    }

    /** The head a (signature-checked) file holds. @throws IOException if a field is missing or malformed */
    public static JournalHead of(SignedFields f) throws IOException {
        return new JournalHead(f.number("batches"), f.number("next-seq"), f.number("record-offset"),
                f.number("end-offset"), f.bytes("record-hash"), f.number("written-at"));
    }

    /** Reads and checks the head file: signed by {@code key}, else an {@link IOException} saying why. */
    public static JournalHead read(Path file, LedgerKey key) throws IOException {
        return read(file, key.publicKey());
    }

    /** Reads and checks the head file: signed by the key whose public half is {@code publicKey}. */
    public static JournalHead read(Path file, byte[] publicKey) throws IOException {
        SignedFields f = SignedFields.read(file, KIND, VERSION);
        if (!f.signedOk()) {
            throw new IOException("the signed head " + file + " does not verify: forged or changed");
        }
        if (!f.signedBy(publicKey)) {
            throw new IOException("the signed head " + file + " is signed by another key (public "
                    + HEX.formatHex(f.publicKey()) + "), not the ledger key " + HEX.formatHex(publicKey));
        }
        return of(f);
    }
}
