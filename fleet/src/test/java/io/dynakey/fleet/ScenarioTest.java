package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void the_builder_starts_from_the_defaults_of_dynakey_fleet() {
        Scenario s = Scenario.defaults();
        assertEquals(42, s.seed());
        assertEquals(300, s.devices());
        assertEquals(7, s.days());
        assertEquals(Duration.ofMinutes(5), s.window());
        assertEquals(300, s.windowSeconds());
        assertEquals(4, s.rowsPerWindow());
        assertEquals(3, s.groups());
        assertEquals(0.3, s.compromiseProbability());
        assertEquals(Scenario.MIXED, s.attackType());
        assertEquals(1.0, s.attackShare());
        assertEquals(24, s.fixedIntervalHours());
        assertEquals(24, s.telemetryBatchHours());
        assertEquals(7 * 288, s.windows());
        assertEquals(300_000, s.windowMillis());
    }

    @Test
    void to_builder_copies_every_value_and_changes_only_what_is_set() {
        Scenario a = Scenario.builder().seed(7).devices(200).days(4).window(Duration.ofMinutes(10)).rowsPerWindow(2)
                .groups(5).compromiseProbability(0.5).attackType("DDoS").attackShare(0.25)
                .fixedInterval(Duration.ofHours(12)).telemetryInterval(Duration.ZERO).build();
        assertEquals(a, a.toBuilder().build());
        assertEquals(a.hashCode(), a.toBuilder().build().hashCode());
        Scenario b = a.toBuilder().devices(50).build();
        assertEquals(50, b.devices());
        assertNotEquals(a, b);
        assertEquals(a, b.toBuilder().devices(200).build());
        assertEquals(0, a.telemetryBatchHours());
    }

    @Test
    void out_of_range_values_are_refused() {
        assertRefused(Scenario.builder().devices(0), "devices");
        assertRefused(Scenario.builder().window(Duration.ofSeconds(5)), "window");
        assertRefused(Scenario.builder().window(Duration.ofMillis(10_500)), "window");
        assertRefused(Scenario.builder().window(Duration.ofSeconds(7 * 86_400 + 1)), "divide");
        assertRefused(Scenario.builder().fixedInterval(Duration.ofMinutes(30)), "fixed interval");
        assertRefused(Scenario.builder().fixedInterval(Duration.ofMinutes(90)), "fixed interval");
        assertRefused(Scenario.builder().telemetryInterval(Duration.ofHours(-1)), "telemetry");
        assertRefused(Scenario.builder().compromiseProbability(1.5), "probability");
        assertRefused(Scenario.builder().attackShare(0), "attack share");
    }

    private static void assertRefused(Scenario.Builder b, String word) {
        String m = assertThrows(IllegalArgumentException.class, b::build).getMessage();
        assertTrue(m.contains(word), m);
    }
}
