package io.dynakey.gateway.store;

import io.dynakey.device.crypto.RotationKeyDerivation;

/**
 * The one length rule for a PSK the gateway stores or accepts (factory PSK, operator PSK, factory
 * master secret): at least {@link #MIN} bytes, as long as every key rotation derives
 * ({@link RotationKeyDerivation#PSK_LENGTH}), and at most {@link #MAX}. The bytes should be random:
 * their length is all that can be checked here.
 */
public final class PskLength {

    /** Fewest bytes of a PSK. */
    public static final int MIN = RotationKeyDerivation.PSK_LENGTH;
    /** Most bytes of a PSK. */
    public static final int MAX = 32;

    private PskLength() {
    }

    /** Whether a PSK of {@code length} bytes is accepted. */
    public static boolean valid(int length) {
        return length >= MIN && length <= MAX;
    }

    /**
     * Checks a PSK's length.
     *
     * @param what the key's name for the message, e.g. "factory PSK"
     * @throws IllegalArgumentException naming the rule (and the length, never the bytes)
     */
    public static void require(int length, String what) {
        if (!valid(length)) {
            throw new IllegalArgumentException(refusal(what, length));
        }
    }

    /** The refusal message for a {@code what} of {@code length} bytes. */
    public static String refusal(String what, int length) {
        return "a " + what + " must be " + MIN + ".." + MAX + " random bytes (" + 2 * MIN + ".." + 2 * MAX
                + " hex characters), not " + length + (length == 1 ? " byte" : " bytes");
    }
}
