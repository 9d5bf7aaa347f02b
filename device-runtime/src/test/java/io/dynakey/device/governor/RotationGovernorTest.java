package io.dynakey.device.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RotationGovernorTest {

    private static final long MINUTE = 60_000;

    /** Hard limits far away, so only risk can ask for rotations. */
    private static GroupPolicy.Builder riskOnly() {
        return GroupPolicy.builder()
            .thresholds(400, 700, 950).hysteresis(100)
            .rateLimit(2, 3600).minInterval(300)
            .quarantineAfter(1800).escalateAfter(0)
            .hardLimits(10L * 365 * 24 * 3600, Long.MAX_VALUE);
    }

    @Test
    void risk_held_at_zero_forever_still_rotates_by_max_key_age() {
        GroupPolicy policy = riskOnly().hardLimits(3600, Long.MAX_VALUE).build();
        DeviceSimulation device = new DeviceSimulation(policy, MINUTE, 0);

        for (int i = 0; i < 24 * 60; i++) {
            device.tick(0);
        }

        assertEquals(24, device.allRotations.size());
        for (int i = 0; i < device.allRotations.size(); i++) {
            assertEquals((i + 1) * 60 * MINUTE, device.allRotations.get(i).longValue());
        }
    }

    @Test
    void risk_held_at_zero_forever_still_rotates_by_max_messages() {
        GroupPolicy policy = riskOnly().hardLimits(10L * 365 * 24 * 3600, 1000).build();
        DeviceSimulation device = new DeviceSimulation(policy, MINUTE, 100);

        for (int i = 0; i < 1000; i++) {
            device.tick(0);
        }

        assertEquals(100, device.allRotations.size());
    }

    @Test
    void hard_limits_win_over_an_empty_bucket_and_over_quarantine() {
        GroupPolicy policy = riskOnly().rateLimit(1, 24 * 3600).build();
        RotationGovernor g = new RotationGovernor(new PolicyTable(policy, 0), 0, 0);
        assertEquals(Decision.QUARANTINE, g.decide(1000, 0, 0, MINUTE));
        assertEquals(Decision.ROTATE_NOW, g.decide(0, 0, Long.MAX_VALUE, 2 * MINUTE));
        assertEquals(0, g.tokens());

        int action = g.decide(1000, policy.maxKeyAgeSeconds(), 0, 3 * MINUTE);

        assertEquals(Decision.ROTATE_NOW, action);
        assertEquals(Decision.REASON_MAX_KEY_AGE, g.reason());
    }

    @Test
    void a_key_near_its_hard_limits_gets_rotate_soon() {
        GroupPolicy policy = riskOnly().hardLimits(1000, 1000).nearLimit(900).build();
        RotationGovernor g = new RotationGovernor(new PolicyTable(policy, 0), 0, 0);

        assertEquals(Decision.NONE, g.decide(0, 899, 899, 1000));
        assertEquals(Decision.ROTATE_SOON, g.decide(0, 900, 0, 2000));
        assertEquals(Decision.REASON_KEY_AGE_NEAR, g.reason());
        assertEquals(Decision.ROTATE_SOON, g.decide(0, 0, 900, 3000));
        assertEquals(Decision.REASON_MESSAGES_NEAR, g.reason());
    }

    @Test
    void hysteresis_prevents_flapping_around_a_threshold() {
        GroupPolicy policy = riskOnly().build();
        DeviceSimulation device = new DeviceSimulation(policy, MINUTE, 0);
        device.tick(420);

        for (int i = 0; i < 500; i++) {
            device.tick(i % 2 == 0 ? 390 : 410);
        }

        assertEquals(500 + 1, device.actionCounts[Decision.ROTATE_SOON]);
        assertEquals(0, device.actionChanges);
    }

    @Test
    void a_level_is_left_once_risk_falls_below_its_band() {
        RotationGovernor g = new RotationGovernor(new PolicyTable(riskOnly().build(), 0), 0, 0);
        assertEquals(Decision.ROTATE_SOON, g.decide(400, 0, 0, 1000));
        assertEquals(Decision.ROTATE_SOON, g.decide(300, 0, 0, 2000));

        assertEquals(Decision.NONE, g.decide(299, 0, 0, 3000));
    }

    @Test
    void oscillating_risk_never_buys_more_rotations_than_the_rate_limit() {
        DeviceSimulation device = new DeviceSimulation(riskOnly().build(), MINUTE, 0);

        for (int i = 0; i < 7 * 24 * 60; i++) {
            device.tick(i % 2 == 0 ? 800 : 0);
        }

        assertTrue(device.worstExcessOverRateLimit() <= 0, "excess " + device.worstExcessOverRateLimit());
        assertTrue(device.riskRotations.size() <= 2 + 7 * 24, "rotations " + device.riskRotations.size());
    }

    @Test
    void spikes_timed_to_the_minimum_interval_never_buy_more_rotations_than_the_bucket() {
        GroupPolicy policy = riskOnly().build();
        DeviceSimulation device = new DeviceSimulation(policy, 1000, 0);

        for (int i = 0; i < 24 * 3600; i++) {
            device.tick(i % 300 == 0 ? 800 : 100);
        }

        assertTrue(device.worstExcessOverRateLimit() <= 0, "excess " + device.worstExcessOverRateLimit());
        assertTrue(device.riskRotations.size() <= 2 + 24);
    }

    @Test
    void random_risk_never_buys_more_rotations_than_the_rate_limit() {
        Random random = new Random(20261125L);
        for (int run = 0; run < 20; run++) {
            GroupPolicy policy = riskOnly()
                .rateLimit(1 + random.nextInt(4), 60 + random.nextInt(7200))
                .minInterval(random.nextInt(900)).build();
            DeviceSimulation device = new DeviceSimulation(policy, 1000 + random.nextInt(60_000), 0);

            for (int i = 0; i < 5000; i++) {
                device.tick(random.nextInt(1001));
            }

            assertTrue(device.worstExcessOverRateLimit() <= 0, "run " + run);
        }
    }

    @Test
    void sustained_high_risk_past_the_rate_limit_escalates_to_quarantine_not_rotations() {
        GroupPolicy policy = riskOnly().rateLimit(2, 24 * 3600).minInterval(0).quarantineAfter(600).build();
        DeviceSimulation device = new DeviceSimulation(policy, MINUTE, 0);

        assertEquals(Decision.ROTATE_NOW, device.tick(800));
        assertEquals(Decision.ROTATE_NOW, device.tick(800));
        for (int i = 0; i < 10; i++) {
            assertEquals(Decision.ROTATE_SOON, device.tick(800));
            assertEquals(Decision.REASON_RATE_LIMITED, device.governor.reason());
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(Decision.QUARANTINE, device.tick(800));
            assertEquals(Decision.REASON_RISK_SUSTAINED, device.governor.reason());
        }

        assertEquals(2, device.riskRotations.size());
    }

    @Test
    void quarantine_ends_when_risk_falls_below_the_rotate_now_band() {
        GroupPolicy policy = riskOnly().rateLimit(1, 24 * 3600).minInterval(0).quarantineAfter(0).build();
        DeviceSimulation device = new DeviceSimulation(policy, MINUTE, 0);
        device.tick(800);
        assertEquals(Decision.QUARANTINE, device.tick(800));

        assertEquals(Decision.ROTATE_SOON, device.tick(599));
        assertEquals(Decision.REASON_RISK_ELEVATED, device.governor.reason());
    }

    @Test
    void elevated_risk_alone_is_advisory_until_it_lasts_the_escalation_delay() {
        GroupPolicy policy = riskOnly().escalateAfter(3600).build();
        DeviceSimulation device = new DeviceSimulation(policy, MINUTE, 0);

        for (int i = 0; i < 60; i++) {
            assertEquals(Decision.ROTATE_SOON, device.tick(500));
        }
        assertEquals(Decision.ROTATE_NOW, device.tick(500));
        assertEquals(Decision.REASON_ELEVATED_SUSTAINED, device.governor.reason());
        assertEquals(Decision.ROTATE_SOON, device.tick(500));
    }

    @Test
    void critical_risk_quarantines_at_once() {
        RotationGovernor g = new RotationGovernor(new PolicyTable(riskOnly().build(), 0), 0, 0);

        assertEquals(Decision.QUARANTINE, g.decide(960, 0, 0, 1000));
        assertEquals(Decision.REASON_RISK_CRITICAL, g.reason());
    }

    @Test
    void out_of_range_risk_is_clamped() {
        RotationGovernor g = new RotationGovernor(new PolicyTable(riskOnly().build(), 0), 0, 0);

        assertEquals(Decision.NONE, g.decide(-5000, 0, 0, 1000));
        assertEquals(Decision.QUARANTINE, g.decide(Integer.MAX_VALUE, 0, 0, 2000));
    }

    @Test
    void a_clock_that_steps_back_refills_no_tokens() {
        GroupPolicy policy = riskOnly().rateLimit(1, 3600).minInterval(0).quarantineAfter(7200).build();
        RotationGovernor g = new RotationGovernor(new PolicyTable(policy, 0), 0, 10 * 3600_000L);
        assertEquals(Decision.ROTATE_NOW, g.decide(800, 0, 0, 10 * 3600_000L));

        assertEquals(Decision.ROTATE_SOON, g.decide(800, 0, 0, 0));
        assertEquals(Decision.ROTATE_SOON, g.decide(800, 0, 0, 10 * 3600_000L + 3599_999L));
        assertEquals(Decision.ROTATE_NOW, g.decide(800, 0, 0, 11 * 3600_000L));
    }

    @Test
    void each_group_gets_its_own_policy_and_unknown_groups_the_default() {
        GroupPolicy strict = riskOnly().thresholds(100, 200, 300).hysteresis(50).build();
        GroupPolicy lax = riskOnly().build();
        PolicyTable table = new PolicyTable(lax, 4);
        table.put(7, strict);
        RotationGovernor g = new RotationGovernor(table, 7, 0);

        assertEquals(Decision.ROTATE_NOW, g.decide(250, 0, 0, 1000));
        g.setGroup(8);

        assertEquals(Decision.NONE, g.decide(250, 0, 0, 2000));
        assertSame(lax, table.policyFor(99));
    }

    @Test
    void a_full_policy_table_refuses_another_group() {
        PolicyTable table = new PolicyTable(riskOnly().build(), 1);
        table.put(1, riskOnly().build());
        table.put(1, riskOnly().build());

        assertThrows(IllegalStateException.class, () -> table.put(2, riskOnly().build()));
    }

    @Test
    void a_policy_refuses_inconsistent_values() {
        assertThrows(IllegalArgumentException.class, () -> GroupPolicy.builder().thresholds(700, 400, 950));
        assertThrows(IllegalArgumentException.class, () -> GroupPolicy.builder().rateLimit(0, 60));
        assertThrows(IllegalArgumentException.class, () -> GroupPolicy.builder().hardLimits(0, 10));
        assertThrows(IllegalArgumentException.class, () -> GroupPolicy.builder().minInterval(-1));
        assertThrows(IllegalArgumentException.class,
            () -> GroupPolicy.builder().thresholds(50, 700, 950).hysteresis(100).build());
    }

    @Test
    void every_rotate_now_maps_to_a_wire_rotation_reason() {
        DeviceSimulation device = new DeviceSimulation(riskOnly().hardLimits(600, 50).escalateAfter(120).build(), MINUTE, 3);
        java.util.Random random = new java.util.Random(7);

        for (int i = 0; i < 5000; i++) {
            if (device.tick(random.nextInt(1001)) == Decision.ROTATE_NOW) {
                int wire = Decision.rotationReason(device.governor.reason());
                assertTrue(wire == io.dynakey.device.wire.RotationReason.RISK
                    || wire == io.dynakey.device.wire.RotationReason.KEY_AGE
                    || wire == io.dynakey.device.wire.RotationReason.MESSAGE_LIMIT,
                    Decision.reasonName(device.governor.reason()));
            }
        }

        assertTrue(device.allRotations.size() > 0);
    }

    @Test
    void reboots_buy_no_rotations_when_the_governor_starts_with_an_empty_bucket() {
        GroupPolicy policy = riskOnly().rateLimit(2, 3600).minInterval(0).build();
        PolicyTable table = new PolicyTable(policy, 0);
        int rotations = 0;

        for (int boot = 0; boot < 50; boot++) {
            long bootTime = boot * MINUTE;
            RotationGovernor g = new RotationGovernor(table, 0, bootTime, 0);
            for (int t = 1; t <= 5; t++) {
                if (g.decide(900, 0, 0, bootTime + t * 1000) == Decision.ROTATE_NOW) {
                    rotations++;
                }
            }
        }

        assertEquals(0, rotations);
        RotationGovernor afterRefill = new RotationGovernor(table, 0, 0, 0);
        assertEquals(Decision.ROTATE_NOW, afterRefill.decide(900, 0, 0, 3600_000));
    }
}
