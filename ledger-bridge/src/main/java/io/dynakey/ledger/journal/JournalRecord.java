package io.dynakey.ledger.journal;

import java.util.List;

/**
 * One batch record as read from a journal file, before any judgement. Arrays are not copied.
 *
 * @param offset      byte offset of the record's length prefix in the file
 * @param length      total bytes of the record, prefix and trailing hash included
 * @param batchIndex  0, 1, 2, ... as written
 * @param firstSeq    seq of the first event as written
 * @param count       event count as written in the header
 * @param closedAtMillis when the batch was closed
 * @param prevHash    the previous record's hash as written (zeros for the first)
 * @param root        Merkle root as written
 * @param leaves      the leaves as written
 * @param events      the encoded events as written
 * @param storedHash  the record hash as written
 * @param actualHash  the record hash recomputed from the bytes as read
 */
public record JournalRecord(long offset, int length, long batchIndex, long firstSeq, int count, long closedAtMillis,
                            byte[] prevHash, byte[] root, List<byte[]> leaves, List<byte[]> events,
                            byte[] storedHash, byte[] actualHash) {

    /** True if the stored hash matches the bytes. */
    public boolean hashMatches() {
        return java.util.Arrays.equals(storedHash, actualHash);
    }
}
