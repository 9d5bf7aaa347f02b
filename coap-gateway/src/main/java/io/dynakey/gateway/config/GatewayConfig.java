package io.dynakey.gateway.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * An immutable set of setting values: the defaults of {@link GatewaySettings}, overridden by a
 * properties file and then by explicit {@link Builder#set} calls. Every value is read and written
 * by its setting's type ({@link Setting#parse}, {@link Setting#write}), so a template written by
 * {@link #writeTemplate} loads back to the same configuration. Unknown keys are refused, so a typo
 * does not pass silently. Thread-safe.
 */
public final class GatewayConfig {

    private final Map<Setting<?>, Object> values;

    private GatewayConfig(Map<Setting<?>, Object> values) {
        this.values = Map.copyOf(values);
    }

    /** The defaults. */
    public static GatewayConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value of {@code s}: as set, else its default (null only for an unset optional setting). */
    public <T> T get(Setting<T> s) {
        Object v = values.get(s);
        @SuppressWarnings("unchecked") // Builder.set and Builder.load store only values of the setting's type
        T t = (T) v;
        return v != null ? t : s.defaultValue();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    /**
     * Writes every setting with its documentation, type, bounds and default, and its current
     * value, as a properties file that {@link Builder#load} reads back to this configuration.
     * An unset optional setting is written commented out.
     */
    public void writeTemplate(Writer out) throws IOException {
        out.write("# dynakey gateway configuration\n");
        for (Setting<?> s : GatewaySettings.ALL) {
            out.write("\n# " + s.documentation() + "\n");
            out.write("# " + SettingsTable.describe(s) + "\n");
            String v = written(s);
            out.write(v == null ? "#" + s.key() + "=\n" : s.key() + "=" + escape(v) + "\n");
        }
    }

    /** The value of {@code s} as written in the file, or null when unset. */
    private <T> String written(Setting<T> s) {
        T v = get(s);
        return v == null ? null : s.write(v);
    }

    /** Escapes {@code v} for a properties file (backslashes, line breaks). */
    private static String escape(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GatewayConfig other)) {
            return false;
        }
        for (Setting<?> s : GatewaySettings.ALL) {
            if (!java.util.Objects.equals(get(s), other.get(s))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Setting<?> s : GatewaySettings.ALL) {
            h = 31 * h + java.util.Objects.hashCode(get(s));
        }
        return h;
    }

    /** Builds a {@link GatewayConfig}. Not thread-safe. */
    public static final class Builder {
        /** Largest configuration file read, bytes. */
        public static final int MAX_FILE_BYTES = 1024 * 1024;

        private final Map<Setting<?>, Object> values = new HashMap<>();

        private Builder() {
        }

        /**
         * Sets {@code s} to {@code v}; null sets it back to its default.
         *
         * @throws IllegalArgumentException naming the key, when {@code v} is out of bounds
         */
        public <T> Builder set(Setting<T> s, T v) {
            if (v == null) {
                values.remove(s);
            } else {
                values.put(s, s.check(v));
            }
            return this;
        }

        /**
         * Reads a properties file over the values set so far.
         *
         * @throws IllegalArgumentException naming the file and the key, for an unknown key or a bad value
         * @throws IOException naming the file when it is missing, not a regular file, or larger than {@value #MAX_FILE_BYTES} bytes
         */
        public Builder load(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + ": " + (Files.isDirectory(file) ? "is a folder, not" : Files.exists(file)
                        ? "not a regular file, so not" : "no such file, so not") + " a configuration file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IOException(file + ": larger than a configuration file may be (" + MAX_FILE_BYTES + " bytes)");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
                Setting<?> s = GatewaySettings.byKey(key);
                if (s == null) {
                    throw new IllegalArgumentException(file + ": unknown setting " + key
                            + " (dynakey gateway --print-config lists every setting)");
                }
                try {
                    values.put(s, s.parse(p.getProperty(key)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
            }
            return this;
        }

        /** The immutable configuration. */
        public GatewayConfig build() {
            return new GatewayConfig(values);
        }
    }
}
