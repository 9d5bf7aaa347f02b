package io.dynakey.ledger.event;

/** An encoded event or body that is not canonical: names the reason and the byte offset. */
public final class EventFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a byte string was rejected. */
    public enum Reason { TRUNCATED, TRAILING_BYTES, UNKNOWN_VERSION, UNKNOWN_TYPE, BAD_STRING, OUT_OF_RANGE }

    private final Reason reason;
    private final int offset;

    public EventFormatException(Reason reason, int offset, String detail) {
        super(reason + " at offset " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** Byte offset in the input where decoding stopped. */
    public int offset() {
        return offset;
    }
}
