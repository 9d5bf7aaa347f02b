package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.TinyModel;
import io.dynakey.trainer.robust.BoxForest;
import io.dynakey.trainer.robust.RobustnessEvaluation;
import io.dynakey.trainer.robust.ThreatModel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evader and the rotation forcer on the 10-tree golden forest and the real governor. */
class AdversaryTest {

    static TinyModel model;
    static long[][] rows;
    static ThreatModel threat;
    static int benign;

    @BeforeAll
    static void load() throws Exception {
        model = TinyModel.parse(Files.readAllBytes(TinyModelRiskTest.GOLDEN.resolve("forest-10.dktm")));
        List<String> lines = Files.readAllLines(TinyModelRiskTest.GOLDEN.resolve("forest-10.csv"));
        int n = model.featureCount();
        List<long[]> xs = new ArrayList<>();
        for (String line : lines.subList(1, Math.min(lines.size(), 401))) {
            String[] c = line.split(",");
            long[] x = new long[n];
            for (int i = 0; i < n; i++) {
                x[i] = Long.parseLong(c[i]);
            }
            xs.add(x);
        }
        rows = xs.toArray(new long[0][]);
        // the attacker controls every other feature, within the middle half of its observed range
        boolean[] controlled = new boolean[n];
        long[] lo = new long[n];
        long[] hi = new long[n];
        for (int f = 0; f < n; f += 2) {
            controlled[f] = true;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long[] x : rows) {
                min = Math.min(min, x[f]);
                max = Math.max(max, x[f]);
            }
            lo[f] = min / 2;
            hi[f] = max / 2;
        }
        threat = new ThreatModel(controlled, lo, hi);
        benign = RobustnessEvaluation.inferBenignClass(model);
    }

    private static int classOf(long[] x) {
        return ForestEvaluator.classOf(new ForestEvaluator(model).evaluate(x, 0));
    }

    @Test
    void the_evader_stays_within_the_attacker_bounds_and_never_raises_a_rows_risk() {
        int eps = 20_000;
        Adversary a = new Adversary(model, threat, eps, 0, 0);
        BoxForest forest = new BoxForest(model);
        int attacks = 0;
        int evaded = 0;
        for (long[] x : rows) {
            if (classOf(x) == benign) {
                continue;
            }
            attacks++;
            long[] y = x.clone();
            a.evade(y);
            assertTrue(a.risk(y) <= a.risk(x), "risk raised from " + a.risk(x) + " to " + a.risk(y));
            for (int f = 0; f < x.length; f++) {
                if (!threat.controlled(f)) {
                    assertEquals(x[f], y[f], "an uncontrolled feature changed");
                } else if (y[f] != x[f]) {
                    assertTrue(y[f] >= Math.min(threat.min(f), x[f]) && y[f] <= Math.max(threat.max(f), x[f]),
                            "feature " + f + " left the attacker bounds: " + y[f]);
                    assertTrue(Math.abs(forest.quantize(f, y[f]) - forest.quantize(f, x[f])) <= eps, "beyond the budget");
                }
            }
            if (classOf(y) == benign) {
                evaded++;
                assertTrue(a.risk(y) < a.risk(x));
            }
            // the cache gives the same shaping again
            long[] z = x.clone();
            a.evade(z);
            assertEquals(java.util.Arrays.toString(y), java.util.Arrays.toString(z));
        }
        assertTrue(attacks > 20, "attack rows in the golden set: " + attacks);
        assertTrue(evaded > 0, "the evader evaded no row of " + attacks);
    }

    @Test
    void forced_rotations_stay_within_the_governors_rate_limit_per_device() throws Exception {
        Scenario s = Scenario.builder().seed(11).devices(60).days(2).window(Duration.ofMinutes(5)).rowsPerWindow(2)
                .groups(1).compromiseProbability(0).fixedInterval(Duration.ofHours(24))
                .telemetryInterval(Duration.ofHours(12)).build();
        TrafficSource traffic = new GoldenTraffic();
        // a forcer that holds every benign device's risk high: every feature, unbounded, a large budget
        // (one that drives the risk in and out of quarantine: GovernorPoliciesTest)
        Adversary forcer = new Adversary(model, ThreatModel.allControlled(model.featureCount()), 0, 1.0, 60_000);
        AdaptiveSettings settings = AdaptiveSettings.defaults();
        FleetSimulator sim = new FleetSimulator(s, traffic, new TinyModelRisk(
                Files.readAllBytes(TinyModelRiskTest.GOLDEN.resolve("forest-10.dktm")), "golden"), -1, 2).adversary(forcer);
        FleetSimulator clean = new FleetSimulator(s, traffic, new TinyModelRisk(
                Files.readAllBytes(TinyModelRiskTest.GOLDEN.resolve("forest-10.dktm")), "golden"), -1, 2);
        PolicyResult attacked = sim.run(List.of(settings.policy(20)), n -> new SimulatedGateway(s.devices()), Progress.SILENT)
                .policies().get(0);
        PolicyResult calm = clean.run(List.of(settings.policy(20)), n -> new SimulatedGateway(s.devices()), Progress.SILENT)
                .policies().get(0);
        FleetSimulator.AdversaryOutcome o = sim.adversaryOutcomes().get(0);
        GroupPolicy g = settings.groupPolicy();
        long bound = g.burst() + s.horizonMillis() / g.refillMillis();
        assertEquals(s.devices(), o.targets());
        assertTrue(o.forcedRotations() > calm.falseRotations(), "the forcer forced nothing: " + o + " vs " + calm.falseRotations());
        assertTrue(o.maxForcedPerDevice() <= bound, "a device rotated " + o.maxForcedPerDevice() + " times, bound " + bound);
        assertTrue(o.maxPerDevice24h() <= g.burst() + 24 * 3_600_000L / g.refillMillis(), o.toString());
        assertEquals(o.forcedRotations(), attacked.falseRotations(), "every forced rotation is a false one");
    }

    /** Benign rows: golden rows the model calls benign; attack rows: the others. */
    private static final class GoldenTraffic implements TrafficSource {
        private final List<long[]> benignRows = new ArrayList<>();
        private final List<long[]> attackRows = new ArrayList<>();

        GoldenTraffic() {
            for (long[] x : rows) {
                (classOf(x) == benign ? benignRows : attackRows).add(x);
            }
        }

        @Override
        public int[] featureIds() {
            int[] ids = new int[model.featureCount()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = model.featureId(i);
            }
            return ids;
        }

        @Override
        public List<String> attackTypes() {
            return List.of("golden");
        }

        @Override
        public void benign(SplittableRandom rng, int group, long[] out) {
            long[] x = benignRows.get(rng.nextInt(benignRows.size()));
            System.arraycopy(x, 0, out, 0, out.length);
        }

        @Override
        public void attack(SplittableRandom rng, int attackType, long[] out) {
            long[] x = attackRows.get(rng.nextInt(attackRows.size()));
            System.arraycopy(x, 0, out, 0, out.length);
        }

        @Override
        public String describe() {
            return "golden rows";
        }
    }
}
