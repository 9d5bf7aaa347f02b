package io.dynakey.ledger.journal;

import io.dynakey.ledger.merkle.Keccak;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a journal file holds, read without changing it: the records that parse, where the
 * complete records end, and what follows them (a torn tail or damage).
 *
 * @param headerValid   magic and version are right
 * @param records       every record whose length prefix and structure parse, in file order
 * @param completeEnd   offset just after the last complete record (the header end if none)
 * @param fileLength    length of the file
 * @param tornTail      true if the bytes after {@code completeEnd} are an incomplete last record
 * @param damage        a description of unparseable bytes at {@code completeEnd}, or {@code null}
 */
public record JournalScan(boolean headerValid, List<JournalRecord> records, long completeEnd, long fileLength,
                          boolean tornTail, String damage) {

    /**
     * Reads and parses {@code file}, holding every record in memory: for tests and small journals.
     * Verification, proofs and recovery stream the file with {@link JournalReader} instead.
     */
    public static JournalScan of(Path file) throws IOException {
        try (JournalReader in = JournalReader.open(file)) {
            List<JournalRecord> records = new ArrayList<>();
            for (JournalRecord r = in.next(); r != null; r = in.next()) {
                records.add(r);
            }
            return new JournalScan(in.headerValid(), records, in.completeEnd(), in.fileLength(), in.tornTail(),
                    in.damage());
        }
    }

    /** Parses journal bytes (the same rules as {@link JournalReader}). */
    public static JournalScan of(byte[] f) {
        if (!JournalFormat.headerValid(f)) {
            return new JournalScan(false, List.of(), 0, f.length, false, "bad header (magic or version)");
        }
        Keccak k = new Keccak();
        List<JournalRecord> records = new ArrayList<>();
        int pos = JournalFormat.HEADER_LENGTH;
        while (pos < f.length) {
            int left = f.length - pos;
            if (left < 4) {
                return new JournalScan(true, records, pos, f.length, true, null);
            }
            int bodyLen = ByteBuffer.wrap(f, pos, 4).getInt();
            if (bodyLen < JournalFormat.BODY_FIXED || bodyLen > JournalFormat.MAX_BODY) {
                boolean zeros = allZero(f, pos);
                return new JournalScan(true, records, pos, f.length, zeros,
                        zeros ? null : "impossible record length " + bodyLen + " at offset " + pos);
            }
            if ((long) left < 4L + bodyLen + 32) {
                return new JournalScan(true, records, pos, f.length, true, null);
            }
            JournalRecord r = JournalFormat.parseRecord(f, pos, bodyLen, pos, k);
            if (r == null) {
                return new JournalScan(true, records, pos, f.length, false,
                        "record at offset " + pos + " does not parse (event lengths disagree with the record length)");
            }
            records.add(r);
            pos += 4 + bodyLen + 32;
        }
        return new JournalScan(true, records, pos, f.length, false, null);
    }

    private static boolean allZero(byte[] f, int from) {
        for (int i = from; i < f.length; i++) {
            if (f[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
