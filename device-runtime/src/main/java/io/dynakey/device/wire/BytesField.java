package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;

/**
 * A byte-string field of a message with fixed bounds on its length; the storage is allocated
 * once. Values are copied in and out. Not thread-safe.
 */
public final class BytesField {

    private final byte[] value;
    private final int minLength;
    private int length;

    BytesField(int minLength, int maxLength) {
        this.value = new byte[maxLength];
        this.minLength = minLength;
    }

    /** Copies {@code src[off .. off+len)} in; the length must be within the field's bounds. */
    public void set(byte[] src, int off, int len) {
        if (len < minLength || len > value.length) {
            throw new IllegalArgumentException("length " + len + " outside " + minLength + ".." + value.length);
        }
        System.arraycopy(src, off, value, 0, len);
        length = len;
    }

    /** Copies the value to {@code out[off ..]}; returns its length. */
    public int copyTo(byte[] out, int off) {
        System.arraycopy(value, 0, out, off, length);
        return length;
    }

    /** A fresh copy of the value (host convenience; allocates). */
    public byte[] toByteArray() {
        byte[] out = new byte[length];
        System.arraycopy(value, 0, out, 0, length);
        return out;
    }

    /** Current length in bytes (0 when unset). */
    public int length() {
        return length;
    }

    /** True when a value within the bounds is set. */
    public boolean isValid() {
        return length >= minLength && length > 0;
    }

    /** Shortest allowed length. */
    public int minLength() {
        return minLength;
    }

    /** Longest allowed length. */
    public int maxLength() {
        return value.length;
    }

    /** True when the value equals {@code b[off .. off+len)}; time depends only on the lengths. */
    public boolean contentEquals(byte[] b, int off, int len) {
        if (len != length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= value[i] ^ b[off + i];
        }
        return diff == 0;
    }

    /** True when both fields hold the same bytes. */
    public boolean contentEquals(BytesField other) {
        return contentEquals(other.value, 0, other.length);
    }

    void setLength(int len) {
        length = len;
    }

    byte[] array() {
        return value;
    }

    void clear() {
        for (int i = 0; i < length; i++) {
            value[i] = 0;
        }
        length = 0;
    }

    void write(CborWriter w) throws CborException {
        w.writeBytes(value, 0, length);
    }

    /** Reads the field; false when the string is shorter than the minimum (longer ones throw). */
    boolean read(CborReader r) throws CborException {
        int len = r.readBytes(value, 0, value.length);
        length = len;
        return len >= minLength;
    }
}
