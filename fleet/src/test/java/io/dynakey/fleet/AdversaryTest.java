package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.fleet.report.LedgerSummary;
import io.dynakey.fleet.report.ResultsJson;
import io.dynakey.models.TinyModel;
import io.dynakey.trainer.report.Json;
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
        FleetResult run = sim.run(List.of(settings.policy(20)), n -> new SimulatedGateway(s.devices()), Progress.SILENT);
        PolicyResult attacked = run.policies().get(0);
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

        // results.json carries the same figures as structured fields of the policy
        JsonNode json = Json.read(ResultsJson.render(run.withAdversary(AdversaryFigures.of(forcer, sim, bound)),
                LedgerSummary.absent("test"), List.of()));
        JsonNode a = json.path("policies").path(attacked.policy()).path("adversary");
        assertTrue(a.path("evader").isMissingNode(), "no evader ran: " + a);
        JsonNode f = a.path("forcer");
        assertEquals(s.devices(), f.path("targeted_devices").asInt());
        assertEquals(o.forcedRotations(), f.path("forced_rotations").asLong());
        assertEquals(o.forcedPerDeviceDay(), f.path("forced_rotations_per_targeted_device_day").asDouble(), 1e-12);
        assertEquals(o.maxForcedPerDevice(), f.path("worst_device_rotations").asInt());
        assertEquals(o.maxPerDevice24h(), f.path("worst_device_day_rotations").asInt());
        assertEquals(bound, f.path("rate_limit_per_device").asLong());
        assertTrue(f.path("within_rate_limit").asBoolean(), f.toString());
    }

    @Test
    void results_json_gives_the_exposure_under_the_evader_per_policy() throws Exception {
        Scenario s = Scenario.builder().seed(5).devices(40).days(2).window(Duration.ofMinutes(5)).rowsPerWindow(2)
                .groups(1).compromiseProbability(0.5).fixedInterval(Duration.ofHours(24))
                .telemetryInterval(Duration.ofHours(12)).build();
        Adversary evader = new Adversary(model, threat, 4_000, 0, 0);
        FleetSimulator sim = new FleetSimulator(s, new GoldenTraffic(), new TinyModelRisk(
                Files.readAllBytes(TinyModelRiskTest.GOLDEN.resolve("forest-10.dktm")), "golden"), -1, 2).adversary(evader);
        FleetResult run = sim.run(List.of(AdaptiveSettings.defaults().policy(20), new FixedIntervalPolicy(24)),
                n -> new SimulatedGateway(s.devices()), Progress.SILENT);
        JsonNode json = Json.read(ResultsJson.render(run.withAdversary(AdversaryFigures.of(evader, sim, 16)),
                LedgerSummary.absent("test"), List.of()));
        for (PolicyResult p : run.policies()) {
            JsonNode e = json.path("policies").path(p.policy()).path("adversary").path("evader");
            assertEquals(4_000, e.path("epsilon").asInt(), p.policy() + ": " + e);
            assertEquals(p.exposures().size(), e.path("compromises").asInt());
            assertTrue(p.exposures().size() > 0, "no compromise in the scenario");
            assertEquals(p.exposureMeanSeconds(), e.path("exposure_mean_s").asDouble(), 1e-9);
            assertEquals(p.exposurePercentileSeconds(95), e.path("exposure_p95_s").asDouble(), 1e-9);
            assertEquals(p.exposurePercentileSeconds(100), e.path("exposure_max_s").asDouble(), 1e-9);
            assertTrue(json.path("policies").path(p.policy()).path("adversary").path("forcer").isMissingNode());
        }
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
