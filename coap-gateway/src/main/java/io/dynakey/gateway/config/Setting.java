package io.dynakey.gateway.config;

import java.util.Objects;

/**
 * One typed, documented setting of the gateway: its key, documentation, default, bounds and value
 * type, and how its value is read from and written to the configuration file. Each subclass is one
 * value type ({@link IntegerSetting}, {@link DurationSetting}, {@link BooleanSetting},
 * {@link TextSetting}, {@link PathSetting}); the type says how a value is written, so nothing else
 * needs to know which settings are durations. Immutable and thread-safe.
 *
 * <p>Every error names the setting's key. Values are never secrets (secrets live in files that
 * settings name), so errors may quote them.
 *
 * @param <T> the value type
 */
public abstract sealed class Setting<T>
        permits IntegerSetting, DurationSetting, BooleanSetting, TextSetting, PathSetting {

    private final String key;
    private final String documentation;
    private final T defaultValue;

    Setting(String key, String documentation, T defaultValue) {
        this.key = Objects.requireNonNull(key);
        this.documentation = Objects.requireNonNull(documentation);
        this.defaultValue = defaultValue;
    }

    /** The property key, e.g. {@code gateway.port}. */
    public final String key() {
        return key;
    }

    /** What the setting means. */
    public final String documentation() {
        return documentation;
    }

    /** The default value; null only for an optional setting that is unset by default. */
    public final T defaultValue() {
        return defaultValue;
    }

    /** The value type as the template and the documentation name it, e.g. {@code integer} or {@code duration}. */
    public abstract String typeName();

    /** The unit of the value as written, e.g. {@code s}; empty when the type has none. */
    public String unit() {
        return "";
    }

    /** The allowed values as text, e.g. {@code 0 .. 65535}; empty when any value of the type is allowed. */
    public String bounds() {
        return "";
    }

    /** Whether the setting may be left unset (its default is then null). */
    public final boolean optional() {
        return defaultValue == null;
    }

    /**
     * Reads a value as written in the configuration file (surrounding blanks ignored) and checks
     * its bounds.
     *
     * @throws IllegalArgumentException naming the key, when the text is not a value of this type or out of bounds
     */
    public final T parse(String text) {
        String t = text.strip();
        T v;
        try {
            v = read(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + t + "' " + e.getMessage());
        }
        return check(v);
    }

    /** The text {@link #parse} reads back as {@code value}. */
    public final String write(T value) {
        return format(check(value));
    }

    /**
     * Returns {@code value} if it is within bounds.
     *
     * @throws IllegalArgumentException naming the key, when it is null or out of bounds
     */
    public final T check(T value) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": no value");
        }
        String problem = outOfBounds(value);
        if (problem != null) {
            throw new IllegalArgumentException(key + ": '" + format(value) + "' " + problem);
        }
        return value;
    }

    /** Reads {@code text} (stripped); throws {@link IllegalArgumentException} whose message completes "'text' ...". */
    abstract T read(String text);

    /** Writes {@code value} so that {@link #read} gives it back. */
    abstract String format(T value);

    /** Why {@code value} is out of bounds (completing "value ..."), or null when it is within them. */
    String outOfBounds(T value) {
        return null;
    }

    @Override
    public final String toString() {
        return key;
    }
}
