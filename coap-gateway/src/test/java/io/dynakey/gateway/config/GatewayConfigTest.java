package io.dynakey.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

    @TempDir
    Path dir;

    @Test
    void every_setting_round_trips_through_the_file_format_with_a_value_other_than_its_default() throws IOException {
        // given a configuration in which every setting differs from its default
        GatewayConfig.Builder b = GatewayConfig.builder();
        for (Setting<?> s : GatewaySettings.ALL) {
            setOther(b, s);
        }
        GatewayConfig changed = b.build();
        for (Setting<?> s : GatewaySettings.ALL) {
            assertNotEquals(s.defaultValue(), changed.get(s), s.key());
        }
        // when it is written as a template and loaded back
        GatewayConfig loaded = GatewayConfig.builder().load(template(changed)).build();
        // then every value is the same
        for (Setting<?> s : GatewaySettings.ALL) {
            assertEquals(changed.get(s), loaded.get(s), s.key());
        }
        assertEquals(changed, loaded);
    }

    @Test
    void the_defaults_round_trip_and_unset_optional_settings_stay_unset() throws IOException {
        GatewayConfig loaded = GatewayConfig.builder().load(template(GatewayConfig.defaults())).build();
        assertEquals(GatewayConfig.defaults(), loaded);
        assertEquals(null, loaded.get(GatewaySettings.MODEL_FILE));
    }

    @Test
    void every_value_at_its_bounds_reads_back_from_its_written_form() {
        for (Setting<?> s : GatewaySettings.ALL) {
            for (Object v : interesting(s)) {
                assertRoundTrip(s, v);
            }
        }
    }

    @Test
    void durations_are_written_in_their_largest_whole_unit() {
        assertEquals("10min", GatewaySettings.GRACE_WINDOW.write(Duration.ofMinutes(10)));
        assertEquals("0s", GatewaySettings.GRACE_WINDOW.write(Duration.ZERO));
        assertEquals("90s", GatewaySettings.GRACE_WINDOW.write(Duration.ofSeconds(90)));
        assertEquals("2d", GatewaySettings.GRACE_WINDOW.write(Duration.ofHours(48)));
        assertEquals("1500ms", GatewaySettings.RETIRE_INTERVAL.write(Duration.ofMillis(1500)));
        assertEquals("30min", GatewaySettings.STALE_CONNECTION_THRESHOLD.write(GatewaySettings.STALE_CONNECTION_THRESHOLD.defaultValue()));
    }

    @Test
    void durations_are_read_with_any_unit() {
        assertEquals(Duration.ofSeconds(30), GatewaySettings.GRACE_WINDOW.parse("30s"));
        assertEquals(Duration.ofMinutes(5), GatewaySettings.GRACE_WINDOW.parse("5min"));
        assertEquals(Duration.ofHours(24), GatewaySettings.GRACE_WINDOW.parse(" 24h "));
        assertEquals(Duration.ofDays(2), GatewaySettings.GRACE_WINDOW.parse("2 d"));
        assertEquals(Duration.ofMillis(250), GatewaySettings.RETIRE_INTERVAL.parse("250ms"));
        assertEquals(Duration.ofSeconds(2), GatewaySettings.GRACE_WINDOW.parse("2000ms"));
    }

    @Test
    void a_duration_without_a_unit_or_with_an_unknown_unit_is_refused_naming_the_key() {
        for (String bad : List.of("30", "30m", "5 weeks", "s", "-5s", "1.5s", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GatewaySettings.GRACE_WINDOW.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("gateway.rotation.grace-window: "), e.getMessage());
        }
        assertTrue(message(() -> GatewaySettings.GRACE_WINDOW.parse("30")).contains("has no unit"));
        assertTrue(message(() -> GatewaySettings.GRACE_WINDOW.parse("30m")).contains("unknown unit 'm'"));
        assertTrue(message(() -> GatewaySettings.GRACE_WINDOW.parse("99999999999999999999d")).contains("too long"));
    }

    @Test
    void a_value_out_of_bounds_is_refused_naming_the_key_and_the_bounds() {
        assertEquals("gateway.port: '70000' is outside 0 .. 65535", message(() -> GatewaySettings.PORT.parse("70000")));
        assertEquals("gateway.rotation.grace-window: '31d' is outside 0s .. 30d",
                message(() -> GatewaySettings.GRACE_WINDOW.parse("31d")));
        assertEquals("gateway.rotation.retire-interval: '50ms' is outside 100ms .. 1h",
                message(() -> GatewaySettings.RETIRE_INTERVAL.parse("50ms")));
        assertEquals("gateway.rotation.grace-window: '1500ms' is not a whole number of s",
                message(() -> GatewaySettings.GRACE_WINDOW.parse("1500ms")));
        assertEquals("gateway.port: 'eighty' is not a whole number", message(() -> GatewaySettings.PORT.parse("eighty")));
        assertEquals("gateway.dtls.ecdhe-psk: 'yes' is neither true nor false",
                message(() -> GatewaySettings.ECDHE_PSK.parse("yes")));
        assertEquals("gateway.telemetry.rotate-risk: '1001' is outside 0 .. 1000",
                message(() -> GatewayConfig.builder().set(GatewaySettings.RISK_ROTATE_PERMILLE, 1001)));
        assertEquals("gateway.dtls.stale-connection-threshold: '0s' is outside 1s .. 1d",
                message(() -> GatewayConfig.builder().set(GatewaySettings.STALE_CONNECTION_THRESHOLD, Duration.ZERO)));
    }

    @Test
    void a_file_with_a_bad_value_is_refused_naming_the_file_and_the_key() throws IOException {
        Path file = write("gateway.port=5684\ngateway.rotation.retire-interval=5\n");
        String m = message(() -> GatewayConfig.builder().load(file));
        assertTrue(m.startsWith(file + ": gateway.rotation.retire-interval: '5' has no unit"), m);
    }

    @Test
    void an_unknown_key_is_refused_naming_it() throws IOException {
        Path file = write("gateway.rotation.grace-windw=10min\n");
        String m = message(() -> GatewayConfig.builder().load(file));
        assertTrue(m.startsWith(file + ": unknown setting gateway.rotation.grace-windw"), m);
    }

    @Test
    void a_file_overrides_the_defaults_and_set_overrides_the_file() throws IOException {
        Path file = write("gateway.rotation.grace-window=5min\ngateway.port=7000\n");
        GatewayConfig c = GatewayConfig.builder().load(file).set(GatewaySettings.PORT, 7001).build();
        assertEquals(Duration.ofMinutes(5), c.get(GatewaySettings.GRACE_WINDOW));
        assertEquals(7001, c.get(GatewaySettings.PORT));
        assertEquals(GatewaySettings.RETIRE_INTERVAL.defaultValue(), c.get(GatewaySettings.RETIRE_INTERVAL));
        assertEquals(5684, c.toBuilder().set(GatewaySettings.PORT, null).build().get(GatewaySettings.PORT));
    }

    @Test
    void the_holder_lists_every_setting_it_defines_once_with_a_distinct_key() throws IllegalAccessException {
        Set<Object> declared = new HashSet<>();
        for (Field f : GatewaySettings.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Setting.class.isAssignableFrom(f.getType())) {
                declared.add(f.get(null));
            }
        }
        assertEquals(declared, new HashSet<>(GatewaySettings.ALL));
        Set<String> keys = new HashSet<>();
        for (Setting<?> s : GatewaySettings.ALL) {
            assertTrue(keys.add(s.key()), s.key());
            assertTrue(s.key().startsWith("gateway."), s.key());
            assertEquals(s, GatewaySettings.byKey(s.key()));
        }
    }

    @Test
    void the_template_states_type_bounds_and_default_of_each_setting() throws IOException {
        StringWriter w = new StringWriter();
        GatewayConfig.defaults().writeTemplate(w);
        String t = w.toString();
        assertTrue(t.contains("# duration in whole s (written with ms, s, min, h, d), 0s .. 30d, default 10min\n"
                + "gateway.rotation.grace-window=10min\n"), t);
        assertTrue(t.contains("# integer (bytes), 64 .. 65536, default 1536\ngateway.max-request-bytes=1536\n"), t);
        assertTrue(t.contains("# path, default unset\n#gateway.model.file=\n"), t);
        assertEquals("gateway.bind-address: ' x' has blanks at an end",
                message(() -> GatewayConfig.builder().set(GatewaySettings.BIND_ADDRESS, " x")));
    }

    private Path template(GatewayConfig c) throws IOException {
        Path file = Files.createTempFile(dir, "gateway", ".properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            c.writeTemplate(w);
        }
        return file;
    }

    private Path write(String text) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "gateway", ".properties"), text);
    }

    private static String message(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @SuppressWarnings("unchecked")
    private static <T> void assertRoundTrip(Setting<T> s, Object v) {
        T value = (T) v;
        assertEquals(value, s.parse(s.write(value)), s.key() + " " + v);
    }

    /** Values at the bounds and next to the default, per type. */
    private static List<?> interesting(Setting<?> s) {
        if (s instanceof IntegerSetting i) {
            return List.of(i.min(), i.max(), i.defaultValue());
        }
        if (s instanceof DurationSetting d) {
            return List.of(d.min(), d.max(), d.defaultValue(), d.max().minus(d.resolution().length()));
        }
        if (s instanceof BooleanSetting) {
            return List.of(true, false);
        }
        if (s instanceof PathSetting) {
            return List.of(Path.of("a dir", "with spaces"), Path.of("/abs/p\u00e4th"));
        }
        return List.of("x", "op:other name");
    }

    @SuppressWarnings("unchecked")
    private static void setOther(GatewayConfig.Builder b, Setting<?> s) {
        if (s instanceof IntegerSetting i) {
            b.set(i, i.defaultValue() == i.max() ? i.min() : i.max());
        } else if (s instanceof DurationSetting d) {
            b.set(d, d.defaultValue().equals(d.max()) ? d.min() : d.max().minus(d.resolution().length()));
        } else if (s instanceof BooleanSetting o) {
            b.set(o, !o.defaultValue());
        } else if (s instanceof PathSetting p) {
            b.set(p, Path.of("other dir", s.key() + "#x=y"));
        } else {
            b.set((Setting<String>) s, "other value\\ of " + s.key());
        }
    }
}
