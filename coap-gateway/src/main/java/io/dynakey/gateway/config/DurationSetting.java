package io.dynakey.gateway.config;

import java.time.Duration;

/**
 * A duration setting: a {@link Duration} within {@code [min, max]} that is a whole number of its
 * {@link #unit() unit}, written with a unit symbol ({@code 250ms}, {@code 30s}, {@code 5min},
 * {@code 24h}, {@code 7d}). A number without a unit is refused. The template writes a value in
 * the largest unit of which it is a whole number ({@code 10min} rather than {@code 600s}).
 * Immutable.
 */
public final class DurationSetting extends Setting<Duration> {

    private final TimeUnitSymbol resolution;
    private final Duration min;
    private final Duration max;

    /**
     * A setting of {@code key} with default {@code def} in {@code [min, max]}, each a whole
     * number of {@code resolution}.
     */
    public DurationSetting(String key, String documentation, Duration def, TimeUnitSymbol resolution, Duration min,
                           Duration max) {
        super(key, documentation, def);
        this.resolution = resolution;
        this.min = min;
        this.max = max;
        if (min.compareTo(max) > 0 || outOfBounds(def) != null || outOfBounds(min) != null || outOfBounds(max) != null) {
            throw new IllegalArgumentException(key + ": default and bounds must be whole " + resolution.symbol()
                    + " with min <= default <= max");
        }
    }

    /** The finest unit a value may have: every value is a whole number of it. */
    public TimeUnitSymbol resolution() {
        return resolution;
    }

    /** The shortest value allowed. */
    public Duration min() {
        return min;
    }

    /** The longest value allowed. */
    public Duration max() {
        return max;
    }

    @Override
    public String typeName() {
        return "duration";
    }

    @Override
    public String unit() {
        return resolution.symbol();
    }

    @Override
    public String bounds() {
        return format(min) + " .. " + format(max);
    }

    @Override
    Duration read(String text) {
        return TimeUnitSymbol.parse(text);
    }

    @Override
    String format(Duration value) {
        return TimeUnitSymbol.format(value, resolution);
    }

    @Override
    String outOfBounds(Duration value) {
        if (value.isNegative() || !resolution.divides(value)) {
            return "is not a whole number of " + resolution.symbol();
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            return "is outside " + bounds();
        }
        return null;
    }
}
