package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;

/**
 * Gateway to device: why a request was refused, with the offending request key when there is
 * one. Sent with a CoAP 4.xx/5.xx code; the CODE_* values refine it.
 */
public final class ErrorResponse extends WireMessage {

    /** The payload is not a valid message (malformed CBOR, missing or bad field). */
    public static final int CODE_BAD_REQUEST = 1;
    /** The device id is not enrolled. */
    public static final int CODE_UNKNOWN_DEVICE = 2;
    /** A signature does not verify. */
    public static final int CODE_BAD_SIGNATURE = 3;
    /** A request id or nonce was already used with different content. */
    public static final int CODE_REPLAY = 4;
    /** The epoch does not follow the gateway's current epoch (rollback or skip). */
    public static final int CODE_EPOCH_MISMATCH = 5;
    /** Too many requests; try again later. */
    public static final int CODE_RATE_LIMITED = 6;
    /** The cipher suite is unknown or not enabled. */
    public static final int CODE_UNSUPPORTED_SUITE = 7;
    /** The device was revoked. */
    public static final int CODE_REVOKED = 8;
    /** The payload is larger than the gateway accepts. */
    public static final int CODE_TOO_LARGE = 9;
    /** Another rotation of this device is in progress. */
    public static final int CODE_CONFLICT = 10;
    /** The gateway failed; the request may be retried. */
    public static final int CODE_INTERNAL = 11;
    /** Not yet: the answer exists later (a newcomer's group key, after the group's rekey for joins). */
    public static final int CODE_RETRY_LATER = 12;

    public static final int KEY_CODE = 1;
    public static final int KEY_FIELD = 2;

    private int code;
    private int field;

    @Override
    public int type() {
        return MessageType.ERROR_RESPONSE;
    }

    @Override
    String name() {
        return "ErrorResponse";
    }

    @Override
    long definedKeys() {
        return (1L << KEY_CODE) | (1L << KEY_FIELD);
    }

    @Override
    long requiredKeys() {
        return 1L << KEY_CODE;
    }

    /** A {@code CODE_*} value (0..65535). */
    public int code() {
        return code;
    }

    /** The offending key of the request; valid when {@code has(KEY_FIELD)}. */
    public int field() {
        return field;
    }

    /** Sets the code; the field is cleared. */
    public ErrorResponse set(int code) {
        if (!inRange(code, 0, 0xffff)) {
            throw new IllegalArgumentException("error code out of range");
        }
        this.code = code;
        present = 1L << KEY_CODE;
        return this;
    }

    /** Sets the code and the offending request key (0..63). */
    public ErrorResponse set(int code, int field) {
        set(code);
        if (!inRange(field, 0, 63)) {
            throw new IllegalArgumentException("field key out of range");
        }
        this.field = field;
        mark(KEY_FIELD);
        return this;
    }

    @Override
    void writeField(int key, CborWriter w) throws CborException {
        w.writeUnsigned(key == KEY_CODE ? code : field);
    }

    @Override
    boolean readField(int key, CborReader r) throws CborException {
        if (key == KEY_CODE) {
            code = r.readInt(0, 0xffff);
        } else {
            field = r.readInt(0, 63);
        }
        return true;
    }

    @Override
    void clearFields() {
        code = 0;
        field = 0;
    }

    @Override
    public String toString() {
        return "ErrorResponse{code=" + code + (has(KEY_FIELD) ? ", field=" + field : "") + "}";
    }
}
