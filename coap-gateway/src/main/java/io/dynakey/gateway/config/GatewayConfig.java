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
 * An immutable set of setting values: defaults overridden by a properties file and then by
 * explicit {@link Builder#set} calls. Unknown keys are rejected, so a typo does not pass silently.
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

    /** The value of {@code s} (null only for unset optional text settings). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> s) {
        return values.containsKey(s) ? (T) values.get(s) : s.defaultValue();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    /** Writes every setting with its documentation and current value, as a template. */
    public void writeTemplate(Writer out) throws IOException {
        out.write("# dynakey gateway configuration\n");
        for (Setting<?> s : GatewaySettings.ALL) {
            out.write("\n# " + s.documentation() + "\n");
            Object v = get(s);
            out.write(v == null ? "#" + s.key() + "=\n" : s.key() + "=" + format(s, v) + "\n");
        }
    }

    private static String format(Setting<?> s, Object v) {
        if (v instanceof Long ms && isDuration(s)) {
            return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
        }
        return String.valueOf(v);
    }

    private static boolean isDuration(Setting<?> s) {
        return s == GatewaySettings.GRACE_WINDOW || s == GatewaySettings.RETIRE_INTERVAL
                || s == GatewaySettings.STALE_CONNECTION_THRESHOLD;
    }

    /** Builds a {@link GatewayConfig}. */
    public static final class Builder {
        private final Map<Setting<?>, Object> values = new HashMap<>();

        /** Sets {@code s} to {@code v} (bounds-checked). */
        public <T> Builder set(Setting<T> s, T v) {
            if (v != null) {
                s.check(v);
            }
            values.put(s, v);
            return this;
        }

        /** Reads a properties file; unknown keys and bad values throw {@link IllegalArgumentException}. */
        public Builder load(Path file) throws IOException {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            Map<String, Setting<?>> byKey = new HashMap<>();
            for (Setting<?> s : GatewaySettings.ALL) {
                byKey.put(s.key(), s);
            }
            for (String key : p.stringPropertyNames()) {
                Setting<?> s = byKey.get(key);
                if (s == null) {
                    throw new IllegalArgumentException(file + ": unknown setting " + key);
                }
                values.put(s, s.parse(p.getProperty(key)));
            }
            return this;
        }

        /** The immutable configuration. */
        public GatewayConfig build() {
            Map<Setting<?>, Object> set = new HashMap<>(values);
            set.values().removeIf(v -> v == null);
            return new GatewayConfig(set);
        }
    }
}
