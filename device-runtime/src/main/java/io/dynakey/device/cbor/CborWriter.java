package io.dynakey.device.cbor;

/**
 * Encodes deterministic CBOR into a caller-owned buffer: shortest-form heads, definite lengths.
 * The caller writes map entries in key order (bytewise order of the encoded keys; for small
 * unsigned integer keys, ascending). The writer tracks declared container sizes so that
 * {@link #finish()} can prove every array and map got exactly its items.
 * Not thread-safe; reusable through {@link #reset}; allocation-free.
 */
public final class CborWriter {

    /** Nesting limit of a writer built with the no-argument constructor. */
    public static final int DEFAULT_MAX_DEPTH = 8;

    private final long[] remaining;
    private byte[] buf;
    private int start;
    private int pos;
    private int limit;
    private int depth;

    public CborWriter() {
        this(DEFAULT_MAX_DEPTH);
    }

    /** A writer for containers nested at most {@code maxDepth} deep. */
    public CborWriter(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be positive");
        }
        remaining = new long[maxDepth];
    }

    /** Starts a new encoding at {@code buf[off]}, writing at most up to {@code limit} (exclusive). */
    public CborWriter reset(byte[] buf, int off, int limit) {
        if (buf == null || off < 0 || limit < off || limit > buf.length) {
            throw new IllegalArgumentException("bad buffer range");
        }
        this.buf = buf;
        this.start = off;
        this.pos = off;
        this.limit = limit;
        this.depth = 0;
        return this;
    }

    /** Absolute offset of the next byte to write. */
    public int position() {
        return pos;
    }

    /** Bytes written since {@link #reset}. */
    public int length() {
        return pos - start;
    }

    /**
     * Checks that every container is complete.
     *
     * @return the encoded length in bytes
     */
    public int finish() throws CborException {
        if (depth != 0) {
            throw new CborException(CborException.REASON_INCOMPLETE, pos);
        }
        return pos - start;
    }

    /** Writes a non-negative integer (major type 0). */
    public CborWriter writeUnsigned(long value) throws CborException {
        if (value < 0) {
            throw new IllegalArgumentException("negative value for writeUnsigned");
        }
        return scalarHead(0, value);
    }

    /** Writes an integer as major type 0 or 1. */
    public CborWriter writeInt(long value) throws CborException {
        return value >= 0 ? scalarHead(0, value) : scalarHead(1, -1 - value);
    }

    /** Writes major type 0 with the unsigned 64-bit argument {@code bits} (values above 2^63-1). */
    public CborWriter writeUint64Bits(long bits) throws CborException {
        return scalarHead(0, bits);
    }

    /** Writes major type 1 whose value is {@code -1 - unsigned(bits)} (down to -2^64). */
    public CborWriter writeNegativeUint64Bits(long bits) throws CborException {
        return scalarHead(1, bits);
    }

    /** Writes a byte string with the content {@code b[off .. off+len)}. */
    public CborWriter writeBytes(byte[] b, int off, int len) throws CborException {
        return string(2, b, off, len);
    }

    /**
     * Writes a text string from UTF-8 bytes {@code utf8[off .. off+len)}.
     *
     * @throws CborException {@code REASON_INVALID_UTF8} when they are not valid UTF-8
     */
    public CborWriter writeText(byte[] utf8, int off, int len) throws CborException {
        checkRange(utf8, off, len);
        int bad = Utf8.firstInvalid(utf8, off, len);
        if (bad >= 0) {
            throw new CborException(CborException.REASON_INVALID_UTF8, bad);
        }
        return string(3, utf8, off, len);
    }

    /** Writes an array header; exactly {@code count} items must follow. */
    public CborWriter writeArrayHeader(int count) throws CborException {
        return containerHead(4, count, count);
    }

    /** Writes a map header; exactly {@code count} key/value pairs must follow. */
    public CborWriter writeMapHeader(int count) throws CborException {
        return containerHead(5, count, 2L * count);
    }

    /** Writes {@code false} or {@code true}. */
    public CborWriter writeBoolean(boolean value) throws CborException {
        itemStarts();
        put1(value ? 0xf5 : 0xf4);
        itemEnds();
        return this;
    }

    /** Writes {@code null}. */
    public CborWriter writeNull() throws CborException {
        itemStarts();
        put1(0xf6);
        itemEnds();
        return this;
    }

    private CborWriter scalarHead(int major, long arg) throws CborException {
        itemStarts();
        head(major, arg);
        itemEnds();
        return this;
    }

    private CborWriter string(int major, byte[] b, int off, int len) throws CborException {
        checkRange(b, off, len);
        itemStarts();
        head(major, len);
        if (limit - pos < len) {
            throw new CborException(CborException.REASON_BUFFER_TOO_SMALL, pos);
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        itemEnds();
        return this;
    }

    private CborWriter containerHead(int major, int count, long items) throws CborException {
        if (count < 0) {
            throw new IllegalArgumentException("negative container size");
        }
        if (count > 0 && depth == remaining.length) {
            throw new CborException(CborException.REASON_DEPTH_EXCEEDED, pos);
        }
        itemStarts();
        head(major, count);
        if (count > 0) {
            remaining[depth++] = items;
        } else {
            itemEnds();
        }
        return this;
    }

    private void itemStarts() throws CborException {
        if (buf == null) {
            throw new IllegalStateException("reset() the writer first");
        }
        if (depth > 0) {
            remaining[depth - 1]--;
        }
    }

    private void itemEnds() {
        while (depth > 0 && remaining[depth - 1] == 0) {
            depth--;
        }
    }

    private void head(int major, long arg) throws CborException {
        int mt = major << 5;
        if (arg >= 0 && arg < 24) {
            put1(mt | (int) arg);
        } else if (arg >= 0 && arg <= 0xffL) {
            ensure(2);
            buf[pos++] = (byte) (mt | 24);
            buf[pos++] = (byte) arg;
        } else if (arg >= 0 && arg <= 0xffffL) {
            ensure(3);
            buf[pos++] = (byte) (mt | 25);
            putN(arg, 2);
        } else if (arg >= 0 && arg <= 0xffffffffL) {
            ensure(5);
            buf[pos++] = (byte) (mt | 26);
            putN(arg, 4);
        } else {
            ensure(9);
            buf[pos++] = (byte) (mt | 27);
            putN(arg, 8);
        }
    }

    private void put1(int b) throws CborException {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    private void putN(long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    private void ensure(int n) throws CborException {
        if (limit - pos < n) {
            throw new CborException(CborException.REASON_BUFFER_TOO_SMALL, pos);
        }
    }

    private static void checkRange(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            throw new IllegalArgumentException("bad source range");
        }
    }
}
