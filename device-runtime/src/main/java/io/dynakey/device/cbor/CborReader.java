package io.dynakey.device.cbor;

/**
 * Reads one deterministic CBOR item from a caller-owned buffer. {@link #reset} first validates
 * the whole input within the reader's limits: exactly one well-formed item of the supported
 * subset, shortest-form heads, definite lengths, map keys strictly ascending in bytewise order
 * of their encodings (so no duplicates), valid UTF-8 in text, nothing after the item. Only then
 * do the {@code read*} methods walk it in place, in pre-order: a container header is followed
 * by its items.
 *
 * <p>Not thread-safe; reusable; allocation-free after construction (a refusal allocates its
 * exception). Every offset is checked; the work is linear in the input length.
 */
public final class CborReader {

    /** Default nesting limit of arrays and maps. */
    public static final int DEFAULT_MAX_DEPTH = 8;
    /** Default longest byte or text string, bytes. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 1024;
    /** Default largest array or map, entries. */
    public static final int DEFAULT_MAX_CONTAINER_LENGTH = 64;

    private final int maxStringLength;
    private final int maxContainerLength;
    private final long[] remaining;
    private final boolean[] isMap;
    private final boolean[] keyOpen;
    private final int[] keyStart;
    private final int[] prevKeyStart;
    private final int[] prevKeyEnd;

    private byte[] buf;
    private int pos;
    private int end;
    private int depth;
    private long arg;
    private int lastStringOffset;

    /** A reader with the default limits. */
    public CborReader() {
        this(DEFAULT_MAX_DEPTH, DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_CONTAINER_LENGTH);
    }

    /**
     * A reader with explicit limits.
     *
     * @param maxDepth deepest nesting of arrays and maps (1 allows one container level)
     * @param maxStringLength longest byte or text string, bytes
     * @param maxContainerLength largest array (items) or map (pairs)
     */
    public CborReader(int maxDepth, int maxStringLength, int maxContainerLength) {
        if (maxDepth < 1 || maxStringLength < 0 || maxContainerLength < 0) {
            throw new IllegalArgumentException("limits must be non-negative and depth positive");
        }
        this.maxStringLength = maxStringLength;
        this.maxContainerLength = maxContainerLength;
        remaining = new long[maxDepth];
        isMap = new boolean[maxDepth];
        keyOpen = new boolean[maxDepth];
        keyStart = new int[maxDepth];
        prevKeyStart = new int[maxDepth];
        prevKeyEnd = new int[maxDepth];
    }

    /**
     * Validates {@code buf[off .. off+len)} as exactly one item and positions the reader on it.
     *
     * @throws CborException naming the first violation and its offset; the reader is then empty
     */
    public void reset(byte[] buf, int off, int len) throws CborException {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("bad buffer range");
        }
        this.buf = buf;
        this.end = off + len;
        this.pos = off;
        this.depth = 0;
        try {
            validate();
        } catch (CborException e) {
            this.pos = end;
            throw e;
        }
        this.pos = off;
        this.depth = 0;
    }

    /** Absolute offset of the next unread byte. */
    public int position() {
        return pos;
    }

    /** True when the whole item has been read. */
    public boolean atEnd() {
        return pos >= end;
    }

    /** The kind of the next item ({@link CborType}), or {@link CborType#END}. */
    public int peekType() {
        if (buf == null || pos >= end) {
            return CborType.END;
        }
        int ib = buf[pos] & 0xff;
        int major = ib >>> 5;
        return major == 7 ? (ib & 31) : major;
    }

    /** Reads an integer (major type 0 or 1) that fits a Java {@code long}. */
    public long readLong() throws CborException {
        int at = pos;
        int major = readHead();
        if (major != 0 && major != 1) {
            pos = at;
            throw new CborException(CborException.REASON_TYPE_MISMATCH, at);
        }
        if (arg < 0) {
            pos = at;
            throw new CborException(CborException.REASON_OUT_OF_RANGE, at);
        }
        return major == 0 ? arg : -1 - arg;
    }

    /** Reads an integer and checks {@code min <= value <= max}. */
    public long readLong(long min, long max) throws CborException {
        int at = pos;
        long v = readLong();
        if (v < min || v > max) {
            pos = at;
            throw new CborException(CborException.REASON_OUT_OF_RANGE, at);
        }
        return v;
    }

    /** Reads an integer and checks {@code min <= value <= max}. */
    public int readInt(int min, int max) throws CborException {
        return (int) readLong(min, max);
    }

    /** Reads major type 0 and returns its argument as unsigned 64-bit bits. */
    public long readUint64Bits() throws CborException {
        return readArgumentOf(0);
    }

    /** Reads major type 1 and returns {@code n} as unsigned 64-bit bits, where the value is {@code -1 - n}. */
    public long readNegativeUint64Bits() throws CborException {
        return readArgumentOf(1);
    }

    /** Reads {@code false} or {@code true}. */
    public boolean readBoolean() throws CborException {
        int t = peekType();
        if (t != CborType.FALSE && t != CborType.TRUE) {
            throw mismatch();
        }
        pos++;
        return t == CborType.TRUE;
    }

    /** Reads {@code null}. */
    public void readNull() throws CborException {
        if (peekType() != CborType.NULL) {
            throw mismatch();
        }
        pos++;
    }

    /** Reads an array header and returns its item count. */
    public int readArrayHeader() throws CborException {
        return (int) readArgumentOf(4);
    }

    /** Reads a map header and returns its pair count. */
    public int readMapHeader() throws CborException {
        return (int) readArgumentOf(5);
    }

    /**
     * Reads a byte string into {@code out[off ..]}.
     *
     * @return its length
     * @throws CborException {@code REASON_LENGTH_EXCEEDED} when it is longer than {@code max}
     */
    public int readBytes(byte[] out, int off, int max) throws CborException {
        return copyString(2, out, off, max);
    }

    /** Reads a text string's UTF-8 bytes into {@code out[off ..]}; see {@link #readBytes}. */
    public int readText(byte[] out, int off, int max) throws CborException {
        return copyString(3, out, off, max);
    }

    /**
     * Reads a byte string without copying it.
     *
     * @return its length; its content starts at {@link #lastStringOffset()} in the input buffer
     */
    public int readBytesInPlace() throws CborException {
        return stringInPlace(2);
    }

    /** Reads a text string without copying it; see {@link #readBytesInPlace}. */
    public int readTextInPlace() throws CborException {
        return stringInPlace(3);
    }

    /** Absolute offset of the content of the last string read in place. */
    public int lastStringOffset() {
        return lastStringOffset;
    }

    /** Skips the next item with everything nested in it. */
    public void skip() throws CborException {
        long pending = 1;
        while (pending > 0) {
            pending--;
            int major = readHead();
            if (major == 2 || major == 3) {
                pos += (int) arg;
            } else if (major == 4) {
                pending += arg;
            } else if (major == 5) {
                pending += 2 * arg;
            }
        }
    }

    private int copyString(int major, byte[] out, int off, int max) throws CborException {
        int at = pos;
        int len = stringInPlace(major);
        if (len > max || out == null || off < 0 || off > out.length - len) {
            pos = at;
            throw new CborException(CborException.REASON_LENGTH_EXCEEDED, at);
        }
        System.arraycopy(buf, lastStringOffset, out, off, len);
        return len;
    }

    private int stringInPlace(int major) throws CborException {
        int len = (int) readArgumentOf(major);
        lastStringOffset = pos;
        pos += len;
        return len;
    }

    private long readArgumentOf(int major) throws CborException {
        int at = pos;
        if (readHead() != major) {
            pos = at;
            throw new CborException(CborException.REASON_TYPE_MISMATCH, at);
        }
        return arg;
    }

    private CborException mismatch() {
        return new CborException(pos >= end ? CborException.REASON_END_OF_INPUT : CborException.REASON_TYPE_MISMATCH,
                pos);
    }

    /** Pull-side head decoding of already validated input; returns the major type. */
    private int readHead() throws CborException {
        if (buf == null || pos >= end) {
            throw new CborException(CborException.REASON_END_OF_INPUT, pos);
        }
        int ib = buf[pos++] & 0xff;
        int ai = ib & 31;
        if (ai < 24) {
            arg = ai;
        } else {
            int n = 1 << (ai - 24);
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            arg = v;
        }
        return ib >>> 5;
    }

    // ---------------------------------------------------------------- validation

    private void validate() throws CborException {
        do {
            validateItem();
        } while (depth > 0);
        if (pos != end) {
            throw new CborException(CborException.REASON_TRAILING_BYTES, pos);
        }
    }

    private void validateItem() throws CborException {
        int itemStart = pos;
        if (depth > 0) {
            int top = depth - 1;
            if (isMap[top] && (remaining[top] & 1) == 0) {
                keyOpen[top] = true;
                keyStart[top] = itemStart;
            }
            remaining[top]--;
        }
        int major = validateHead();
        boolean complete = true;
        if (major == 2 || major == 3) {
            if (arg < 0 || arg > maxStringLength) {
                throw new CborException(CborException.REASON_LENGTH_EXCEEDED, itemStart);
            }
            if (arg > end - pos) {
                throw new CborException(CborException.REASON_TRUNCATED, itemStart);
            }
            int len = (int) arg;
            if (major == 3) {
                int bad = Utf8.firstInvalid(buf, pos, len);
                if (bad >= 0) {
                    throw new CborException(CborException.REASON_INVALID_UTF8, bad);
                }
            }
            pos += len;
        } else if (major == 4 || major == 5) {
            if (arg < 0 || arg > maxContainerLength) {
                throw new CborException(CborException.REASON_LENGTH_EXCEEDED, itemStart);
            }
            long items = major == 5 ? 2 * arg : arg;
            if (items > end - pos) {
                // every item takes at least one byte
                throw new CborException(CborException.REASON_TRUNCATED, itemStart);
            }
            if (items > 0) {
                if (depth == remaining.length) {
                    throw new CborException(CborException.REASON_DEPTH_EXCEEDED, itemStart);
                }
                remaining[depth] = items;
                isMap[depth] = major == 5;
                keyOpen[depth] = false;
                prevKeyStart[depth] = -1;
                depth++;
                complete = false;
            }
        }
        if (complete) {
            itemCompleted();
        }
    }

    private void itemCompleted() throws CborException {
        while (depth > 0) {
            int top = depth - 1;
            if (keyOpen[top]) {
                keyOpen[top] = false;
                checkKeyOrder(top, keyStart[top], pos);
            }
            if (remaining[top] > 0) {
                return;
            }
            depth--;
        }
    }

    private void checkKeyOrder(int level, int start, int stop) throws CborException {
        int prev = prevKeyStart[level];
        if (prev >= 0) {
            int prevLen = prevKeyEnd[level] - prev;
            int len = stop - start;
            int n = prevLen < len ? prevLen : len;
            int cmp = 0;
            for (int i = 0; i < n && cmp == 0; i++) {
                cmp = (buf[start + i] & 0xff) - (buf[prev + i] & 0xff);
            }
            if (cmp == 0) {
                cmp = len - prevLen;
            }
            if (cmp == 0) {
                throw new CborException(CborException.REASON_DUPLICATE_KEY, start);
            }
            if (cmp < 0) {
                throw new CborException(CborException.REASON_MAP_KEY_ORDER, start);
            }
        }
        prevKeyStart[level] = start;
        prevKeyEnd[level] = stop;
    }

    /** Decodes and checks one head at {@code pos}; sets {@link #arg}; returns the major type. */
    private int validateHead() throws CborException {
        int at = pos;
        if (pos >= end) {
            throw new CborException(CborException.REASON_TRUNCATED, at);
        }
        int ib = buf[pos++] & 0xff;
        int major = ib >>> 5;
        int ai = ib & 31;
        if (major == 6) {
            throw new CborException(CborException.REASON_UNSUPPORTED_TAG, at);
        }
        if (major == 7) {
            return validateSimple(at, ai);
        }
        if (ai < 24) {
            arg = ai;
            return major;
        }
        if (ai == 31) {
            throw new CborException(major >= 2 ? CborException.REASON_INDEFINITE_LENGTH
                    : CborException.REASON_MALFORMED, at);
        }
        if (ai > 27) {
            throw new CborException(CborException.REASON_MALFORMED, at);
        }
        int n = 1 << (ai - 24);
        if (end - pos < n) {
            throw new CborException(CborException.REASON_TRUNCATED, at);
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        // shortest form: the value must not fit the next smaller head
        boolean shortest;
        if (n == 1) {
            shortest = v >= 24;
        } else if (n == 2) {
            shortest = v > 0xffL;
        } else if (n == 4) {
            shortest = v > 0xffffL;
        } else {
            shortest = v < 0 || v > 0xffffffffL;
        }
        if (!shortest) {
            throw new CborException(CborException.REASON_NOT_SHORTEST, at);
        }
        arg = v;
        return major;
    }

    private int validateSimple(int at, int ai) throws CborException {
        if (ai >= 20 && ai <= 22) {
            arg = ai;
            return 7;
        }
        if (ai == 24) {
            if (pos >= end) {
                throw new CborException(CborException.REASON_TRUNCATED, at);
            }
            int value = buf[pos++] & 0xff;
            throw new CborException(value < 32 ? CborException.REASON_MALFORMED
                    : CborException.REASON_UNSUPPORTED_SIMPLE, at);
        }
        if (ai >= 25 && ai <= 27) {
            throw new CborException(CborException.REASON_UNSUPPORTED_FLOAT, at);
        }
        if (ai >= 28) {
            // 28-30 reserved, 31 a break outside an indefinite-length item
            throw new CborException(CborException.REASON_MALFORMED, at);
        }
        throw new CborException(CborException.REASON_UNSUPPORTED_SIMPLE, at);
    }
}
