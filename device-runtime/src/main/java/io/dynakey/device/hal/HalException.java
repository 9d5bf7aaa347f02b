package io.dynakey.device.hal;

/** A failure reported by the board. {@link #reason()} is one of the {@code REASON_*} codes. */
public class HalException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final int REASON_IO = 1;
    public static final int REASON_TIMEOUT = 2;
    public static final int REASON_UNAVAILABLE = 3;
    public static final int REASON_TOO_LARGE = 4;
    public static final int REASON_REFUSED = 5;

    private final int reason;

    public HalException(int reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The reason code ({@code REASON_*}). */
    public int reason() {
        return reason;
    }
}
