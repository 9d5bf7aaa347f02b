package io.dynakey.fleet.run;

import io.dynakey.fleet.Adversary;
import io.dynakey.fleet.AdversaryFigures;
import io.dynakey.fleet.FixedIntervalPolicy;
import io.dynakey.fleet.TinyModelRisk;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Schemas;
import io.dynakey.trainer.robust.ThreatModel;
import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.FleetGatewayFactory;
import io.dynakey.fleet.FleetResult;
import io.dynakey.fleet.FleetSimulator;
import io.dynakey.fleet.LearnedPolicy;
import io.dynakey.fleet.OraclePolicy;
import io.dynakey.fleet.PolicyEnvironment;
import io.dynakey.fleet.PolicyLearner;
import io.dynakey.fleet.Progress;
import io.dynakey.fleet.RotationPolicy;
import io.dynakey.fleet.Scenario;
import io.dynakey.fleet.ShippedTable;
import io.dynakey.fleet.report.ComparisonTable;
import io.dynakey.trainer.sign.SigningKey;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs one scenario under the fixed, adaptive, learned and oracle policies and prints the comparison. */
public final class FleetRun {

    private FleetRun() {
    }

    /** Runs fixed, adaptive and learned (when a model is available) and oracle on the same scenario. */
    public static FleetResult run(FleetSettings o, FleetInputs in, FleetGatewayFactory gateways, PrintStream out)
            throws FleetException {
        return run(o, in, gateways, out, new ArrayList<>());
    }

    /** As {@link #run(FleetSettings, FleetInputs, FleetGatewayFactory, PrintStream)}, adding the adversary's figures to {@code notes}. */
    public static FleetResult run(FleetSettings o, FleetInputs in, FleetGatewayFactory gateways, PrintStream out,
                                  List<String> notes) throws FleetException {
        Scenario s = o.scenario();
        int attackType = -1;
        if (!Scenario.MIXED.equalsIgnoreCase(s.attackType())) {
            attackType = indexOfIgnoreCase(in.traffic().attackTypes(), s.attackType());
            if (attackType < 0) {
                throw new FleetException("unknown attack class '" + s.attackType() + "'; the traffic has "
                        + in.traffic().attackTypes() + " (or 'mixed')");
            }
        }
        FleetSimulator sim = new FleetSimulator(s, in.traffic(), in.model(), attackType, o.threads())
                .windowRiskMax(o.windowRisk() == FleetSettings.WindowRisk.MAX);
        Adversary adversary = adversary(o, in);
        if (adversary != null) {
            sim.adversary(adversary);
        }
        List<RotationPolicy> policies = new ArrayList<>();
        policies.add(new FixedIntervalPolicy(s.fixedIntervalHours()));
        for (int h : o.fixedSweepHours()) {
            if (h != s.fixedIntervalHours()) {
                policies.add(new FixedIntervalPolicy(h, "fixed-" + h + "h"));
            }
        }
        if (in.model() != null) {
            policies.add(o.adaptive().policy(20).temporal(o.temporal()));
            if (o.learned() && in.policyTraffic() != null) {
                policies.add(learnedPolicy(o, in, out));
            }
        }
        policies.add(new OraclePolicy(sim.plan(), o.adaptive().groupPolicy().maxKeyAgeSeconds()));
        out.printf("fleet: %d devices, %d days in %d-s windows, seed %d, %d compromises (%s)%n", s.devices(), s.days(),
                s.windowSeconds(), s.seed(), sim.plan().all().size(),
                attackType < 0 ? "mixed attack classes" : in.traffic().attackTypes().get(attackType));
        out.println("traffic: " + in.traffic().describe());
        out.println("model:   " + (in.model() == null ? "none (adaptive policy skipped)" : in.model().describe()
                + "; window risk = " + o.windowRisk().name().toLowerCase(java.util.Locale.ROOT) + " of " + s.rowsPerWindow() + " rows"));
        for (RotationPolicy p : policies) {
            out.println("policy:  " + p.describe());
        }
        FleetResult r = sim.run(policies, gateways, new Progress(System.err, "", s.windows()));
        out.println("gateway: " + r.gateway());
        out.println();
        out.print(ComparisonTable.format(r));
        if (adversary != null) {
            r = r.withAdversary(AdversaryFigures.of(adversary, sim, rateLimitPerDevice(o)));
            List<String> lines = adversaryLines(adversary, sim, r, o);
            out.println();
            for (String l : lines) {
                out.println(l);
            }
            notes.addAll(lines);
        }
        return r;
    }

    private static Adversary adversary(FleetSettings o, FleetInputs in) throws FleetException {
        if (o.evadeEpsilon() == 0 && o.forceShare() == 0) {
            return null;
        }
        if (!(in.model() instanceof TinyModelRisk t)) {
            throw new FleetException("--evade and --force-rotations need the device's model (replayed --data or --model)");
        }
        try {
            Schema schema = o.schema() != null ? o.schema() : Schemas.named(Schemas.IOT23);
            return new Adversary(t.model(), ThreatModel.of(schema, t.model()), o.evadeEpsilon(), o.forceShare(),
                    o.forceEpsilon());
        } catch (IllegalArgumentException | io.dynakey.trainer.data.DataException e) {
            throw new FleetException("adversary: " + e.getMessage(), e);
        }
    }

    static List<String> adversaryLines(Adversary a, FleetSimulator sim, FleetResult r, FleetSettings o) {
        List<String> lines = new ArrayList<>();
        int[] cached = a.cached();
        lines.add("adversary: " + a.describe() + "; distinct rows searched: " + cached[0] + " evaded, " + cached[1] + " forced");
        var g = o.adaptive().groupPolicy();
        long bound = rateLimitPerDevice(o);
        for (FleetSimulator.AdversaryOutcome x : sim.adversaryOutcomes()) {
            var p = r.policies().stream().filter(q -> q.policy().equals(x.policy())).findFirst().orElse(null);
            String expo = p == null ? "" : String.format(Locale.ROOT, "exposure mean %s, max %s, rotations/device-day %.3f",
                    ComparisonTable.duration(p.exposureMeanSeconds()), ComparisonTable.duration(p.exposurePercentileSeconds(100)),
                    p.rotationsPerDeviceDay());
            lines.add(String.format(Locale.ROOT, "adversary[%s]: %s; forcer: %d targets, %d forced rotations = %.3f per "
                            + "targeted device-day, worst device %d (worst day %d); governor rate-limit bound %d per device "
                            + "over the run (burst %d + 1 per %d s)", x.policy(), expo, x.targets(), x.forcedRotations(),
                    x.forcedPerDeviceDay(), x.maxForcedPerDevice(), x.maxPerDevice24h(), bound, g.burst(),
                    g.refillMillis() / 1000));
        }
        return lines;
    }

    /** ROTATE_NOW rotations the governor's token bucket allows one device over the run: burst + one per refill. */
    static long rateLimitPerDevice(FleetSettings o) {
        var g = o.adaptive().groupPolicy();
        return g.burst() + o.scenario().horizonMillis() / Math.max(1, g.refillMillis());
    }

    /** Devices of the training scenario the policy learns on (its windows are scored once, then replayed). */
    static final int TRAINING_DEVICES = 1000;

    /**
     * Learns the rotation table on the policy's training traffic under a scenario of its own (another
     * seed, so other compromises and other rows), never on the traffic the fleet replays.
     */
    static LearnedPolicy learnedPolicy(FleetSettings o, FleetInputs in, PrintStream out) throws FleetException {
        Scenario s = o.scenario();
        Scenario training = s.toBuilder().seed(s.seed() ^ TRAINING_SEED).devices(Math.min(s.devices(), TRAINING_DEVICES))
                .build();
        int attackType = -1;
        if (!Scenario.MIXED.equalsIgnoreCase(s.attackType())) {
            attackType = indexOfIgnoreCase(in.policyTraffic().attackTypes(), s.attackType());
        }
        PolicyLearner.Budget budget = PolicyLearner.Budget.ofFixedHours(s.fixedIntervalHours());
        long t0 = System.nanoTime();
        Progress progress = new Progress(System.err, "policy", training.devices());
        PolicyEnvironment env = new PolicyEnvironment(training, in.policyTraffic(), in.model(), attackType,
                o.windowRisk() == FleetSettings.WindowRisk.MAX, o.threads(), progress);
        PolicyLearner.Learned l = PolicyLearner.learn(env, o.adaptive().groupPolicy(), o.adaptive().smoothingPermille(),
                budget, o.threads(), progress);
        String trained = String.format(Locale.ROOT, "learned on %s, %d training devices, %d days, seed %d%s: %d tables, "
                        + "%d within budget; %s (training: exposure %s vs calendar %s; %.1f s)",
                env.hasTemporal() ? "the temporal student's risk" : "the window's row risk",
                training.devices(), training.days(), training.seed(),
                attackType < 0 && !Scenario.MIXED.equalsIgnoreCase(s.attackType()) ? " (its traffic lacks "
                        + s.attackType() + ": mixed attack classes)" : "",
                l.candidates(), l.feasible(), l.why(), ComparisonTable.duration(l.chosen().exposureMeanSeconds()),
                ComparisonTable.duration(l.calendar().exposureMeanSeconds()), (System.nanoTime() - t0) / 1e9);
        out.println("learning: " + trained);
        // the devices run the table as a board would: from the signed model file's rotation section
        if (in.modelFile() == null) {
            throw new FleetException("the learned policy needs the model file to carry its table, and these inputs have none");
        }
        try (SigningKey key = SigningKey.generate()) {
            ShippedTable shipped = ShippedTable.ship(l.table(), in.modelFile(), key, o.adaptive().groupPolicy(),
                    trained + "; run from the table in the signed model file (rotation schedule section, "
                            + "signature verified with a fresh demo key)");
            out.printf(Locale.ROOT, "learning: the table travels in the signed model file: %,d bytes (%,d "
                    + "without the table), verified and read back by the device's reader%n", shipped.file().length,
                    in.modelFile().length);
            return shipped.policy();
        }
    }

    /** Mixed into the scenario's seed for the training scenario. */
    static final long TRAINING_SEED = 0x6C6561726E6564L;

    private static int indexOfIgnoreCase(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
