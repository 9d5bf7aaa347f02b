package io.dynakey.device.testing;

/** Hex encoding for test vectors; whitespace in the input is ignored. */
public final class Hex {

    private Hex() {
    }

    /** Decodes hex digits (upper or lower case, spaces and newlines ignored). */
    public static byte[] decode(String hex) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!Character.isWhitespace(c)) {
                digits.append(c);
            }
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Lower-case hex of {@code b[off .. off+len)}. */
    public static String encode(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(2 * len);
        for (int i = 0; i < len; i++) {
            sb.append(Character.forDigit((b[off + i] >> 4) & 0xf, 16)).append(Character.forDigit(b[off + i] & 0xf, 16));
        }
        return sb.toString();
    }

    /** Lower-case hex of the whole array. */
    public static String encode(byte[] b) {
        return encode(b, 0, b.length);
    }
}
