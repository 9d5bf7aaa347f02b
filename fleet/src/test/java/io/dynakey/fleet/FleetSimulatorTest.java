package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

    private static final Scenario SCENARIO = Scenario.builder().seed(7).devices(200).days(4).window(Duration.ofMinutes(5))
            .rowsPerWindow(4).groups(2).compromiseProbability(0.5).fixedInterval(Duration.ofHours(24))
            .telemetryInterval(Duration.ofHours(12)).build();

    private static FleetResult run(Scenario s, int attackType, boolean falsePositives) throws FleetException {
        FleetSimulator sim = new FleetSimulator(s, new SyntheticTraffic(), SyntheticTraffic.model(falsePositives), attackType, 2);
        long maxAge = 48 * 3600;
        List<RotationPolicy> policies = List.of(new FixedIntervalPolicy(s.fixedIntervalHours()),
                new AdaptivePolicy(SyntheticTraffic.thresholdGovernor(maxAge), 700, 10),
                new OraclePolicy(sim.plan(), maxAge));
        return sim.run(policies, name -> new SimulatedGateway(s.devices()), Progress.SILENT);
    }

    @Test
    void every_policy_faces_the_same_compromises() throws Exception {
        FleetResult r = run(SCENARIO, -1, false);
        assertTrue(r.compromises() > 50, "about half of 200 devices are compromised");
        List<Compromise> fixed = r.policy("fixed").exposures().stream().map(ExposureSample::compromise).toList();
        for (PolicyResult p : r.policies()) {
            assertEquals(fixed, p.exposures().stream().map(ExposureSample::compromise).toList(), p.policy());
        }
    }

    @Test
    void the_oracle_kills_every_stolen_key_at_once_and_fixed_averages_half_its_interval() throws Exception {
        FleetResult r = run(SCENARIO, 0, false);
        PolicyResult oracle = r.policy("oracle");
        PolicyResult fixed = r.policy("fixed");
        assertEquals(0.0, oracle.exposureMeanSeconds(), 1e-9);
        assertEquals(0, fixed.censored());
        double hours = fixed.exposureMeanSeconds() / 3600;
        assertTrue(hours > 8 && hours < 16, "fixed 24 h schedule: mean exposure near 12 h, got " + hours);
        assertEquals(1.0, fixed.rotationsPerDeviceDay(), 0.05);
    }

    @Test
    void a_loud_attack_is_caught_within_a_window_or_two_by_the_adaptive_policy() throws Exception {
        FleetResult r = run(SCENARIO, 0, false);
        PolicyResult adaptive = r.policy("adaptive");
        assertTrue(adaptive.exposurePercentileSeconds(95) <= 2 * 300, "p95 " + adaptive.exposurePercentileSeconds(95));
        assertEquals(adaptive.exposures().size(), adaptive.detected());
        assertEquals(0, adaptive.falseRotations());
        assertTrue(adaptive.rotationsPerDeviceDay() < r.policy("fixed").rotationsPerDeviceDay());
        assertEquals(r.compromises(), adaptive.riskTraces().size());
    }

    @Test
    void a_stealthy_attack_falls_back_to_the_key_age_limit() throws Exception {
        FleetResult r = run(SCENARIO, 1, false);
        PolicyResult adaptive = r.policy("adaptive");
        assertEquals(0, adaptive.detected());
        assertTrue(adaptive.exposureMeanSeconds() > 3600, "undetected: exposure ends only at max key age");
    }

    @Test
    void risk_rotations_without_an_attack_count_as_false() throws Exception {
        FleetResult r = run(SCENARIO.toBuilder().devices(50).build(), 0, true);
        assertTrue(r.policy("adaptive").falseRotations() > 0);
        assertEquals(0, r.policy("fixed").falseRotations());
    }

    @Test
    void the_same_seed_gives_the_same_figures() throws Exception {
        FleetResult a = run(SCENARIO.toBuilder().devices(60).build(), -1, true);
        FleetResult b = run(SCENARIO.toBuilder().devices(60).build(), -1, true);
        for (String p : List.of("fixed", "adaptive", "oracle")) {
            assertEquals(a.policy(p).exposures(), b.policy(p).exposures(), p);
            assertEquals(a.policy(p).rotations(), b.policy(p).rotations(), p);
        }
    }
}
