package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.fleet.AdaptiveSettings;
import io.dynakey.fleet.LinkProfile;
import io.dynakey.fleet.run.FleetSettings;
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

    @Test
    void link_loss_and_a_link_profile_reach_the_run_settings_and_a_simulated_gateway_refuses_them() {
        FleetOptions o = new FleetOptions();
        assertNull(o.settings().link(), "no link option: a perfect link");
        o.linkProfile = "radio:loss=0.1,delay=60,jitter=40,dup=0.01,reorder=0.02";
        o.linkLoss = 0.2;
        assertEquals(new LinkProfile("radio", 0.2, 60, 40, 0.01, 0.02, 0, 0), o.settings().link());
        o.gateway = FleetSettings.GatewayKind.SIMULATED;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, o::settings);
        assertTrue(e.getMessage().contains("--gateway real"), e.getMessage());
        o.gateway = FleetSettings.GatewayKind.REAL;
        o.linkProfile = "sleepy:wake=2000/6000";
        assertThrows(IllegalArgumentException.class, o::settings, "wake windows need one client per device");
    }
}
