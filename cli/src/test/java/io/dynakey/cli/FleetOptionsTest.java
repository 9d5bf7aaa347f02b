package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.fleet.AdaptiveSettings;
import org.junit.jupiter.api.Test;

class FleetOptionsTest {

    @Test
    void options_left_at_their_defaults_give_the_default_adaptive_settings() {
        assertEquals(AdaptiveSettings.defaults(), new FleetOptions().adaptive());
    }

    @Test
    void the_options_change_thresholds_smoothing_and_key_age_and_nothing_else() {
        FleetOptions o = new FleetOptions();
        o.rotateNow = 500;
        o.rotateSoon = 700;
        o.maxKeyAgeHours = 12;
        o.smoothing = 1000;

        AdaptiveSettings a = o.adaptive();

        GroupPolicy d = AdaptiveSettings.defaults().groupPolicy();
        assertEquals(1000, a.smoothingPermille());
        assertEquals(d.toBuilder().thresholds(500, 500, d.quarantinePermille()).hardLimits(12 * 3600, d.maxMessagesPerKey())
                .build(), a.groupPolicy());
    }
}
