package io.dynakey.ledger.verify;

import io.dynakey.ledger.journal.LedgerKey;
import io.dynakey.ledger.journal.SignedFields;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the last successful verification ended, so that the next one continues from there: a
 * signed text file ({@link SignedFields}, kind {@value #KIND}) beside the journal, written by the
 * verifier after an intact result. The next verification checks its signature, that the journal
 * still holds the record it names with the same hash at the same offset, and (Ethereum) that the
 * chain still holds the block of its last anchor with the anchor's head; then it reads only what
 * follows. Format and threat model in {@code docs/ledger.md}.
 *
 * @param source       {@code journal}, or {@code contract <address>} (lower case)
 * @param batches      records verified (the last one has batch index {@code batches - 1})
 * @param nextSeq      the seq after the last verified event
 * @param events       events verified
 * @param recordOffset offset of the last verified record in the journal
 * @param endOffset    offset just after it (where the next verification starts reading)
 * @param recordHash   that record's hash (the journal's hash chain head at that point)
 * @param chainHead    the contract's head after the last verified anchor, or {@code null} (journal)
 * @param block        block number of the last verified anchor, or -1 (journal)
 * @param blockHash    hash of that block (hex with 0x), or {@code null} (journal)
 * @param verifiedAtMillis when it was written
 */
public record Checkpoint(String source, long batches, long nextSeq, long events, long recordOffset, long endOffset,
                         byte[] recordHash, byte[] chainHead, long block, String blockHash, long verifiedAtMillis) {

    /** First word of the file. */
    public static final String KIND = "dynakey-ledger-checkpoint";
    /** Format version. */
    public static final int VERSION = 1;

    private static final HexFormat HEX = HexFormat.of();

    /** The default checkpoint of a journal: {@code <journal>.checkpoint} beside it. */
    public static Path defaultFile(Path journal) {
        return journal.resolveSibling(journal.getFileName() + ".checkpoint");
    }

    /** Writes it to {@code file}, signed by {@code key}, atomically. */
    public void write(Path file, LedgerKey key) throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("source", source);
        f.put("batches", Long.toString(batches));
        f.put("next-seq", Long.toString(nextSeq));
        f.put("events", Long.toString(events));
        f.put("record-offset", Long.toString(recordOffset));
        f.put("end-offset", Long.toString(endOffset));
        f.put("record-hash", HEX.formatHex(recordHash));
        f.put("chain-head", chainHead == null ? "-" : HEX.formatHex(chainHead));
        f.put("block", Long.toString(block));
        f.put("block-hash", blockHash == null ? "-" : blockHash);
        f.put("verified-at", Long.toString(verifiedAtMillis));
        SignedFields.write(file, KIND, VERSION, f, key);
    }

    /** The checkpoint a (signature-checked) file holds. @throws IOException if a field is missing or malformed */
    public static Checkpoint of(SignedFields f) throws IOException {
        String head = f.text("chain-head");
        String blockHash = f.text("block-hash");
        return new Checkpoint(f.text("source"), f.number("batches"), f.number("next-seq"), f.number("events"),
                f.number("record-offset"), f.number("end-offset"), f.bytes("record-hash"),
                head.equals("-") ? null : f.bytes("chain-head"), f.number("block"),
                blockHash.equals("-") ? null : blockHash, f.number("verified-at"));
    }
}
