package io.dynakey.ledger.journal;

import io.dynakey.ledger.merkle.Keccak;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a journal file one record at a time, in bounded memory: at most one record (one batch)
 * is held at once, whatever the file's length. Never changes the file.
 *
 * <p>{@link #next()} returns records in file order until the complete records end; then
 * {@link #completeEnd()}, {@link #tornTail()} and {@link #damage()} say what follows them, with the
 * same rules as {@link JournalScan}. {@link #recordAt(long)} and {@link #headerAt(long)} read one
 * record (or its fixed part) at a known offset, for checkpoints and signed heads. Not thread-safe.
 */
public final class JournalReader implements AutoCloseable {

    /** The fixed part of a record: what {@link #headerAt(long)} returns without reading the events. */
    public record RecordHeader(long offset, int length, long batchIndex, long firstSeq, int count) {
    }

    private final FileChannel channel;
    private final long fileLength;
    private final boolean headerValid;
    private final Keccak keccak = new Keccak();
    private final ByteBuffer prefix = ByteBuffer.allocate(4 + JournalFormat.BODY_FIXED);
    private long pos;
    private boolean ended;
    private boolean tornTail;
    private String damage;

    private JournalReader(FileChannel channel) throws IOException {
        this.channel = channel;
        this.fileLength = channel.size();
        byte[] h = new byte[(int) Math.min(JournalFormat.HEADER_LENGTH, fileLength)];
        readFully(ByteBuffer.wrap(h), 0);
        this.headerValid = JournalFormat.headerValid(h);
        this.pos = JournalFormat.HEADER_LENGTH;
        if (!headerValid) {
            ended = true;
            pos = 0;
            damage = "bad header (magic or version)";
        }
    }

    /** Opens {@code file} and checks its header; reading starts at the first record. */
    public static JournalReader open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new JournalReader(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** True if magic and version are right (if not, {@link #next()} returns {@code null} at once). */
    public boolean headerValid() {
        return headerValid;
    }

    /** Length of the file when it was opened (records appended later are not read). */
    public long fileLength() {
        return fileLength;
    }

    /**
     * Continues reading at {@code offset}, the start of a record (the end of one a checkpoint
     * vouches for). Clears what an earlier end of reading found.
     *
     * @throws IllegalArgumentException if {@code offset} is before the first record or past the end
     */
    public void seek(long offset) {
        if (!headerValid) {
            return;
        }
        if (offset < JournalFormat.HEADER_LENGTH || offset > fileLength) {
            throw new IllegalArgumentException("offset " + offset + " is outside the records (file of " + fileLength + " bytes)");
        }
        pos = offset;
        ended = false;
        tornTail = false;
        damage = null;
    }

    /** The next complete record, or {@code null} once the complete records end. */
    public JournalRecord next() throws IOException {
        if (ended) {
            return null;
        }
        long left = fileLength - pos;
        if (left == 0) {
            return end(false, null);
        }
        if (left < 4) {
            return end(true, null);
        }
        int bodyLen = readInt(pos);
        if (bodyLen < JournalFormat.BODY_FIXED || bodyLen > JournalFormat.MAX_BODY) {
            boolean zeros = allZero(pos);
            return end(zeros, zeros ? null : "impossible record length " + bodyLen + " at offset " + pos);
        }
        if (left < 4L + bodyLen + 32) {
            return end(true, null);
        }
        byte[] buf = new byte[4 + bodyLen + 32];
        readFully(ByteBuffer.wrap(buf), pos);
        JournalRecord r = JournalFormat.parseRecord(buf, 0, bodyLen, pos, keccak);
        if (r == null) {
            return end(false, "record at offset " + pos
                    + " does not parse (event lengths disagree with the record length)");
        }
        pos += buf.length;
        return r;
    }

    /**
     * The fixed part of the next complete record, skipping its events (not checked); {@code null}
     * once the complete records end, as {@link #next()}.
     */
    public RecordHeader nextHeader() throws IOException {
        if (ended) {
            return null;
        }
        RecordHeader h = headerAt(pos);
        if (h == null) {
            next(); // sets what ends the records
            return null;
        }
        pos += h.length();
        return h;
    }

    /**
     * The fixed part of the record at {@code offset}, or {@code null} if no complete record of a
     * possible length starts there.
     */
    public RecordHeader headerAt(long offset) throws IOException {
        if (!headerValid || offset < JournalFormat.HEADER_LENGTH || fileLength - offset < 4 + JournalFormat.BODY_FIXED + 32) {
            return null;
        }
        prefix.clear();
        readFully(prefix, offset);
        prefix.flip();
        int bodyLen = prefix.getInt();
        if (bodyLen < JournalFormat.BODY_FIXED || bodyLen > JournalFormat.MAX_BODY || fileLength - offset < 4L + bodyLen + 32) {
            return null;
        }
        long index = prefix.getLong();
        long firstSeq = prefix.getLong();
        int count = prefix.getInt();
        return new RecordHeader(offset, 4 + bodyLen + 32, index, firstSeq, count);
    }

    /** The complete record at {@code offset}, or {@code null} if none starts there. Does not move {@link #next()}. */
    public JournalRecord recordAt(long offset) throws IOException {
        RecordHeader h = headerAt(offset);
        if (h == null) {
            return null;
        }
        byte[] buf = new byte[h.length()];
        readFully(ByteBuffer.wrap(buf), offset);
        return JournalFormat.parseRecord(buf, 0, h.length() - 36, offset, keccak);
    }

    /** Offset just after the last complete record read (valid once {@link #next()} returned {@code null}). */
    public long completeEnd() {
        return pos;
    }

    /** True if the bytes after the complete records are an incomplete last record (a torn write). */
    public boolean tornTail() {
        return tornTail;
    }

    /** What is wrong with the bytes after the complete records, or {@code null}. */
    public String damage() {
        return damage;
    }

    private JournalRecord end(boolean torn, String why) {
        ended = true;
        tornTail = torn;
        damage = why;
        return null;
    }

    private int readInt(long at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4);
        readFully(b, at);
        return b.getInt(0);
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = channel.read(b, p);
            if (n < 0) {
                throw new EOFException("journal ended at offset " + p + " while reading");
            }
            p += n;
        }
    }

    private boolean allZero(long from) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        long p = from;
        while (p < fileLength) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), fileLength - p));
            readFully(b, p);
            for (int i = 0; i < b.limit(); i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
            p += b.limit();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
