package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.models.FeatureIds;
import io.dynakey.models.FeatureSpec;
import io.dynakey.models.FeatureUnits;
import io.dynakey.models.ModelFormat;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.TemporalSpec;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.models.TreeNode;
import io.dynakey.trainer.sign.SigningKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The learned table on the temporal student's risk: environment, simulator and the signed file agree. */
class LearnedTemporalPolicyTest {

    private static final long HOUR = 3600;
    private static final GroupPolicy SHIELD = AdaptiveSettings.defaults().groupPolicy();
    private static final Scenario SCENARIO = Scenario.builder().seed(23).devices(120).days(4).window(Duration.ofMinutes(5))
            .rowsPerWindow(4).groups(2).compromiseProbability(0.5).attackShare(0.5)
            .fixedInterval(Duration.ofHours(24)).telemetryInterval(Duration.ofHours(12)).build();

    /**
     * A format 1.2 model over {@link SyntheticTraffic}'s feature 1: the first stage calls a row risky
     * above 104 (a quarter of the benign rows, three quarters of the stealthy attack's, all of the
     * loud one's); the student alarms when the smoothed share of risky rows passes 40 % (and more
     * when the smoothed feature mean is high too), so it reads the risks and the features' means.
     */
    static byte[] temporalModel() throws Exception {
        TinyModelWriter first = new TinyModelWriter(31, 1, 2);
        first.addFeature(new FeatureSpec(1, FeatureUnits.COUNT, 0, QuantizerSpec.linear(0, 1, 0)));
        first.addTree(TreeNode.split(0, 104, TreeNode.leaf(0, 0), TreeNode.leaf(1, 230)));
        TemporalSpec spec = new TemporalSpec(500,
                new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.TEMPORAL_EWMA},
                new int[] {ModelFormat.SOURCE_HIGH_SHARE, ModelFormat.SOURCE_FEATURE_FIRST},
                new int[] {3, 2}, new int[] {0, 0});
        TinyModelWriter stage = new TinyModelWriter(31, 1, 2);
        stage.addFeature(new FeatureSpec(FeatureIds.TEMPORAL_FIRST, FeatureUnits.COUNT, 0, QuantizerSpec.linear(0, 1, 0)));
        stage.addFeature(new FeatureSpec(FeatureIds.TEMPORAL_FIRST + 1, FeatureUnits.COUNT, 0, QuantizerSpec.linear(0, 1, 0)));
        stage.addTree(TreeNode.split(0, 400, TreeNode.leaf(0, 10),
                TreeNode.split(1, 108, TreeNode.leaf(1, 128), TreeNode.leaf(1, 250))));
        return TinyModelWriter.withTemporal(first.toBytes(), spec, stage.toBytes());
    }

    private static FleetResult simulate(Scenario s, TinyModelRisk model, int attackType, List<RotationPolicy> policies)
            throws FleetException {
        return new FleetSimulator(s, new SyntheticTraffic(), model, attackType, 2)
                .run(policies, name -> new SimulatedGateway(s.devices()), Progress.SILENT);
    }

    @Test
    void the_environment_replays_a_table_on_the_students_risk_exactly_as_the_simulator_runs_it() throws Exception {
        TinyModelRisk model = new TinyModelRisk(temporalModel(), "temporal test model");
        PolicyEnvironment env = new PolicyEnvironment(SCENARIO, new SyntheticTraffic(), model, 1, false, 2, Progress.SILENT);
        assertTrue(env.hasTemporal());
        RotationTable t = new RotationTable(500, new int[] {300, 800}, new long[] {30 * HOUR, 4 * HOUR, 1 * HOUR});
        for (boolean student : new boolean[] {true, false}) {
            LearnedPolicy p = new LearnedPolicy(t, SHIELD, "", student);
            PolicyResult sim = simulate(SCENARIO, model, 1, List.of(p)).policy("learned");
            PolicyEnvironment.Outcome o = env.evaluate(new LearnedPolicy(t, SHIELD, "", student));
            assertTrue(sim.rotationsByReason()[RotationReason.RISK] > 0, "the table rotates on risk");
            assertEquals(sim.rotations(), o.rotations(), "student " + student);
            assertEquals(sim.falseRotations(), o.falseRotations(), "student " + student);
            assertEquals(sim.exposures().size(), o.compromises());
            assertEquals(sim.exposureMeanSeconds(), o.exposureMeanSeconds(), 1e-6, "student " + student);
        }
        // the student sees the stealthy attack the rows barely show: the same table does better on it
        PolicyEnvironment.Outcome onStudent = env.evaluate(new LearnedPolicy(t, SHIELD, "", true));
        PolicyEnvironment.Outcome onRows = env.evaluate(new LearnedPolicy(t, SHIELD, "", false));
        assertTrue(onStudent.falseRotations() < onRows.falseRotations(),
                onStudent.falseRotations() + " vs " + onRows.falseRotations() + " false rotations");
    }

    @Test
    void the_learned_table_in_the_signed_file_runs_on_the_students_risk_as_learned() throws Exception {
        byte[] file = temporalModel();
        TinyModelRisk model = new TinyModelRisk(file, "temporal test model");
        // a small training scenario of its own seed (the learning replays about 300 tables over it)
        Scenario training = SCENARIO.toBuilder().seed(SCENARIO.seed() ^ 0x5EEDL).devices(60).days(3).build();
        PolicyEnvironment env = new PolicyEnvironment(training, new SyntheticTraffic(), model, 1, false, 2, Progress.SILENT);
        PolicyLearner.Learned l = PolicyLearner.learn(env, SHIELD, 500, PolicyLearner.Budget.ofFixedHours(24), 2,
                Progress.SILENT);
        assertFalse(l.table().isCalendar(), "the student carries signal here: " + l.why());
        assertTrue(l.chosen().exposureMeanSeconds() < 0.5 * l.calendar().exposureMeanSeconds(), l.why());
        ShippedTable shipped;
        try (SigningKey key = SigningKey.generate()) {
            shipped = ShippedTable.ship(l.table(), file, key, SHIELD, "");
        }
        assertTrue(shipped.policy().temporal(), "a file with the student runs its table on the student's risk");
        // on compromises it never saw, in the simulator, from the file: as learned and within the budget
        FleetResult r = simulate(SCENARIO, model, 1, List.of(new FixedIntervalPolicy(24), shipped.policy()));
        PolicyResult fixed = r.policy("fixed");
        PolicyResult learned = r.policy("learned");
        assertTrue(learned.exposureMeanSeconds() < 0.5 * fixed.exposureMeanSeconds(),
                learned.exposureMeanSeconds() + " s vs fixed " + fixed.exposureMeanSeconds() + " s");
        assertTrue(learned.rotations() <= fixed.rotations(), learned.rotations() + " vs " + fixed.rotations());
        assertEquals(env.evaluate(new LearnedPolicy(l.table(), SHIELD, "", true)).rotations(), l.chosen().rotations());
    }
}
