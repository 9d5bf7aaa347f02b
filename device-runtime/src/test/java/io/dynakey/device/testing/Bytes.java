package io.dynakey.device.testing;

/** Byte-array searches for tests, e.g. proving that key bytes never reach a file or a message. */
public final class Bytes {

    private Bytes() {
    }

    /** The first index of {@code needle} in {@code hay}, or -1; an empty needle is found at 0. */
    public static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** True when {@code needle} occurs anywhere in {@code hay}. */
    public static boolean contains(byte[] hay, byte[] needle) {
        return indexOf(hay, needle) >= 0;
    }
}
