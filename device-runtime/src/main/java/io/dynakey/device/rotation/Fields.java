package io.dynakey.device.rotation;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;

/** Helpers to read the fixed-shape CBOR maps of this package. */
final class Fields {

    private Fields() {
    }

    /** Reads a map header that must announce exactly {@code pairs} pairs. */
    static void expectMap(CborReader r, int pairs) throws CborException {
        int at = r.position();
        if (r.readMapHeader() != pairs) {
            throw new CborException(CborException.REASON_MALFORMED, at);
        }
    }

    /** Reads a map header that must announce {@code min} to {@code max} pairs; returns the count. */
    static int expectMap(CborReader r, int min, int max) throws CborException {
        int at = r.position();
        long pairs = r.readMapHeader();
        if (pairs < min || pairs > max) {
            throw new CborException(CborException.REASON_MALFORMED, at);
        }
        return (int) pairs;
    }

    /** Reads a map key that must be {@code key}. */
    static void key(CborReader r, int key) throws CborException {
        int at = r.position();
        if (r.readLong() != key) {
            throw new CborException(CborException.REASON_MALFORMED, at);
        }
    }
}
