package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.governor.GroupPolicy;
import org.junit.jupiter.api.Test;

/** The fleet's governor adapter keeps the device's token bucket as the bound on risk rotations. */
class GovernorPoliciesTest {

    @Test
    void a_risk_driven_in_and_out_of_quarantine_buys_no_rotation_beyond_the_bucket() {
        GroupPolicy p = AdaptiveSettings.defaults().groupPolicy();
        AdaptivePolicy.DeviceGovernor g = new GovernorPolicies(p).create(0, 0);
        long window = 300_000;
        long days = 7;
        long keyBorn = 0;
        int rotations = 0;
        int quarantinePhases = 0;
        for (long t = 0; t < days * 24 * 3_600_000L; t += window) {
            // the forcer's pattern: 2 h of maximal risk (rate-limited for longer than the quarantine
            // delay), then 1 h quiet, so the governor leaves and re-enters quarantine all week
            long phase = (t / window) % 36;
            int risk = phase < 24 ? 1000 : 0;
            quarantinePhases += phase == 23 ? 1 : 0;
            if (g.decide(t, risk, (t - keyBorn) / 1000, 0)) {
                rotations++;
                keyBorn = t;
                g.rotated(t);
            }
        }
        long bound = p.burst() + days * 24 * 3_600_000L / p.refillMillis() + days * 24 * 3600 / p.maxKeyAgeSeconds();
        assertTrue(quarantinePhases > 50, "the pattern reaches quarantine " + quarantinePhases + " times");
        assertTrue(rotations <= bound, rotations + " rotations in " + days + " days, bound " + bound
                + " (bucket, refills and the maximum key age)");
        assertTrue(rotations >= p.burst(), "the bucket's rotations are still granted: " + rotations);
    }
}
