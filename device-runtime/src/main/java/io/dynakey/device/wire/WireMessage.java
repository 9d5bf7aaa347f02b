package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborType;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.XWingKem;

/**
 * Common encoding and decoding of a message: a CBOR map whose keys are small unsigned integers
 * (0..63) in ascending order, key 0 holding the {@link MessageType}. Decoding is strict: the
 * input must be one deterministic CBOR map with no unknown keys and every required key.
 * Instances are mutable and reusable; not thread-safe.
 */
public abstract class WireMessage {

    /**
     * Longest encoded message any side should accept, bytes: a suite-2 {@code RotateRequest}
     * (X-Wing public key, 1,216 bytes) is 1,330 to 1,354 bytes.
     */
    public static final int MAX_ENCODED_LENGTH = 1536;
    /** Key of the message type. */
    public static final int KEY_TYPE = 0;

    /** Keys currently set, bit k for key k. */
    long present;

    WireMessage() {
    }

    /** True when a key share of {@code length} bytes fits {@code expected} (-1: a suite this side does not know). */
    static boolean fitsSuite(int length, int expected) {
        return expected < 0 || length == expected;
    }

    /**
     * A reader with limits that fit every message (depth 2, strings up to 1,216 bytes, the X-Wing
     * public key, 32 entries).
     */
    public static CborReader newReader() {
        return new CborReader(2, XWingKem.PUBLIC_KEY_LENGTH, 32);
    }

    /** A writer for messages. */
    public static CborWriter newWriter() {
        return new CborWriter(2);
    }

    /** This message's {@link MessageType}. */
    public abstract int type();

    abstract String name();

    /** Keys this message defines, besides the type. */
    abstract long definedKeys();

    /** Keys that must be present, besides the type. */
    abstract long requiredKeys();

    abstract void writeField(int key, CborWriter w) throws CborException;

    /** Reads the value of {@code key}; false when it is out of the field's bounds. */
    abstract boolean readField(int key, CborReader r) throws CborException;

    /** Checks rules between fields; returns the offending key or -1. */
    int inconsistentField() {
        return -1;
    }

    abstract void clearFields();

    /** Empties every field. */
    public final void clear() {
        clearFields();
        present = 0;
    }

    /** True when the field {@code key} is set. */
    public final boolean has(int key) {
        return key >= 0 && key < 64 && (present & (1L << key)) != 0;
    }

    final void mark(int key) {
        present |= 1L << key;
    }

    final void unmark(int key) {
        present &= ~(1L << key);
    }

    /**
     * Encodes the message into {@code out[off .. off+max)}.
     *
     * @return the encoded length
     * @throws WireException {@code REASON_MISSING_FIELD}, {@code REASON_BAD_FIELD} or
     *     {@code REASON_BUFFER_TOO_SMALL}
     */
    public int encode(CborWriter w, byte[] out, int off, int max) throws WireException {
        return encodeKeys(w, out, off, max, present);
    }

    final int encodeKeys(CborWriter w, byte[] out, int off, int max, long keys) throws WireException {
        long missing = requiredKeys() & ~present;
        if (missing != 0) {
            throw new WireException(WireException.REASON_MISSING_FIELD, name(), Long.numberOfTrailingZeros(missing));
        }
        int bad = inconsistentField();
        if (bad >= 0) {
            throw new WireException(WireException.REASON_BAD_FIELD, name(), bad);
        }
        int key = -1;
        try {
            w.reset(out, off, off + max);
            w.writeMapHeader(1 + Long.bitCount(keys));
            w.writeUnsigned(KEY_TYPE).writeUnsigned(type());
            for (key = 1; key < 64; key++) {
                if ((keys & (1L << key)) != 0) {
                    w.writeUnsigned(key);
                    writeField(key, w);
                }
            }
            return w.finish();
        } catch (CborException e) {
            throw WireException.fromCbor(e, name(), key < 64 ? key : -1);
        }
    }

    /**
     * Decodes {@code in[off .. off+len)} into this instance (previous content is cleared).
     *
     * @throws WireException naming the reason and the key; the instance is then cleared
     */
    public final void decode(CborReader r, byte[] in, int off, int len) throws WireException {
        clear();
        try {
            decodeFields(r, in, off, len);
        } catch (WireException e) {
            clear();
            throw e;
        }
    }

    private void decodeFields(CborReader r, byte[] in, int off, int len) throws WireException {
        if (len > MAX_ENCODED_LENGTH) {
            throw new WireException(WireException.REASON_TOO_LARGE, name(), -1);
        }
        try {
            r.reset(in, off, len);
        } catch (CborException e) {
            throw WireException.fromCbor(e, name(), -1);
        }
        if (r.peekType() != CborType.MAP) {
            throw new WireException(WireException.REASON_WRONG_TYPE, name(), -1);
        }
        long seen = 0;
        int key = -1;
        try {
            int n = r.readMapHeader();
            for (int i = 0; i < n; i++) {
                if (r.peekType() != CborType.UNSIGNED) {
                    throw new WireException(WireException.REASON_UNKNOWN_FIELD, name(), -1);
                }
                long k = r.readUint64Bits();
                if (k < 0 || k > 63 || (k != KEY_TYPE && (definedKeys() & (1L << k)) == 0)) {
                    throw new WireException(WireException.REASON_UNKNOWN_FIELD, name(), k >= 0 && k < 64 ? (int) k : -1);
                }
                key = (int) k;
                if (key == KEY_TYPE) {
                    if (r.peekType() != CborType.UNSIGNED || r.readUint64Bits() != type()) {
                        throw new WireException(WireException.REASON_WRONG_TYPE, name(), KEY_TYPE);
                    }
                } else if (!readField(key, r)) {
                    throw new WireException(WireException.REASON_BAD_FIELD, name(), key);
                }
                seen |= 1L << key;
            }
        } catch (CborException e) {
            throw new WireException(WireException.REASON_BAD_FIELD, name(), key);
        }
        if ((seen & 1) == 0) {
            throw new WireException(WireException.REASON_MISSING_FIELD, name(), KEY_TYPE);
        }
        present = seen & ~1L;
        long missing = requiredKeys() & ~present;
        if (missing != 0) {
            throw new WireException(WireException.REASON_MISSING_FIELD, name(), Long.numberOfTrailingZeros(missing));
        }
        int bad = inconsistentField();
        if (bad >= 0) {
            throw new WireException(WireException.REASON_BAD_FIELD, name(), bad);
        }
    }

    static boolean inRange(long v, long min, long max) {
        return v >= min && v <= max;
    }
}
