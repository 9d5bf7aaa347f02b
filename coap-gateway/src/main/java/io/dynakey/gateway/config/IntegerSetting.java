package io.dynakey.gateway.config;

/** A whole-number setting within {@code [min, max]}, written in decimal, with the unit it counts in. Immutable. */
public final class IntegerSetting extends Setting<Integer> {

    private final int min;
    private final int max;
    private final String unit;

    /**
     * A setting of {@code key} with default {@code def} in {@code [min, max]}, counting in
     * {@code unit} (e.g. {@code bytes}, {@code permille}; empty for a plain number).
     */
    public IntegerSetting(String key, String documentation, int def, int min, int max, String unit) {
        super(key, documentation, def);
        this.unit = java.util.Objects.requireNonNull(unit);
        if (min > max || def < min || def > max) {
            throw new IllegalArgumentException(key + ": default " + def + " outside [" + min + ", " + max + "]");
        }
        this.min = min;
        this.max = max;
    }

    /** The smallest value allowed. */
    public int min() {
        return min;
    }

    /** The largest value allowed. */
    public int max() {
        return max;
    }

    @Override
    public String typeName() {
        return "integer";
    }

    @Override
    public String unit() {
        return unit;
    }

    @Override
    public String bounds() {
        return min + " .. " + max;
    }

    @Override
    Integer read(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number");
        }
    }

    @Override
    String format(Integer value) {
        return value.toString();
    }

    @Override
    String outOfBounds(Integer value) {
        return value < min || value > max ? "is outside " + bounds() : null;
    }
}
