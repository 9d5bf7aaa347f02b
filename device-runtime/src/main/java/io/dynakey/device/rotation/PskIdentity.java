package io.dynakey.device.rotation;

import io.dynakey.device.wire.Limits;

/**
 * The DTLS PSK identity that names a device and the epoch of its key: ASCII
 * {@code "dk:" deviceId ":" epoch}, epoch in decimal without leading zeros, device id
 * {@link Limits#MIN_DEVICE_ID}..{@link Limits#MAX_DEVICE_ID} characters of {@code [A-Za-z0-9._-]}.
 * Example: {@code dk:sensor-17:4}. This class is the one definition of the format and of a valid
 * device id: the device, the gateway and every host tool build and parse identities here.
 * Stateless; nothing is allocated except by {@link #of}, which is for hosts.
 */
public final class PskIdentity {

    /** Longest identity in bytes: prefix, longest id, separator, 10 digits. */
    public static final int MAX_LENGTH = 3 + Limits.MAX_DEVICE_ID + 1 + 10;

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
        checkRoom(out, outOff);
        System.arraycopy(deviceId, idOff, out, outOff + 3, idLen);
        return finish(idLen, epoch, out, outOff);
    }

    /**
     * Writes the identity of {@code deviceId} at {@code epoch} to {@code out[outOff ..]}, as
     * {@link #encode(byte[], int, int, int, byte[], int)} does.
     *
     * @return the identity length
     * @throws IllegalArgumentException on an invalid id, a negative epoch or a short buffer
     */
    public static int encode(String deviceId, int epoch, byte[] out, int outOff) {
        if (!validId(deviceId) || epoch < 0) {
            throw new IllegalArgumentException("invalid device id or epoch");
        }
        checkRoom(out, outOff);
        int n = deviceId.length();
        for (int i = 0; i < n; i++) {
            out[outOff + 3 + i] = (byte) deviceId.charAt(i);
        }
        return finish(n, epoch, out, outOff);
    }

    /**
     * The identity of {@code deviceId} at {@code epoch} in a new array of its exact length. For
     * hosts (it allocates); the device uses {@link #encode}.
     *
     * @throws IllegalArgumentException on an invalid id or a negative epoch
     */
    public static byte[] of(String deviceId, int epoch) {
        byte[] buf = new byte[MAX_LENGTH];
        int n = encode(deviceId, epoch, buf, 0);
        byte[] out = new byte[n];
        System.arraycopy(buf, 0, out, 0, n);
        return out;
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
        if (len < Limits.MIN_DEVICE_ID || len > Limits.MAX_DEVICE_ID || off < 0 || off + len > b.length) {
            return false;
        }
        for (int i = off; i < off + len; i++) {
            if (!idChar(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code id} is a valid device (or group) id; false for {@code null}. */
    public static boolean validId(String id) {
        if (id == null || id.length() < Limits.MIN_DEVICE_ID || id.length() > Limits.MAX_DEVICE_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!idChar(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean idChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    private static void checkRoom(byte[] out, int outOff) {
        if (outOff < 0 || out.length - outOff < MAX_LENGTH) {
            throw new IllegalArgumentException("identity buffer too small");
        }
    }

    /** Writes the prefix, separator and epoch around an id already at {@code out[outOff+3 ..]}. */
    private static int finish(int idLen, int epoch, byte[] out, int outOff) {
        out[outOff] = 'd';
        out[outOff + 1] = 'k';
        out[outOff + 2] = ':';
        int n = outOff + 3 + idLen;
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
