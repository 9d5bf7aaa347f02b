package io.dynakey.fleet;

import io.dynakey.device.model.TemporalDetector;
import io.dynakey.models.TinyModel;

import io.dynakey.device.wire.RotationReason;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one scenario under several rotation policies, each against a fresh gateway.
 *
 * <p>Virtual time advances window by window. Each window has two phases. In the device phase,
 * every device draws its rows for the window (benign, or attack rows while an attacker holds its
 * key), its model scores them and its policy decides; this is local computation, spread over the
 * worker threads. In the network phase, the devices that must talk to the gateway do so: key theft
 * (the attacker copies the current key), rotations, probes of stolen keys, telemetry batches. Only
 * this phase crosses DTLS, which is what lets thousands of devices run days in minutes.
 *
 * <p>A stolen key's exposure ends at the rotation after which the gateway refuses it (checked by
 * a real handshake with the stolen key when the gateway is real).
 */
public final class FleetSimulator {

    private static final long HOUR = 3_600_000L;
    private static final long TRACE_BEFORE = 6 * HOUR;
    private static final long TRACE_AFTER = 6 * HOUR;

    private final Scenario scenario;
    private final TrafficSource traffic;
    private final RiskModel model;
    private final int threads;
    private final CompromisePlan plan;
    private WindowRisks risks;
    private Adversary adversary;
    private final List<AdversaryOutcome> adversaryOutcomes = new ArrayList<>();
    private RotationPolicy.WindowReduction reduction = RotationPolicy.WindowReduction.MEAN;

    /**
     * @param attackType index of the attack class every compromise uses, or -1 for a random one each
     * @param threads worker threads (device phase and concurrent DTLS exchanges)
     */
    public FleetSimulator(Scenario scenario, TrafficSource traffic, RiskModel model, int attackType, int threads) {
        this.scenario = scenario;
        this.traffic = traffic;
        this.model = model;
        this.threads = Math.max(1, threads);
        this.plan = CompromisePlan.draw(scenario, traffic.attackTypes().size(), attackType);
        this.risks = model == null ? null : new WindowRisks(scenario, traffic, model, plan);
    }

    /**
     * How a device turns its rows' risks into the window's risk for policies that leave it to the
     * run ({@link RotationPolicy#windowReduction}): the mean (default) or the maximum. The mean
     * resists single false positives; the maximum still sees an attack that makes up only a few of
     * the window's rows.
     */
    public FleetSimulator windowRiskMax(boolean max) {
        this.reduction = max ? RotationPolicy.WindowReduction.MAX : RotationPolicy.WindowReduction.MEAN;
        return this;
    }

    /**
     * Puts attackers who know the model into the fleet (null: none): the evader shapes the attack
     * rows of compromised devices, the rotation forcer the benign rows of the devices it targets.
     */
    public FleetSimulator adversary(Adversary a) {
        this.adversary = a;
        this.risks = model == null ? null : new WindowRisks(scenario, traffic, model, plan, a);
        return this;
    }

    /** Per policy run so far, what the adversary achieved (empty without one). */
    public List<AdversaryOutcome> adversaryOutcomes() {
        return List.copyOf(adversaryOutcomes);
    }

    /**
     * What the adversary did to one policy.
     *
     * @param targets              benign devices the forcer spoofed into
     * @param forcedRotations      risk rotations on those devices (all needless)
     * @param maxForcedPerDevice   most risk rotations on one targeted device
     * @param maxPerDevice24h      most risk rotations on one targeted device within one calendar day
     */
    public record AdversaryOutcome(String policy, int targets, long forcedRotations, int maxForcedPerDevice,
                                   int maxPerDevice24h, int days) {
        /** @return forced rotations per targeted device-day */
        public double forcedPerDeviceDay() {
            return targets == 0 ? 0 : (double) forcedRotations / ((double) targets * days);
        }
    }

    /** The scenario's compromises. */
    public CompromisePlan plan() {
        return plan;
    }

    /** Runs every policy in order, each on a gateway from {@code gateways}. */
    public FleetResult run(List<RotationPolicy> policies, FleetGatewayFactory gateways, Progress progress)
            throws FleetException {
        List<PolicyResult> results = new ArrayList<>();
        String gatewayDescription = "";
        for (RotationPolicy p : policies) {
            try (FleetGateway gw = gateways.open(p.name())) {
                gatewayDescription = gw.describe();
                results.add(runPolicy(p, gw, progress.child(p.name(), scenario.windows())));
            }
        }
        return new FleetResult(scenario, traffic.describe(), model == null ? "none" : model.describe(),
                gatewayDescription, plan.all().size(), List.copyOf(results));
    }

    /** Per-run mutable state, indexed by device. */
    private final class Run {
        final RotationPolicy policy;
        final FleetGateway gw;
        final int n = scenario.devices();
        final FleetGateway.Device[] devices = new FleetGateway.Device[n];
        final FleetGateway.StolenKey[] stolen = new FleetGateway.StolenKey[n];
        final boolean[] ended = new boolean[n];
        final long[] pendingRotation = new long[n];
        final int[] windowRisk = new int[n];
        final int[] windowMaxRisk = new int[n];
        final long[] telemetryNext = new long[n];
        final long[] rotationsByReason = new long[RotationReason.MAX_DEFINED + 1];
        final int[] perHour = new int[scenario.days() * 24];
        final List<ExposureSample> exposures = Collections.synchronizedList(new ArrayList<>());
        final short[][] traceRaw = new short[n][];
        final short[][] traceSmooth = new short[n][];
        final long[] endedAt = new long[n];
        final AtomicLong falseRotations = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong deviceCpu = new AtomicLong();
        final AtomicLong rotations = new AtomicLong();
        /** Risk rotations per device and calendar day. */
        final int[][] riskRotations = new int[n][scenario.days() + 1];
        /** One temporal detector per device, for a policy that reads the student; else null. */
        final TemporalDetector[] temporal;

        Run(RotationPolicy policy, FleetGateway gw) {
            this.policy = policy;
            this.gw = gw;
            TinyModel m = model instanceof TinyModelRisk t ? t.model() : null;
            if (policy.temporal() && policy.usesRisk() && m != null && m.hasTemporal()) {
                temporal = new TemporalDetector[n];
                for (int d = 0; d < n; d++) {
                    temporal[d] = new TemporalDetector(m);
                }
            } else {
                temporal = null;
            }
            java.util.Arrays.fill(endedAt, -1);
        }
    }

    private PolicyResult runPolicy(RotationPolicy policy, FleetGateway gw, Progress progress) throws FleetException {
        long wallStart = System.nanoTime();
        Run run = new Run(policy, gw);
        policy.start(scenario, run.n);
        ExecutorService pool = Workers.pool(threads, "fleet-" + policy.name());
        try {
            progress.update(0, "enrolling " + run.n + " devices ...");
            enrol(run, pool, progress);
            long w = scenario.windowMillis();
            int windows = scenario.windows();
            for (int i = 0; i < windows; i++) {
                long start = i * w;
                long end = start + w;
                devicePhase(run, pool, i, start, end);
                networkPhase(run, pool, start, end);
                progress.update(i + 1, run.rotations.get() + " rotations, "
                        + run.exposures.size() + "/" + plan.all().size() + " keys dead");
            }
            progress.finish(run.rotations.get() + " rotations, " + run.exposures.size() + "/"
                    + plan.all().size() + " stolen keys dead, " + gw.counters().keyManagementBytes() / 1024 + " KiB");
        } finally {
            pool.shutdownNow();
        }
        for (Compromise c : plan.all()) {
            if (!run.ended[c.device()]) {
                run.exposures.add(new ExposureSample(c, scenario.horizonMillis() - c.atMillis(), true, 0));
            }
        }
        List<ExposureSample> exposures = new ArrayList<>(run.exposures);
        exposures.sort((a, b) -> Long.compare(a.compromise().atMillis(), b.compromise().atMillis()));
        if (adversary != null) {
            int targets = 0;
            long forced = 0;
            int maxDev = 0;
            int maxDay = 0;
            for (int d = 0; d < run.n; d++) {
                if (plan.of(d) == null && adversary.targets(scenario.seed(), d)) {
                    targets++;
                    int sum = 0;
                    for (int v : run.riskRotations[d]) {
                        sum += v;
                        maxDay = Math.max(maxDay, v);
                    }
                    forced += sum;
                    maxDev = Math.max(maxDev, sum);
                }
            }
            synchronized (adversaryOutcomes) {
                adversaryOutcomes.add(new AdversaryOutcome(policy.name(), targets, forced, maxDev, maxDay, scenario.days()));
            }
        }
        return new PolicyResult(policy.name(), policy.describe(), run.n, scenario.days(), List.copyOf(exposures),
                run.rotationsByReason.clone(), run.falseRotations.get(), run.perHour.clone(), gw.counters(),
                System.nanoTime() - wallStart, run.deviceCpu.get(), traces(run), run.failures.get());
    }

    private List<RiskTrace> traces(Run run) {
        if (!run.policy.usesRisk()) {
            return List.of();
        }
        List<RiskTrace> out = new ArrayList<>();
        for (Compromise c : plan.all()) {
            short[] raw = run.traceRaw[c.device()];
            if (raw != null) {
                long first = traceStartWindow(c) * scenario.windowMillis();
                out.add(new RiskTrace(c, first, scenario.windowMillis(), raw, run.traceSmooth[c.device()],
                        run.endedAt[c.device()]));
            }
        }
        return out;
    }

    private long traceStartWindow(Compromise c) {
        return Math.max(0, (c.atMillis() - TRACE_BEFORE) / scenario.windowMillis());
    }

    private void enrol(Run run, ExecutorService pool, Progress progress) throws FleetException {
        AtomicLong enrolled = new AtomicLong();
        SplittableRandom phase = new SplittableRandom(scenario.seed() ^ 0x74656C65L);
        long batch = scenario.telemetryBatchHours() * HOUR;
        for (int d = 0; d < run.n; d++) {
            run.telemetryNext[d] = batch == 0 ? Long.MAX_VALUE : 1 + (long) (phase.nextDouble() * batch);
            run.pendingRotation[d] = RotationPolicy.NO_ROTATION;
        }
        List<Callable<Void>> tasks = new ArrayList<>();
        int chunk = Math.max(1, run.n / (threads * 4));
        for (int lo = 0; lo < run.n; lo += chunk) {
            int from = lo;
            int to = Math.min(run.n, lo + chunk);
            tasks.add(() -> {
                for (int d = from; d < to; d++) {
                    run.devices[d] = run.gw.enroll(d, d % scenario.groups());
                    long e = enrolled.incrementAndGet();
                    if (e % 50 == 0) {
                        progress.update(0, "enrolled " + e + "/" + run.n + " devices");
                    }
                }
                return null;
            });
        }
        invokeAll(pool, tasks);
    }

    private void devicePhase(Run run, ExecutorService pool, int window, long start, long end) throws FleetException {
        List<Callable<Void>> tasks = new ArrayList<>();
        int chunk = Math.max(64, run.n / (threads * 2));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int lo = 0; lo < run.n; lo += chunk) {
            int from = lo;
            int to = Math.min(run.n, lo + chunk);
            tasks.add(() -> {
                long cpu0 = mx.getCurrentThreadCpuTime();
                boolean max = (run.policy.windowReduction() != null ? run.policy.windowReduction() : reduction)
                        == RotationPolicy.WindowReduction.MAX;
                long[] row = risks == null ? null : risks.rowBuffer();
                long[] input = risks == null ? null : risks.inputBuffer();
                for (int d = from; d < to; d++) {
                    int risk = -1;
                    if (run.policy.usesRisk() && model != null) {
                        int both = risks.risks(d, window, start, !run.ended[d], row, input,
                                run.temporal == null ? null : run.temporal[d]);
                        risk = max ? WindowRisks.max(both) : WindowRisks.mean(both);
                    }
                    run.windowRisk[d] = risk;
                    run.windowMaxRisk[d] = Math.max(run.windowMaxRisk[d], risk);
                    run.pendingRotation[d] = run.policy.decide(d, start, end, risk);
                    recordTrace(run, d, window, start, risk);
                }
                run.deviceCpu.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                return null;
            });
        }
        invokeAll(pool, tasks);
    }

    private void recordTrace(Run run, int d, int window, long start, int risk) {
        Compromise c = plan.of(d);
        if (c == null || risk < 0) {
            return;
        }
        long first = traceStartWindow(c);
        int len = (int) ((TRACE_BEFORE + TRACE_AFTER) / scenario.windowMillis());
        int idx = (int) (window - first);
        if (idx < 0 || idx >= len) {
            return;
        }
        if (run.traceRaw[d] == null) {
            run.traceRaw[d] = new short[len];
            run.traceSmooth[d] = new short[len];
            java.util.Arrays.fill(run.traceRaw[d], (short) -1);
            java.util.Arrays.fill(run.traceSmooth[d], (short) -1);
        }
        run.traceRaw[d][idx] = (short) risk;
        if (run.policy instanceof AdaptivePolicy a) {
            run.traceSmooth[d][idx] = (short) a.smoothedRisk(d);
        } else if (run.policy instanceof LearnedPolicy l) {
            run.traceSmooth[d][idx] = (short) l.smoothedRisk(d);
        }
    }

    private void networkPhase(Run run, ExecutorService pool, long start, long end) throws FleetException {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int d = 0; d < run.n; d++) {
            Compromise c = plan.of(d);
            boolean theft = c != null && c.atMillis() > start && c.atMillis() <= end;
            boolean probe = c != null && run.stolen[d] != null && !run.ended[d] && run.pendingRotation[d] < 0
                    && run.devices[d].epoch() != run.stolen[d].epoch();
            boolean telemetry = run.telemetryNext[d] <= end;
            if (theft || probe || telemetry || run.pendingRotation[d] >= 0) {
                int dev = d;
                tasks.add(() -> {
                    deviceExchanges(run, dev, start, end, theft, probe, telemetry);
                    return null;
                });
            }
        }
        invokeAll(pool, tasks);
    }

    private void deviceExchanges(Run run, int d, long start, long end, boolean theft, boolean probe, boolean telemetry) {
        Compromise c = plan.of(d);
        long rotateAt = run.pendingRotation[d];
        try {
            if (theft && (rotateAt < 0 || rotateAt >= c.atMillis())) {
                run.stolen[d] = run.gw.steal(run.devices[d]);
            }
            if (rotateAt >= 0) {
                int reason = run.policy.lastReason(d);
                boolean underAttack = c != null && rotateAt >= c.atMillis() && !run.ended[d] && run.stolen[d] != null;
                run.gw.rotate(run.devices[d], reason, Math.max(0, run.windowRisk[d]), rotateAt);
                run.policy.rotated(d, rotateAt);
                if (run.temporal != null) {
                    // the evidence was about the key that is gone: the device starts its history over
                    run.temporal[d].reset();
                }
                run.rotations.incrementAndGet();
                synchronized (run.rotationsByReason) {
                    run.rotationsByReason[reason]++;
                    run.perHour[(int) Math.min(run.perHour.length - 1, rotateAt / HOUR)]++;
                }
                if (reason == RotationReason.RISK) {
                    run.riskRotations[d][(int) Math.min(scenario.days(), rotateAt / (24 * HOUR))]++;
                }
                if (reason == RotationReason.RISK && !underAttack) {
                    run.falseRotations.incrementAndGet();
                }
                if (run.stolen[d] != null && !run.ended[d] && !run.gw.accepts(run.stolen[d])) {
                    endExposure(run, d, c, rotateAt, reason);
                }
            }
            if (theft && rotateAt >= 0 && rotateAt < c.atMillis()) {
                run.stolen[d] = run.gw.steal(run.devices[d]);
            }
            if (probe && !run.gw.accepts(run.stolen[d])) {
                endExposure(run, d, c, end, run.policy.lastReason(d));
            }
            if (telemetry) {
                run.gw.telemetry(run.devices[d], scenario.rowsPerWindow()
                        * (int) (scenario.telemetryBatchHours() * HOUR / scenario.windowMillis()), run.windowMaxRisk[d], end);
                run.telemetryNext[d] += scenario.telemetryBatchHours() * HOUR;
                run.windowMaxRisk[d] = 0;
            }
        } catch (FleetException e) {
            run.failures.incrementAndGet();
        } finally {
            run.pendingRotation[d] = RotationPolicy.NO_ROTATION;
        }
    }

    private void endExposure(Run run, int d, Compromise c, long at, int reason) {
        run.ended[d] = true;
        run.endedAt[d] = at;
        run.exposures.add(new ExposureSample(c, at - c.atMillis(), false, reason));
    }

    private static void invokeAll(ExecutorService pool, List<Callable<Void>> tasks) throws FleetException {
        Workers.invokeAll(pool, tasks, "fleet step");
    }

    /** A well-mixed 64-bit seed from the run seed, a device and a window. */
    static long mix(long seed, long device, long window) {
        long z = seed + 0x9E3779B97F4A7C15L * (device + 1) + 0xC2B2AE3D27D4EB4FL * (window + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
