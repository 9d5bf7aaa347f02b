package io.dynakey.device.keys;

import io.dynakey.models.Crc32;
import org.bouncycastle.util.Pack;

/**
 * The 28-byte record of one key slot.
 *
 * <pre>
 * offset size  field
 *  0     2     magic "DK" (0x44 0x4B)
 *  2     1     record version (1)
 *  3     1     state: 1 = staged, 2 = committed
 *  4     4     epoch, unsigned big-endian (0..2^31-1)
 *  8    16     PSK
 * 24     4     CRC-32 (zlib) of bytes 0..23, big-endian
 * </pre>
 */
final class KeySlotRecord {

    static final int LENGTH = 28;
    static final int STATE_INVALID = 0;
    static final int STATE_STAGED = 1;
    static final int STATE_COMMITTED = 2;
    static final int PSK_OFFSET = 8;
    static final int PSK_LENGTH = 16;

    private static final int VERSION = 1;
    private static final int CRC_OFFSET = 24;

    private KeySlotRecord() {
    }

    static void encode(byte[] rec, int state, int epoch, byte[] psk, int pskOff) {
        rec[0] = 0x44;
        rec[1] = 0x4B;
        rec[2] = VERSION;
        rec[3] = (byte) state;
        Pack.intToBigEndian(epoch, rec, 4);
        System.arraycopy(psk, pskOff, rec, PSK_OFFSET, PSK_LENGTH);
        Pack.intToBigEndian(Crc32.compute(rec, 0, CRC_OFFSET), rec, CRC_OFFSET);
    }

    /** The record's state when {@code rec[0 .. len)} is a well-formed record, else {@link #STATE_INVALID}. */
    static int validState(byte[] rec, int len) {
        if (len != LENGTH || rec[0] != 0x44 || rec[1] != 0x4B || rec[2] != VERSION) {
            return STATE_INVALID;
        }
        if (Pack.bigEndianToInt(rec, CRC_OFFSET) != Crc32.compute(rec, 0, CRC_OFFSET) || epoch(rec) < 0) {
            return STATE_INVALID;
        }
        int state = rec[3];
        return state == STATE_STAGED || state == STATE_COMMITTED ? state : STATE_INVALID;
    }

    static int epoch(byte[] rec) {
        return Pack.bigEndianToInt(rec, 4);
    }
}
