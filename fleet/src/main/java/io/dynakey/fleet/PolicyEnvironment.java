package io.dynakey.fleet;

import io.dynakey.device.model.TemporalDetector;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.models.TinyModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet simulator as a fast environment for learning a rotation policy. Every window's risk
 * is computed once, for both states a device can be in (its stolen key still works, or it does
 * not), with the same rows the {@link FleetSimulator} draws; a policy is then replayed against
 * these traces with the {@link SimulatedGateway}'s rules (a stolen key dies at the next rotation
 * after the theft), without scoring a single row again. A policy evaluation therefore costs
 * microseconds per device-day instead of the model's evaluation, and gives the same exposures,
 * rotations and false rotations as the simulator on the same scenario (tested).
 *
 * <p>When the model carries a temporal student (format 1.2), each window is kept as the summary
 * the device's {@link TemporalDetector} reduces its rows to (mean, maximum, share of high-risk
 * rows, and the features' means if the student reads them), and a policy that reads the student
 * ({@link RotationPolicy#temporal}) gets the student's risk from a detector replayed over these
 * summaries, started over at every rotation as the simulator and the device start it over. The
 * student's risk depends on when the keys rotated, so it cannot be scored once; its replay costs
 * one state update and one second-stage evaluation per window, still no row.
 *
 * <p>Build it on training scenarios only (training traffic, a seed of its own): what it measures
 * is what the learner optimises.
 */
public final class PolicyEnvironment {

    private final Scenario scenario;
    private final CompromisePlan plan;
    /** Per device and window: the window's summary, as {@link WindowRisks#summary} packs it. */
    private final int[][] benign;
    private final int[][] attacked;
    /** The model when it carries a temporal student, else null. */
    private final TinyModel temporal;
    /** Per device: each window's feature means (the model's feature count per window), when the student reads them; else null. */
    private final char[][] benignMeans;
    private final char[][] attackedMeans;
    private final int features;
    private final int[] attackedFrom;
    private final boolean windowMax;

    /**
     * Scores every device's windows once (the expensive part), on {@code threads} threads.
     *
     * @param attackType attack class every compromise uses, or -1 for a random one each
     * @param windowMax for policies that leave the reduction to the run: the window's risk is the maximum of its rows' (else the mean)
     */
    public PolicyEnvironment(Scenario scenario, TrafficSource traffic, RiskModel model, int attackType,
                             boolean windowMax, int threads, Progress progress) throws FleetException {
        this.scenario = scenario;
        this.plan = CompromisePlan.draw(scenario, traffic.attackTypes().size(), attackType);
        int n = scenario.devices();
        int windows = scenario.windows();
        this.benign = new int[n][];
        this.attacked = new int[n][];
        this.attackedFrom = new int[n];
        this.windowMax = windowMax;
        TinyModel m = model instanceof TinyModelRisk t && t.model().hasTemporal() ? t.model() : null;
        this.temporal = m;
        boolean means = m != null && new TemporalDetector(m).state().needsFeatureMeans();
        this.features = m == null ? 0 : m.featureCount();
        this.benignMeans = means ? new char[n][] : null;
        this.attackedMeans = means ? new char[n][] : null;
        int highRow = m == null ? 1000 : m.temporalHighRowPermille();
        WindowRisks risks = new WindowRisks(scenario, traffic, model, plan);
        AtomicLong done = new AtomicLong();
        List<Callable<Void>> tasks = new ArrayList<>();
        int chunk = Math.max(1, n / (Math.max(1, threads) * 4));
        for (int lo = 0; lo < n; lo += chunk) {
            int from = lo;
            int to = Math.min(n, lo + chunk);
            tasks.add(() -> {
                long[] row = risks.rowBuffer();
                long[] input = risks.inputBuffer();
                for (int d = from; d < to; d++) {
                    int[] b = new int[windows];
                    char[] bm = means ? new char[windows * features] : null;
                    for (int w = 0; w < windows; w++) {
                        b[w] = risks.summary(d, w, w * scenario.windowMillis(), false, row, input, highRow, m, bm,
                                w * features);
                    }
                    benign[d] = b;
                    if (means) {
                        benignMeans[d] = bm;
                    }
                    Compromise c = plan.of(d);
                    if (c != null) {
                        int first = (int) Math.min(windows, c.atMillis() / scenario.windowMillis());
                        int[] a = new int[windows - first];
                        char[] am = means ? new char[(windows - first) * features] : null;
                        for (int w = first; w < windows; w++) {
                            a[w - first] = risks.summary(d, w, w * scenario.windowMillis(), true, row, input, highRow, m,
                                    am, (w - first) * features);
                        }
                        attackedFrom[d] = first;
                        attacked[d] = a;
                        if (means) {
                            attackedMeans[d] = am;
                        }
                    }
                    progress.update(done.incrementAndGet(), "scored the windows of " + done.get() + "/" + n + " devices");
                }
                return null;
            });
        }
        ExecutorService pool = Workers.pool(threads, "policy-environment");
        try {
            Workers.invokeAll(pool, tasks, "scoring the training windows");
        } finally {
            pool.shutdownNow();
        }
        progress.finish(n + " devices, " + plan.all().size() + " compromises");
    }

    /** The scenario the environment replays. */
    public Scenario scenario() {
        return scenario;
    }

    /** The scenario's compromises. */
    public CompromisePlan plan() {
        return plan;
    }

    /** Whether the model carries a temporal student, whose risk a {@link RotationPolicy#temporal} policy reads here. */
    public boolean hasTemporal() {
        return temporal != null;
    }

    /**
     * What one policy achieves in this environment.
     *
     * @param exposureMeanSeconds mean time a stolen key works (censored at the run's end)
     * @param rotations all rotations
     * @param falseRotations risk-driven rotations while no attacker held the key
     * @param devices devices
     * @param days simulated days
     * @param compromises compromises
     */
    public record Outcome(double exposureMeanSeconds, long rotations, long falseRotations, int devices, int days,
                          int compromises) {

        /** Rotations per device per day. */
        public double rotationsPerDeviceDay() {
            return rotations / ((double) devices * days);
        }

        /** False rotations per device per day. */
        public double falseRotationsPerDeviceDay() {
            return falseRotations / ((double) devices * days);
        }
    }

    /** Replays one policy (a fresh instance: it is started here) over the whole scenario. */
    public Outcome evaluate(RotationPolicy policy) {
        return evaluate(policy, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * As {@link #evaluate(RotationPolicy)}, but gives up as soon as the policy has rotated more than
     * {@code maxRotations} times, or falsely more than {@code maxFalseRotations} times (both only
     * grow): the outcome then counts the rotations so far (already past the limit) and an infinite
     * exposure. The learner uses it to drop tables beyond the budget early.
     */
    public Outcome evaluate(RotationPolicy policy, long maxRotations, long maxFalseRotations) {
        int n = scenario.devices();
        int windows = scenario.windows();
        long w = scenario.windowMillis();
        policy.start(scenario, n);
        boolean risk = policy.usesRisk();
        boolean max = policy.windowReduction() != null ? policy.windowReduction() == RotationPolicy.WindowReduction.MAX
                : windowMax;
        boolean student = risk && policy.temporal() && temporal != null;
        TemporalDetector detector = student ? new TemporalDetector(temporal) : null;
        int[] fm = student && benignMeans != null ? new int[features] : null;
        boolean[] ended = new boolean[n];
        long exposureSum = 0;
        long rotations = 0;
        long falseRotations = 0;
        // devices do not interact (the policy keeps its state per device): one device at a time
        // walks its own traces in order, instead of every device's at each window
        for (int d = 0; d < n; d++) {
            Compromise c = plan.of(d);
            int[] ben = benign[d];
            int[] att = attacked[d];
            int from = attackedFrom[d];
            boolean stolen = false;
            if (detector != null) {
                detector.reset();
            }
            for (int i = 0; i < windows; i++) {
                long start = i * w;
                long end = start + w;
                int r = -1;
                if (risk) {
                    boolean onAttack = c != null && !ended[d] && i >= from;
                    int sum = onAttack ? att[i - from] : ben[i];
                    if (detector != null) {
                        if (fm != null) {
                            char[] src = onAttack ? attackedMeans[d] : benignMeans[d];
                            int off = (onAttack ? i - from : i) * features;
                            for (int f = 0; f < features; f++) {
                                fm[f] = src[off + f];
                            }
                        }
                        detector.closeWindow(WindowRisks.summaryMean(sum), WindowRisks.summaryMax(sum),
                                WindowRisks.summaryHighShare(sum), fm, end);
                        // what the simulator and the device read: the second stage's, or the fast path's
                        r = detector.lastDecisionRisk();
                    } else {
                        int both = WindowRisks.risksOf(sum);
                        r = max ? WindowRisks.max(both) : WindowRisks.mean(both);
                    }
                }
                long at = policy.decide(d, start, end, r);
                boolean theft = c != null && c.atMillis() > start && c.atMillis() <= end;
                if (theft && (at < 0 || at >= c.atMillis())) {
                    stolen = true;
                }
                if (at >= 0) {
                    int reason = policy.lastReason(d);
                    boolean underAttack = c != null && at >= c.atMillis() && !ended[d] && stolen;
                    policy.rotated(d, at);
                    if (detector != null) {
                        // as the simulator and the device: the evidence was about the key that is gone
                        detector.reset();
                    }
                    rotations++;
                    if (reason == RotationReason.RISK && !underAttack) {
                        falseRotations++;
                    }
                    if (stolen && !ended[d]) {
                        ended[d] = true;
                        exposureSum += at - c.atMillis();
                    }
                }
                if (theft && at >= 0 && at < c.atMillis()) {
                    stolen = true;
                }
            }
            if (rotations > maxRotations || falseRotations > maxFalseRotations) {
                return new Outcome(Double.POSITIVE_INFINITY, rotations, falseRotations, n, scenario.days(),
                        plan.all().size());
            }
        }
        for (Compromise c : plan.all()) {
            if (!ended[c.device()]) {
                exposureSum += scenario.horizonMillis() - c.atMillis();
            }
        }
        int k = plan.all().size();
        return new Outcome(k == 0 ? Double.NaN : exposureSum / 1000.0 / k, rotations, falseRotations, n,
                scenario.days(), k);
    }
}
