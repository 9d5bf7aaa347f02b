package io.dynakey.ledger.journal;

import io.dynakey.ledger.merkle.Batch;
import io.dynakey.ledger.merkle.Keccak;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The journal file format, version {@value #VERSION}.
 *
 * <pre>
 * file   = header record*
 * header = "DKLEDGER" (8 bytes) | u32 version
 * record = u32 bodyLength | body | 32 recordHash    recordHash = keccak256(the first 92 bytes of body)
 * body   = u64 batchIndex | u64 firstSeq | u32 count | i64 closedAtMillis | 32 prevHash | 32 root
 *          | count x (32 leaf | u16 eventLength | event)
 * </pre>
 * prevHash is the previous record's recordHash (32 zero bytes for the first record). The record hash
 * covers the fixed part (index, seqs, time, prevHash, root); the root commits to the leaves and each
 * leaf to its event, which the reader checks, so hashing the events a second time would add nothing.
 */
public final class JournalFormat {

    /** Format version in the header. */
    public static final int VERSION = 1;
    /** Magic at the start of the file. */
    public static final byte[] MAGIC = "DKLEDGER".getBytes(StandardCharsets.US_ASCII);
    /** Header length in bytes. */
    public static final int HEADER_LENGTH = 12;
    /** Fixed part of a record body. */
    public static final int BODY_FIXED = 8 + 8 + 4 + 8 + 32 + 32;
    /** Upper bound of a record body (a safety limit for the reader). */
    public static final int MAX_BODY = 64 * 1024 * 1024;

    private JournalFormat() {
    }

    /** The header bytes. */
    public static byte[] header() {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).putInt(VERSION).array();
    }

    /** Serialises one record. */
    public static byte[] record(long batchIndex, Batch batch, byte[] prevHash, Keccak k) {
        return record(batchIndex, batch.firstSeq(), batch.count(), batch.closedAtMillis(), prevHash, batch.root(),
                batch.leaves(), batch.encodedEvents(), k);
    }

    /** Serialises one record from its parts (also used by tests that forge records). */
    public static byte[] record(long batchIndex, long firstSeq, int count, long closedAt, byte[] prevHash, byte[] root,
                                java.util.List<byte[]> leaves, java.util.List<byte[]> events, Keccak k) {
        int bodyLen = BODY_FIXED;
        for (byte[] e : events) {
            bodyLen += 32 + 2 + e.length;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + bodyLen + 32);
        b.putInt(bodyLen).putLong(batchIndex).putLong(firstSeq).putInt(count).putLong(closedAt)
                .put(prevHash).put(root);
        for (int i = 0; i < events.size(); i++) {
            byte[] e = events.get(i);
            b.put(leaves.get(i)).putShort((short) e.length).put(e);
        }
        byte[] out = b.array();
        byte[] h = k.hash(out, 4, BODY_FIXED);
        System.arraycopy(h, 0, out, 4 + bodyLen, 32);
        return out;
    }

    /**
     * Parses one record whose length prefix {@code bodyLen} was read at {@code buf[off]} and whose
     * bytes are complete in {@code buf}; {@code null} if the event lengths disagree with the body
     * length. The record is copied out of {@code buf}.
     *
     * @param fileOffset where the record starts in the file (reported in the record)
     */
    public static JournalRecord parseRecord(byte[] buf, int off, int bodyLen, long fileOffset, Keccak k) {
        ByteBuffer b = ByteBuffer.wrap(buf, off + 4, bodyLen);
        long index = b.getLong();
        long firstSeq = b.getLong();
        int count = b.getInt();
        long closedAt = b.getLong();
        byte[] prev = new byte[32];
        b.get(prev);
        byte[] root = new byte[32];
        b.get(root);
        java.util.List<byte[]> leaves = new java.util.ArrayList<>();
        java.util.List<byte[]> events = new java.util.ArrayList<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 34) {
                return null;
            }
            byte[] leaf = new byte[32];
            b.get(leaf);
            int len = b.getShort() & 0xFFFF;
            if (b.remaining() < len) {
                return null;
            }
            byte[] e = new byte[len];
            b.get(e);
            leaves.add(leaf);
            events.add(e);
        }
        byte[] stored = Arrays.copyOfRange(buf, off + 4 + bodyLen, off + 4 + bodyLen + 32);
        byte[] actual = k.hash(buf, off + 4, BODY_FIXED);
        return new JournalRecord(fileOffset, 4 + bodyLen + 32, index, firstSeq, count, closedAt, prev, root,
                java.util.Collections.unmodifiableList(leaves), java.util.Collections.unmodifiableList(events),
                stored, actual);
    }

    /** True if {@code bytes} start with a valid header. */
    public static boolean headerValid(byte[] bytes) {
        return bytes.length >= HEADER_LENGTH && Arrays.equals(bytes, 0, 8, MAGIC, 0, 8)
                && ByteBuffer.wrap(bytes, 8, 4).getInt() == VERSION;
    }
}
