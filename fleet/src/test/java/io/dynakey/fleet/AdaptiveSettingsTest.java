package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.device.governor.GroupPolicy;
import org.junit.jupiter.api.Test;

class AdaptiveSettingsTest {

    @Test
    void the_defaults_describe_the_policy_the_demo_has_always_printed() {
        AdaptiveSettings d = AdaptiveSettings.defaults();

        assertEquals("smoothing 50%, thresholds soon/now/quarantine 400/600/off permille, hysteresis 100, "
                + "escalate after 6 h, max key age 48 h, rate limit 2 per 720 min, min interval 60 min", d.describe());
        assertEquals("adaptive: model risk, smoothed (newest window weighs 50.0 %), into device RotationGovernor: "
                + "max key age 48 h, no message limit, rate limit 2 per 720 min, min interval 60 min",
                d.policy(20).describe());
    }

    @Test
    void the_governor_runs_exactly_the_group_policy_the_settings_hold() {
        GroupPolicy p = AdaptiveSettings.defaults().groupPolicy();

        assertEquals(GroupPolicy.DISABLED, p.quarantinePermille());
        assertEquals(48 * 3600, p.maxKeyAgeSeconds());
        assertEquals(AdaptiveSettings.NO_MESSAGE_LIMIT, p.maxMessagesPerKey());
        assertEquals(6 * 3_600_000L, p.escalateAfterMillis());
        assertEquals(12 * 3_600_000L, p.refillMillis());
        assertEquals(3_600_000L, p.minIntervalMillis());
        assertEquals(GroupPolicy.builder().build().quarantineAfterMillis(), p.quarantineAfterMillis());
    }

    @Test
    void smoothing_outside_one_to_a_thousand_permille_is_refused() {
        GroupPolicy p = AdaptiveSettings.defaults().groupPolicy();

        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSettings(0, p));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSettings(1001, p));
        assertThrows(NullPointerException.class, () -> new AdaptiveSettings(500, null));
    }
}
