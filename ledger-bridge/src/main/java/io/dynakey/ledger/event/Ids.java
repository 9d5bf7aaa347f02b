package io.dynakey.ledger.event;

import java.nio.charset.StandardCharsets;

/**
 * The encoding's id field: 1..64 printable ASCII characters (0x20..0x7e), for device, group and
 * model ids. This is the ledger format's bound, not a second device-id rule: the gateway writes
 * only ids that pass {@link io.dynakey.device.rotation.PskIdentity#validId(String)} (at most
 * {@link io.dynakey.device.wire.Limits#MAX_DEVICE_ID}), and the field stays as wide as version 1
 * of the format made it so that every journal written so far still reads.
 */
final class Ids {

    /** Longest id the encoding holds, characters. */
    static final int MAX_LENGTH = 64;

    private Ids() {
    }

    static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    static String require(String id, String what) {
        if (!valid(id)) {
            throw new IllegalArgumentException(what + " must be 1.." + MAX_LENGTH + " printable ASCII characters");
        }
        return id;
    }

    static byte[] encode(String id, String what) {
        return require(id, what).getBytes(StandardCharsets.US_ASCII);
    }

    static long requireU32(long v, String what) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " must be in 0..2^32-1");
        }
        return v;
    }

    static long requireNonNegative(long v, String what) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " must be >= 0");
        }
        return v;
    }

    static int requireRange(int v, int min, int max, String what) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " must be in " + min + ".." + max);
        }
        return v;
    }
}
