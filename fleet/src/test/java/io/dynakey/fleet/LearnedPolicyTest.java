package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.wire.RotationReason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedPolicyTest {

    private static final long HOUR = 3600;
    private static final GroupPolicy SHIELD = AdaptiveSettings.defaults().groupPolicy();
    private static final Scenario SCENARIO = Scenario.builder().seed(11).devices(200).days(4).window(Duration.ofMinutes(5))
            .rowsPerWindow(4).groups(2).compromiseProbability(0.5).fixedInterval(Duration.ofHours(24))
            .telemetryInterval(Duration.ofHours(12)).build();

    private static FleetResult simulate(Scenario s, int attackType, boolean falsePositives, List<RotationPolicy> policies)
            throws FleetException {
        return new FleetSimulator(s, new SyntheticTraffic(), SyntheticTraffic.model(falsePositives), attackType, 2)
                .run(policies, name -> new SimulatedGateway(s.devices()), Progress.SILENT);
    }

    private static LearnedPolicy learned(RotationTable t) {
        return new LearnedPolicy(t, SHIELD, "");
    }

    @Test
    void a_one_band_table_rotates_exactly_when_the_fixed_schedule_does() throws Exception {
        FleetResult r = simulate(SCENARIO, 0, false, List.of(new FixedIntervalPolicy(24),
                learned(RotationTable.calendar(500, 24 * HOUR))));
        PolicyResult fixed = r.policy("fixed");
        PolicyResult cal = r.policy("learned");
        assertEquals(fixed.exposures(), cal.exposures());
        assertEquals(fixed.rotations(), cal.rotations());
        assertTrue(java.util.Arrays.equals(fixed.rotationsPerHour(), cal.rotationsPerHour()));
        assertEquals(0, cal.falseRotations());
    }

    @Test
    void the_environment_replays_a_policy_exactly_as_the_simulator_runs_it() throws Exception {
        Scenario s = SCENARIO.toBuilder().attackShare(0.5).build();
        RotationTable risky = new RotationTable(300, new int[] {250, 700}, new long[] {30 * HOUR, 6 * HOUR, 0});
        PolicyEnvironment env = new PolicyEnvironment(s, new SyntheticTraffic(), SyntheticTraffic.model(true), 0, false, 2,
                Progress.SILENT);
        for (RotationTable t : List.of(risky, risky.withWindow(RotationPolicy.WindowReduction.MAX))) {
            FleetResult r = simulate(s, 0, true, List.of(learned(t)));
            PolicyResult sim = r.policy("learned");
            PolicyEnvironment.Outcome o = env.evaluate(learned(t));
            assertTrue(sim.rotationsByReason()[RotationReason.RISK] > 0, "the table rotates on risk in this scenario");
            assertTrue(sim.falseRotations() > 0, "and falsely, on the noisy model");
            assertEquals(sim.rotations(), o.rotations(), t.describe());
            assertEquals(sim.falseRotations(), o.falseRotations(), t.describe());
            assertEquals(sim.exposures().size(), o.compromises());
            assertEquals(sim.exposureMeanSeconds(), o.exposureMeanSeconds(), 1e-6, t.describe());
        }
    }

    @Test
    void no_table_holds_a_key_past_the_maximum_age_or_rotates_faster_than_the_shield_allows() {
        Scenario s = SCENARIO.toBuilder().devices(1).days(7).build();
        long w = s.windowMillis();
        // a hostile table: a calendar of 1000 h, and rotate at any age on any risk at all
        for (int risk : new int[] {0, 1000}) {
            LearnedPolicy p = learned(new RotationTable(1000, new int[] {1}, new long[] {1000 * HOUR, 0}));
            p.start(s, 1);
            long born = Long.MIN_VALUE;
            long last = Long.MIN_VALUE;
            int riskRotations = 0;
            long[] riskTimes = new long[s.windows()];
            for (int i = 0; i < s.windows(); i++) {
                long at = p.decide(0, i * w, i * w + w, risk);
                if (at >= 0) {
                    if (last != Long.MIN_VALUE) {
                        assertTrue(at - last <= SHIELD.maxKeyAgeSeconds() * 1000, "key held past its maximum age");
                        assertTrue(at - last >= SHIELD.minIntervalMillis(), "rotated inside the minimum interval");
                    }
                    if (p.lastReason(0) == RotationReason.RISK) {
                        riskTimes[riskRotations++] = at;
                    }
                    last = at;
                    p.rotated(0, at);
                }
            }
            if (risk == 0) {
                assertEquals(0, riskRotations);
                assertTrue(last != Long.MIN_VALUE, "the maximum key age rotates even a table that never would");
            } else {
                // the bucket: at most burst rotations at once, then one per refill period
                long days = s.days();
                long allowed = SHIELD.burst() + days * 86_400_000L / SHIELD.refillMillis();
                assertTrue(riskRotations > 0 && riskRotations <= allowed, riskRotations + " risk rotations, allowed " + allowed);
                for (int k = SHIELD.burst(); k < riskRotations; k++) {
                    assertTrue(riskTimes[k] - riskTimes[k - SHIELD.burst()] >= SHIELD.refillMillis(),
                            "more than the bucket's burst inside one refill period");
                }
            }
        }
    }

    /** A small valid model file to carry tables (its trees do not matter to the policy). */
    private static byte[] modelFile() {
        return new io.dynakey.models.TinyModelWriter(7, 3, 2)
                .addFeature(new io.dynakey.models.FeatureSpec(1, io.dynakey.models.FeatureUnits.COUNT, 0,
                        io.dynakey.models.QuantizerSpec.linear(0, 1, 0)))
                .addTree(io.dynakey.models.TreeNode.split(0, 5, io.dynakey.models.TreeNode.leaf(0, 0),
                        io.dynakey.models.TreeNode.leaf(1, 255)))
                .toBytes();
    }

    @Test
    void the_table_read_back_from_the_signed_model_file_runs_exactly_as_the_learned_table() throws Exception {
        // given a table learned on a diluted signal, shipped in a signed model file
        Scenario training = SCENARIO.toBuilder().attackShare(0.25).build();
        PolicyEnvironment env = new PolicyEnvironment(training, new SyntheticTraffic(), SyntheticTraffic.model(false), 0,
                false, 2, Progress.SILENT);
        PolicyLearner.Learned l = PolicyLearner.learn(env, SHIELD, 500, PolicyLearner.Budget.ofFixedHours(24), 2,
                Progress.SILENT);
        assertFalse(l.table().isCalendar(), l.why());
        ShippedTable shipped;
        try (io.dynakey.trainer.sign.SigningKey key = io.dynakey.trainer.sign.SigningKey.generate()) {
            shipped = ShippedTable.ship(l.table(), modelFile(), key, SHIELD, "test");
        }
        io.dynakey.models.TinyModel m = io.dynakey.trainer.sign.ModelVerifier.verify(shipped.file(), shipped.publicKey());
        assertEquals(1, m.formatMinor());
        assertEquals(l.table(), RotationTable.of(m));
        // when both run on compromises neither saw
        Scenario unseen = training.toBuilder().seed(training.seed() + 1000).build();
        PolicyResult direct = simulate(unseen, 0, false, List.of(learned(l.table()))).policy("learned");
        PolicyResult fromFile = simulate(unseen, 0, false, List.<RotationPolicy>of(shipped.policy())).policy("learned");
        // then the figures are identical
        assertEquals(direct.exposures(), fromFile.exposures());
        assertEquals(direct.rotations(), fromFile.rotations());
        assertEquals(direct.falseRotations(), fromFile.falseRotations());
        assertTrue(java.util.Arrays.equals(direct.rotationsByReason(), fromFile.rotationsByReason()));
        // and a flipped byte in the table's section is refused by the signature check before any device runs it
        byte[] tampered = shipped.file().clone();
        tampered[tampered.length - 64 - 4 - 1] ^= 1;
        org.junit.jupiter.api.Assertions.assertThrows(io.dynakey.trainer.sign.ModelVerifier.Refused.class,
                () -> io.dynakey.trainer.sign.ModelVerifier.verify(tampered, shipped.publicKey()));
    }

    @Test
    void a_table_the_model_file_cannot_carry_is_refused_by_name() throws Exception {
        RotationTable longerBand = new RotationTable(500, new int[] {300}, new long[] {24 * HOUR, 30 * HOUR});
        try (io.dynakey.trainer.sign.SigningKey key = io.dynakey.trainer.sign.SigningKey.generate()) {
            FleetException e = org.junit.jupiter.api.Assertions.assertThrows(FleetException.class,
                    () -> ShippedTable.ship(longerBand, modelFile(), key, SHIELD, ""));
            assertTrue(e.getMessage().contains("cannot carry the table"), e.getMessage());
        }
    }

    @Test
    void where_the_model_carries_no_signal_the_learner_keeps_the_calendar() throws Exception {
        PolicyEnvironment env = new PolicyEnvironment(SCENARIO, new SyntheticTraffic(), SyntheticTraffic.model(false), 1,
                false, 2, Progress.SILENT);
        PolicyLearner.Learned l = PolicyLearner.learn(env, SHIELD, 500, PolicyLearner.Budget.ofFixedHours(24), 2,
                Progress.SILENT);
        assertTrue(l.table().isCalendar(), l.why());
        assertEquals(24 * HOUR, l.table().calendarSeconds());
        assertTrue(l.candidates() > 100);
    }

    @Test
    void a_noisy_model_buys_no_rotation_storm() throws Exception {
        // half of the benign rows score 900: every window looks like an attack
        PolicyEnvironment env = new PolicyEnvironment(SCENARIO, new SyntheticTraffic(), SyntheticTraffic.model(true), 1,
                false, 2, Progress.SILENT);
        PolicyLearner.Budget budget = PolicyLearner.Budget.ofFixedHours(24);
        PolicyLearner.Learned l = PolicyLearner.learn(env, SHIELD, 500, budget, 2, Progress.SILENT);
        assertTrue(l.chosen().rotationsPerDeviceDay() <= budget.rotationsPerDeviceDay(), l.why());
        assertTrue(l.chosen().falseRotationsPerDeviceDay() <= budget.maxFalseRotationsPerDeviceDay(), l.why());
        assertTrue(l.chosen().exposureMeanSeconds() <= l.calendar().exposureMeanSeconds(), l.why());
    }

    @Test
    void with_a_diluted_signal_the_learned_table_beats_the_calendar_on_compromises_it_never_saw() throws Exception {
        Scenario training = SCENARIO.toBuilder().attackShare(0.25).build();
        PolicyEnvironment env = new PolicyEnvironment(training, new SyntheticTraffic(), SyntheticTraffic.model(false), 0,
                false, 2, Progress.SILENT);
        PolicyLearner.Budget budget = PolicyLearner.Budget.ofFixedHours(24);
        PolicyLearner.Learned l = PolicyLearner.learn(env, SHIELD, 500, budget, 2, Progress.SILENT);
        assertFalse(l.table().isCalendar(), l.why());
        Scenario unseen = training.toBuilder().seed(training.seed() + 1000).build();
        FleetResult r = simulate(unseen, 0, false, List.of(new FixedIntervalPolicy(24), learned(l.table())));
        PolicyResult fixed = r.policy("fixed");
        PolicyResult learned = r.policy("learned");
        assertTrue(learned.exposureMeanSeconds() <= 0.5 * fixed.exposureMeanSeconds(),
                learned.exposureMeanSeconds() + " s against fixed " + fixed.exposureMeanSeconds() + " s");
        assertTrue(learned.rotations() <= fixed.rotations());
        assertEquals(0, learned.falseRotations());
    }
}
