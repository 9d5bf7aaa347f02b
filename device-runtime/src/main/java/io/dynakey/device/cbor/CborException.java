package io.dynakey.device.cbor;

/**
 * CBOR input was refused, or an encoding did not fit. {@link #reason()} is one of the
 * {@code REASON_*} codes and {@link #offset()} the absolute buffer offset where it was found.
 * The message names the reason and offset only, never content.
 */
public class CborException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The input ends inside an item. */
    public static final int REASON_TRUNCATED = 1;
    /** Bytes follow the single top-level item. */
    public static final int REASON_TRAILING_BYTES = 2;
    /** An integer, length or count is not in its shortest form. */
    public static final int REASON_NOT_SHORTEST = 3;
    /** An indefinite-length string, array or map. */
    public static final int REASON_INDEFINITE_LENGTH = 4;
    /** Not well-formed: reserved additional info 28-30, a stray break, a two-byte simple value below 32. */
    public static final int REASON_MALFORMED = 5;
    /** A tag (major type 6). */
    public static final int REASON_UNSUPPORTED_TAG = 6;
    /** A floating-point number. */
    public static final int REASON_UNSUPPORTED_FLOAT = 7;
    /** A simple value other than false, true and null. */
    public static final int REASON_UNSUPPORTED_SIMPLE = 8;
    /** Arrays and maps nest deeper than the reader's limit. */
    public static final int REASON_DEPTH_EXCEEDED = 9;
    /** A string or container is longer than the reader's limit, or than the caller's buffer. */
    public static final int REASON_LENGTH_EXCEEDED = 10;
    /** Map keys are not in bytewise lexicographic order of their encodings. */
    public static final int REASON_MAP_KEY_ORDER = 11;
    /** A map key appears twice. */
    public static final int REASON_DUPLICATE_KEY = 12;
    /** A text string is not valid UTF-8. */
    public static final int REASON_INVALID_UTF8 = 13;
    /** The next item is not of the type the caller asked for. */
    public static final int REASON_TYPE_MISMATCH = 14;
    /** An integer does not fit the requested Java type or range. */
    public static final int REASON_OUT_OF_RANGE = 15;
    /** The output buffer is full. */
    public static final int REASON_BUFFER_TOO_SMALL = 16;
    /** Read past the end of the validated item. */
    public static final int REASON_END_OF_INPUT = 17;
    /** The writer's containers got fewer or more items than their headers declared. */
    public static final int REASON_INCOMPLETE = 18;

    private static final String[] NAMES = {
        "?", "truncated", "trailing bytes", "not shortest form", "indefinite length", "malformed",
        "unsupported tag", "unsupported float", "unsupported simple value", "depth exceeded",
        "length exceeded", "map key order", "duplicate map key", "invalid UTF-8", "type mismatch",
        "out of range", "buffer too small", "end of input", "incomplete container"};

    private final int reason;
    private final int offset;

    public CborException(int reason, int offset) {
        super("CBOR " + reasonName(reason) + " at offset " + offset);
        this.reason = reason;
        this.offset = offset;
    }

    /** The reason code ({@code REASON_*}). */
    public int reason() {
        return reason;
    }

    /** Absolute offset in the buffer where the problem was found. */
    public int offset() {
        return offset;
    }

    /** A short English name of a reason code. */
    public static String reasonName(int reason) {
        return reason > 0 && reason < NAMES.length ? NAMES[reason] : NAMES[0];
    }
}
