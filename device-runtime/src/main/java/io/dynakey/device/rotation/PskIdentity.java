package io.dynakey.device.rotation;

/**
 * The DTLS PSK identity that names a device and the epoch of its key: ASCII
 * {@code "dk:" deviceId ":" epoch}, epoch in decimal without leading zeros, device id 1..32
 * characters of {@code [A-Za-z0-9._-]}. Example: {@code dk:sensor-17:4}. Stateless; nothing is
 * allocated.
 */
public final class PskIdentity {

    /** Longest identity in bytes: prefix, 32-byte id, separator, 10 digits. */
    public static final int MAX_LENGTH = 3 + 32 + 1 + 10;
    /** Longest device id in bytes. */
    public static final int MAX_DEVICE_ID_LENGTH = 32;

    private PskIdentity() {
    }

    /**
     * Writes the identity of {@code deviceId[idOff .. idOff+idLen)} at {@code epoch} to
     * {@code out[outOff ..]}.
     *
     * @return the identity length
     * @throws IllegalArgumentException on an invalid id, a negative epoch or a short buffer
     */
    public static int encode(byte[] deviceId, int idOff, int idLen, int epoch, byte[] out, int outOff) {
        if (!validId(deviceId, idOff, idLen) || epoch < 0) {
            throw new IllegalArgumentException("invalid device id or epoch");
        }
        if (out.length - outOff < MAX_LENGTH) {
            throw new IllegalArgumentException("identity buffer too small");
        }
        int n = outOff;
        out[n++] = 'd';
        out[n++] = 'k';
        out[n++] = ':';
        System.arraycopy(deviceId, idOff, out, n, idLen);
        n += idLen;
        out[n++] = ':';
        int digits = 1;
        for (int v = epoch / 10; v > 0; v /= 10) {
            digits++;
        }
        int v = epoch;
        for (int i = digits - 1; i >= 0; i--) {
            out[n + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return n + digits - outOff;
    }

    /**
     * Length of the device id inside an identity, or -1 when {@code in[off .. off+len)} is not a
     * well-formed device identity. The id starts at {@code off + 3}.
     */
    public static int deviceIdLength(byte[] in, int off, int len) {
        if (len < 6 || len > MAX_LENGTH || in[off] != 'd' || in[off + 1] != 'k' || in[off + 2] != ':') {
            return -1;
        }
        int sep = -1;
        for (int i = off + 3; i < off + len; i++) {
            if (in[i] == ':') {
                sep = i;
                break;
            }
        }
        if (sep < 0 || !validId(in, off + 3, sep - off - 3) || epochOf(in, sep + 1, off + len - sep - 1) < 0) {
            return -1;
        }
        return sep - off - 3;
    }

    /** The epoch inside a well-formed identity (see {@link #deviceIdLength}), or -1. */
    public static int epoch(byte[] in, int off, int len) {
        int idLen = deviceIdLength(in, off, len);
        if (idLen < 0) {
            return -1;
        }
        int start = off + 3 + idLen + 1;
        return epochOf(in, start, off + len - start);
    }

    /** True when {@code b[off .. off+len)} is a valid device id. */
    public static boolean validId(byte[] b, int off, int len) {
        if (len < 1 || len > MAX_DEVICE_ID_LENGTH || off < 0 || off + len > b.length) {
            return false;
        }
        for (int i = off; i < off + len; i++) {
            int c = b[i];
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int epochOf(byte[] in, int off, int len) {
        if (len < 1 || len > 10 || (len > 1 && in[off] == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            int d = in[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
