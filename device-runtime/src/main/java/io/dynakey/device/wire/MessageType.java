package io.dynakey.device.wire;

/** Values of key 0 ("type") of every message. */
public final class MessageType {

    public static final int ENROL_REQUEST = 1;
    public static final int ROTATE_REQUEST = 2;
    public static final int ROTATE_RESPONSE = 3;
    public static final int ROTATE_CONFIRM = 4;
    public static final int TELEMETRY_REPORT = 5;
    public static final int GROUP_KEY_RESPONSE = 6;
    public static final int ERROR_RESPONSE = 7;

    private MessageType() {
    }

    /**
     * The type of an encoded message without decoding the rest, or -1 when it does not start
     * like a message (a map whose first key is 0 with a small unsigned value).
     */
    public static int peek(byte[] in, int off, int len) {
        if (in == null || off < 0 || len < 3 || off > in.length - len) {
            return -1;
        }
        int head = in[off] & 0xff;
        if (head < 0xa1 || head > 0xb7 || in[off + 1] != 0) {
            return -1;
        }
        int t = in[off + 2] & 0xff;
        return t < 24 ? t : -1;
    }
}
