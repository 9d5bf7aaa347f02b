package io.dynakey.gateway.config;

import java.util.Objects;

/**
 * One typed configuration setting: its key, documentation, default and bounds, and how to parse
 * it. Immutable and thread-safe.
 *
 * @param <T> the value type
 */
public final class Setting<T> {

    /** Parses a setting's text form; throws {@link IllegalArgumentException} with a readable message. */
    public interface Parser<T> {
        T parse(String text);
    }

    private final String key;
    private final String documentation;
    private final T defaultValue;
    private final Parser<T> parser;
    private final Comparable<T> min;
    private final Comparable<T> max;

    private Setting(String key, String documentation, T defaultValue, Parser<T> parser, Comparable<T> min, Comparable<T> max) {
        this.key = Objects.requireNonNull(key);
        this.documentation = Objects.requireNonNull(documentation);
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.min = min;
        this.max = max;
    }

    /** An integer setting within {@code [min, max]}. */
    public static Setting<Integer> integer(String key, String doc, int def, int min, int max) {
        return new Setting<>(key, doc, def, Integer::valueOf, min, max);
    }

    /** A duration in milliseconds, written as {@code 250ms}, {@code 30s}, {@code 10m} or {@code 2h}. */
    public static Setting<Long> millis(String key, String doc, long def, long min, long max) {
        return new Setting<>(key, doc, def, Setting::parseMillis, min, max);
    }

    /** A text setting (paths, addresses, names); {@code def} may be null (unset). */
    public static Setting<String> text(String key, String doc, String def) {
        return new Setting<>(key, doc, def, s -> s, null, null);
    }

    /** A boolean setting ({@code true}/{@code false}). */
    public static Setting<Boolean> bool(String key, String doc, boolean def) {
        return new Setting<>(key, doc, def, s -> {
            if (!s.equals("true") && !s.equals("false")) {
                throw new IllegalArgumentException("expected true or false");
            }
            return Boolean.valueOf(s);
        }, null, null);
    }

    /** The property key. */
    public String key() {
        return key;
    }

    /** What the setting means, with its unit. */
    public String documentation() {
        return documentation;
    }

    /** The default value (may be null for optional text settings). */
    public T defaultValue() {
        return defaultValue;
    }

    /** Parses and bounds-checks {@code text}. */
    public T parse(String text) {
        T v;
        try {
            v = parser.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": cannot parse '" + text.trim() + "': " + e.getMessage());
        }
        check(v);
        return v;
    }

    /** Throws {@link IllegalArgumentException} if {@code v} is out of bounds. */
    public void check(T v) {
        if (min != null && min.compareTo(v) > 0 || max != null && max.compareTo(v) < 0) {
            throw new IllegalArgumentException(key + ": " + v + " is outside [" + min + ", " + max + "]");
        }
    }

    static long parseMillis(String s) {
        long factor;
        String digits;
        if (s.endsWith("ms")) {
            factor = 1;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            factor = 1000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            factor = 60_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            factor = 3_600_000;
            digits = s.substring(0, s.length() - 1);
        } else {
            throw new IllegalArgumentException("a duration ends with ms, s, m or h");
        }
        return Math.multiplyExact(Long.parseLong(digits.trim()), factor);
    }

    @Override
    public String toString() {
        return key;
    }
}
