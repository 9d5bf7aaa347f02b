package io.dynakey.models;

/**
 * A model file was rejected. Carries a reason code (one of the {@code int} constants here) and
 * the byte offset at which the reader found the problem. Never carries model bytes.
 */
public final class ModelFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The input ends before a structure it announces. */
    public static final int TRUNCATED = 1;
    /** The magic bytes are not "DKTM". */
    public static final int BAD_MAGIC = 2;
    /** The major format version is not one this reader knows. */
    public static final int UNSUPPORTED_VERSION = 3;
    /** The length field, the counts and the actual length disagree (e.g. trailing bytes). */
    public static final int LENGTH_MISMATCH = 4;
    /** A count or the file size exceeds a limit of the format. */
    public static final int LIMIT_EXCEEDED = 5;
    /** The CRC-32 over the body does not match. */
    public static final int BAD_CRC = 6;
    /** A field holds a value outside its allowed range (feature index, class index, unit...). */
    public static final int OUT_OF_RANGE = 7;
    /** The node table is not a tree in canonical pre-order (cycle, shared or unreachable node). */
    public static final int BAD_STRUCTURE = 8;
    /** A tree is deeper than {@link ModelFormat#MAX_DEPTH}. */
    public static final int TOO_DEEP = 9;
    /** A reserved field is not zero. */
    public static final int RESERVED_NONZERO = 10;
    /** A quantizer kind or its parameters are invalid. */
    public static final int BAD_QUANTIZER = 11;

    private final int reason;
    private final long offset;

    /**
     * @param reason one of the reason constants
     * @param offset byte offset in the file where the problem was found
     * @param detail short human-readable detail (no model contents)
     */
    public ModelFormatException(int reason, long offset, String detail) {
        super(reasonName(reason) + " at offset " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    /** @return the reason code, one of the constants of this class */
    public int reason() {
        return reason;
    }

    /** @return the byte offset in the file where the problem was found */
    public long offset() {
        return offset;
    }

    /** @return the symbolic name of a reason code, e.g. {@code "BAD_CRC"} */
    public static String reasonName(int reason) {
        switch (reason) {
            case TRUNCATED: return "TRUNCATED";
            case BAD_MAGIC: return "BAD_MAGIC";
            case UNSUPPORTED_VERSION: return "UNSUPPORTED_VERSION";
            case LENGTH_MISMATCH: return "LENGTH_MISMATCH";
            case LIMIT_EXCEEDED: return "LIMIT_EXCEEDED";
            case BAD_CRC: return "BAD_CRC";
            case OUT_OF_RANGE: return "OUT_OF_RANGE";
            case BAD_STRUCTURE: return "BAD_STRUCTURE";
            case TOO_DEEP: return "TOO_DEEP";
            case RESERVED_NONZERO: return "RESERVED_NONZERO";
            case BAD_QUANTIZER: return "BAD_QUANTIZER";
            default: return "REASON_" + reason;
        }
    }
}
