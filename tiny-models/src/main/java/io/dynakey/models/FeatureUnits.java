package io.dynakey.models;

/**
 * Unit codes of a feature's raw value, stored in the model's feature schema. Together with the
 * decimal scale {@code s} (the value in the unit is {@code raw / 10^s}, e.g. {@code s = 3} for
 * milli-units) they say what a raw {@code long} means. Codes 0..63 are defined here; 64..255 are reserved.
 * Each code has a lower-case name ({@link #name}, {@link #code}), the one a trainer schema uses.
 */
public final class FeatureUnits {

    /** A dimensionless count or number. */
    public static final int COUNT = 0;
    public static final int BYTES = 1;
    public static final int PACKETS = 2;
    public static final int MESSAGES = 3;
    public static final int SECONDS = 4;
    public static final int MILLISECONDS = 5;
    /** Events per minute. */
    public static final int PER_MINUTE = 6;
    /** A category code (no order meaning beyond identity). */
    public static final int CATEGORY = 7;
    /** Degrees Celsius. */
    public static final int CELSIUS = 8;
    public static final int PERCENT = 9;
    /** Set of bit flags. */
    public static final int FLAGS = 10;
    /** Largest defined unit code. */
    public static final int MAX_DEFINED = 10;

    private static final String[] NAMES = {
        "count", "bytes", "packets", "messages", "seconds", "milliseconds", "per_minute", "category", "celsius",
        "percent", "flags"
    };

    private FeatureUnits() {
    }

    /** The unit's name, e.g. {@code "per_minute"}; {@code null} for an undefined code. */
    public static String name(int code) {
        return code >= 0 && code <= MAX_DEFINED ? NAMES[code] : null;
    }

    /** The code of the unit named {@code name} (as {@link #name} spells it), or -1. */
    public static int code(String name) {
        for (int c = 0; c <= MAX_DEFINED; c++) {
            if (NAMES[c].equals(name)) {
                return c;
            }
        }
        return -1;
    }
}
