package io.dynakey.models;

/**
 * CRC-32 as in ISO-HDLC / zlib / {@code java.util.zip.CRC32} (reflected polynomial 0xEDB88320,
 * initial value and final XOR 0xFFFFFFFF). Written out because MicroEJ's EDC has no java.util.zip.
 * Stateless; allocates nothing per call.
 */
public final class Crc32 {

    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private Crc32() {
    }

    /** @return the CRC-32 of {@code buf[off..off+len)} as an unsigned value in an int */
    public static int compute(byte[] buf, int off, int len) {
        int c = 0xFFFFFFFF;
        int end = off + len;
        for (int i = off; i < end; i++) {
            c = TABLE[(c ^ buf[i]) & 0xFF] ^ (c >>> 8);
        }
        return ~c;
    }
}
