package io.dynakey.gateway.service;

/**
 * A handler's answer: a CoAP response code, a payload (may be empty) and, for errors, a short
 * diagnostic that never contains secrets.
 *
 * @param code       the response code
 * @param payload    the response payload
 * @param diagnostic human-readable reason for an error, or null
 * @param errorCode  the wire {@code ErrorResponse} code ({@code CODE_*}), 0 for none (text diagnostic only)
 * @param errorField the request key at fault, or -1
 */
public record Reply(Code code, byte[] payload, String diagnostic, int errorCode, int errorField) {

    private static final byte[] EMPTY = new byte[0];

    /** The CoAP response codes the gateway uses (RFC 7252, 8132, 8516). */
    public enum Code {
        CREATED(2, 1), CHANGED(2, 4), CONTENT(2, 5),
        BAD_REQUEST(4, 0), UNAUTHORIZED(4, 1), FORBIDDEN(4, 3), NOT_FOUND(4, 4), METHOD_NOT_ALLOWED(4, 5),
        CONFLICT(4, 9), PRECONDITION_FAILED(4, 12), REQUEST_ENTITY_TOO_LARGE(4, 13),
        UNSUPPORTED_CONTENT_FORMAT(4, 15), UNPROCESSABLE_ENTITY(4, 22), TOO_MANY_REQUESTS(4, 29),
        INTERNAL_SERVER_ERROR(5, 0), SERVICE_UNAVAILABLE(5, 3);

        private final int codeClass;
        private final int detail;

        Code(int codeClass, int detail) {
            this.codeClass = codeClass;
            this.detail = detail;
        }

        /** The code as one byte: class * 32 + detail. */
        public int value() {
            return codeClass * 32 + detail;
        }

        /** True for 2.xx. */
        public boolean isSuccess() {
            return codeClass == 2;
        }

        /** {@code c.dd} notation. */
        public String dotted() {
            return codeClass + "." + (detail < 10 ? "0" : "") + detail;
        }
    }

    /** A success with a payload. */
    public static Reply ok(Code code, byte[] payload) {
        return new Reply(code, payload, null, 0, -1);
    }

    /** A success without payload. */
    public static Reply ok(Code code) {
        return new Reply(code, EMPTY, null, 0, -1);
    }

    /** An error with a diagnostic. */
    public static Reply error(Code code, String diagnostic) {
        return new Reply(code, EMPTY, diagnostic, 0, -1);
    }

    /** An error the device reads as an {@code ErrorResponse} with {@code errorCode} and the key at fault. */
    public static Reply wireError(Code code, int errorCode, int field, String diagnostic) {
        return new Reply(code, EMPTY, diagnostic, errorCode, field);
    }

    /** True for 2.xx. */
    public boolean isSuccess() {
        return code.isSuccess();
    }

    @Override
    public String toString() {
        return "Reply[" + code.dotted() + (diagnostic == null ? "" : " " + diagnostic) + ", " + payload.length + " bytes]";
    }
}
