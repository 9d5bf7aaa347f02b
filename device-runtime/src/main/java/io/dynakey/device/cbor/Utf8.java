package io.dynakey.device.cbor;

/** Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
final class Utf8 {

    private Utf8() {
    }

    /** The absolute offset of the first invalid byte in {@code b[off .. off+len)}, or -1 when valid. */
    static int firstInvalid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min2;
            int max2 = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                min2 = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                min2 = c == 0xe0 ? 0xa0 : 0x80;
                if (c == 0xed) {
                    max2 = 0x9f;
                }
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                min2 = c == 0xf0 ? 0x90 : 0x80;
                if (c == 0xf4) {
                    max2 = 0x8f;
                }
            } else {
                return i;
            }
            if (end - i <= need) {
                return i;
            }
            int second = b[i + 1] & 0xff;
            if (second < min2 || second > max2) {
                return i + 1;
            }
            for (int k = 2; k <= need; k++) {
                int cont = b[i + k] & 0xff;
                if (cont < 0x80 || cont > 0xbf) {
                    return i + k;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}
