package io.dynakey.device.crypto;

/** Helpers for handling secret bytes: wiping and constant-time comparison. Allocation-free. */
public final class Secrets {

    private Secrets() {
    }

    /** Overwrites {@code buf[off .. off+len)} with zeros. */
    public static void wipe(byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            buf[off + i] = 0;
        }
    }

    /** Overwrites the whole array with zeros; {@code null} is ignored. */
    public static void wipe(byte[] buf) {
        if (buf != null) {
            wipe(buf, 0, buf.length);
        }
    }

    /**
     * Compares {@code a[aOff .. aOff+len)} with {@code b[bOff .. bOff+len)} in time that depends
     * only on {@code len}, not on where the arrays differ.
     */
    public static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }

    /** True when {@code buf[off .. off+len)} is all zero, in time that depends only on {@code len}. */
    public static boolean isAllZero(byte[] buf, int off, int len) {
        int acc = 0;
        for (int i = 0; i < len; i++) {
            acc |= buf[off + i];
        }
        return acc == 0;
    }

    static void checkRange(byte[] buf, int off, int len, String what) throws CryptoException {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw new CryptoException(CryptoException.REASON_BAD_LENGTH, what + ": buffer too short");
        }
    }
}
