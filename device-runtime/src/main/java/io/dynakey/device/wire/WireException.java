package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;

/**
 * A message could not be decoded or encoded. {@link #reason()} is one of the {@code REASON_*}
 * codes, {@link #field()} the message key concerned (or -1) and, for malformed CBOR,
 * {@link #cborReason()} and {@link #offset()} locate the problem. Never carries field values.
 */
public class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The bytes are not deterministic CBOR of the supported subset, or exceed the reader's limits. */
    public static final int REASON_MALFORMED = 1;
    /** A well-formed item that is not a map, or a message of another type. */
    public static final int REASON_WRONG_TYPE = 2;
    /** A required field is absent. */
    public static final int REASON_MISSING_FIELD = 3;
    /** A key this message does not define (or a non-integer key). */
    public static final int REASON_UNKNOWN_FIELD = 4;
    /** A field has the wrong CBOR type, length or range, or contradicts another field. */
    public static final int REASON_BAD_FIELD = 5;
    /** The output buffer is too small. */
    public static final int REASON_BUFFER_TOO_SMALL = 6;
    /** Encoding a signed message whose signature was never set. */
    public static final int REASON_UNSIGNED = 7;
    /** The input is longer than {@link WireMessage#MAX_ENCODED_LENGTH}; nothing was parsed. */
    public static final int REASON_TOO_LARGE = 8;

    private static final String[] NAMES = {"?", "malformed CBOR", "wrong message type", "missing field",
        "unknown field", "bad field", "buffer too small", "not signed", "too large"};

    private final int reason;
    private final int field;
    private final int cborReason;
    private final int offset;

    public WireException(int reason, String messageName, int field) {
        this(reason, messageName, field, 0, -1);
    }

    private WireException(int reason, String messageName, int field, int cborReason, int offset) {
        super(messageName + ": " + reasonName(reason) + (field >= 0 ? " (key " + field + ")" : "")
                + (cborReason != 0 ? ", CBOR " + CborException.reasonName(cborReason) + " at offset " + offset : ""));
        this.reason = reason;
        this.field = field;
        this.cborReason = cborReason;
        this.offset = offset;
    }

    /** Wraps a codec failure; {@code REASON_MALFORMED} unless the codec ran out of output buffer. */
    public static WireException fromCbor(CborException e, String messageName, int field) {
        int r = e.reason() == CborException.REASON_BUFFER_TOO_SMALL ? REASON_BUFFER_TOO_SMALL : REASON_MALFORMED;
        WireException w = new WireException(r, messageName, field, e.reason(), e.offset());
        w.initCause(e);
        return w;
    }

    /** The reason code ({@code REASON_*}). */
    public int reason() {
        return reason;
    }

    /** The message key concerned, or -1. */
    public int field() {
        return field;
    }

    /** The {@link CborException} reason when {@link #reason()} is {@code REASON_MALFORMED}, else 0. */
    public int cborReason() {
        return cborReason;
    }

    /** Absolute input offset of a CBOR problem, or -1. */
    public int offset() {
        return offset;
    }

    /** A short English name of a reason code. */
    public static String reasonName(int reason) {
        return reason > 0 && reason < NAMES.length ? NAMES[reason] : NAMES[0];
    }
}
