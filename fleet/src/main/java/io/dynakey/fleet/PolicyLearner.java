package io.dynakey.fleet;

import io.dynakey.device.governor.GroupPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Learns a {@link RotationTable} by direct policy search in a {@link PolicyEnvironment} built on
 * training data: every table of a grid (calendar stretched beyond the budget's interval, one risk
 * band with its edge and its age, on the mean or the maximum of the window's rows) is replayed under the shield, the best few are refined over the
 * smoothing and the edge, and the table with the least mean exposure wins among those that keep
 * to the rotation budget and the false-rotation limit. The
 * budget's own calendar is always a candidate and wins unless a table beats it by the required
 * margin, so the result is never worse than that calendar on the training scenario (no-regret by
 * construction) and becomes that calendar where the model carries no usable signal. Why a search
 * and not Q-learning: {@code docs/policy.md}.
 */
public final class PolicyLearner {

    /** Calendar stretches tried, in multiples of the budget's interval. */
    static final double[] CALENDAR_STRETCH = {1.0, 1.15, 1.3, 1.5, 1.75, 2.0};
    /** Risk band edges tried, permille. */
    static final int[] EDGES = {100, 200, 300, 400, 500, 600, 700, 800, 900};
    /** Smoothings tried: weight of the newest window, permille (lower remembers longer, and sees a diluted attack). */
    static final int[] SMOOTHINGS = {50, 125, 250, 500, 1000};
    /** Risk band ages tried, hours (clamped to the shield's minimum interval). */
    static final double[] BAND_AGE_HOURS = {0, 2, 4, 8, 16};

    /**
     * What the operator allows.
     *
     * @param rotationsPerDeviceDay the rotation budget; its calendar (every {@code 24 / budget} h) is the baseline
     * @param maxFalseRotationsPerDeviceDay false rotations allowed (1 per device-month: 1/30)
     * @param budgetMargin share of the budget kept free so that unseen traffic does not push a table past it
     * @param falseMargin share of the false-rotation limit kept free, for the same reason
     * @param requiredGain least relative exposure cut over the baseline calendar for a table to replace it
     */
    public record Budget(double rotationsPerDeviceDay, double maxFalseRotationsPerDeviceDay, double budgetMargin,
                         double falseMargin, double requiredGain) {

        public Budget {
            if (!(rotationsPerDeviceDay > 0) || rotationsPerDeviceDay > 24) {
                throw new IllegalArgumentException("the rotation budget must be in (0, 24] per device-day");
            }
            if (maxFalseRotationsPerDeviceDay < 0 || budgetMargin < 0 || budgetMargin >= 1 || falseMargin < 0
                    || falseMargin >= 1 || requiredGain < 0 || requiredGain >= 1) {
                throw new IllegalArgumentException("false-rotation limit >= 0, margins and gain in [0, 1)");
            }
        }

        /**
         * The budget of a fixed schedule of {@code hours}, at most one false rotation per device-month;
         * on training data a table must keep 3 % of the budget and half the false-rotation limit free
         * and cut exposure by 5 %.
         */
        public static Budget ofFixedHours(int hours) {
            return new Budget(24.0 / hours, 1.0 / 30, 0.03, 0.5, 0.05);
        }

        /** The baseline calendar's interval, seconds. */
        public long calendarSeconds() {
            return Math.round(86_400 / rotationsPerDeviceDay);
        }
    }

    /** One replayed table. */
    public record Candidate(RotationTable table, PolicyEnvironment.Outcome outcome) {
    }

    /**
     * The learning's result.
     *
     * @param table the chosen table (the baseline calendar when nothing beat it)
     * @param chosen its outcome on the training scenario
     * @param calendar the baseline calendar's outcome on the training scenario
     * @param candidates tables replayed
     * @param feasible tables within the budget and the false-rotation limit
     * @param why one line: why this table
     */
    public record Learned(RotationTable table, PolicyEnvironment.Outcome chosen, PolicyEnvironment.Outcome calendar,
                          int candidates, int feasible, String why) {
    }

    private PolicyLearner() {
    }

    /** The first stage's grid: every calendar stretch, edge, age and window reduction at one smoothing. */
    static List<RotationTable> grid(Budget budget, GroupPolicy shield, int smoothingPermille) {
        return grid(budget, shield, smoothingPermille, false);
    }

    /**
     * As {@link #grid(Budget, GroupPolicy, int)}; on the temporal student's risk ({@code temporal})
     * the window reduction is moot (the student gives one risk per window), so only one is tried.
     */
    static List<RotationTable> grid(Budget budget, GroupPolicy shield, int smoothingPermille, boolean temporal) {
        long base = budget.calendarSeconds();
        Set<RotationTable> out = new LinkedHashSet<>();
        for (double stretch : CALENDAR_STRETCH) {
            long cal = Math.min(shield.maxKeyAgeSeconds(), Math.round(base * stretch));
            out.add(RotationTable.calendar(smoothingPermille, cal));
            if (temporal && stretch <= 1.0) {
                // a risk band only adds rotations to the budget's own calendar, which spends the whole budget:
                // never within it (the row-risk grid keeps them, as it always has)
                continue;
            }
            for (RotationPolicy.WindowReduction w : temporal ? new RotationPolicy.WindowReduction[] {
                    RotationPolicy.WindowReduction.MEAN} : RotationPolicy.WindowReduction.values()) {
                for (int edge : EDGES) {
                    for (double h : BAND_AGE_HOURS) {
                        long age = Math.max(shield.minIntervalMillis() / 1000, Math.round(h * 3600));
                        if (age < cal) {
                            out.add(new RotationTable(smoothingPermille, new int[] {edge}, new long[] {cal, age}, w));
                        }
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Searches the grid on {@code threads} threads and chooses as the class comment says. */
    public static Learned learn(PolicyEnvironment env, GroupPolicy shield, int smoothingPermille, Budget budget,
                                int threads, Progress progress) throws FleetException {
        RotationTable baseline = RotationTable.calendar(smoothingPermille, budget.calendarSeconds());
        boolean temporal = env.hasTemporal();
        List<RotationTable> tables = grid(budget, shield, smoothingPermille, temporal);
        if (!tables.contains(baseline)) {
            tables.add(0, baseline);
        }
        List<Candidate> all = new ArrayList<>(evaluate(env, shield, tables, temporal, baseline, budget, threads, progress));
        // second stage: the smoothing (how long the table remembers) and the edge, around the best tables so far
        List<RotationTable> refine = new ArrayList<>();
        Set<RotationTable> seen = new java.util.HashSet<>(tables);
        all.stream().filter(c -> !c.table().isCalendar() && feasible(c.outcome(), budget))
                .sorted(java.util.Comparator.comparingDouble(c -> c.outcome().exposureMeanSeconds()))
                .limit(REFINED).forEach(c -> {
                    long[] ages = c.table().ageLimitSeconds();
                    for (int smoothing : SMOOTHINGS) {
                        for (int edge : EDGES) {
                            RotationTable t = new RotationTable(smoothing, new int[] {edge}, ages, c.table().window());
                            if (seen.add(t)) {
                                refine.add(t);
                            }
                        }
                    }
                });
        all.addAll(evaluate(env, shield, refine, temporal, baseline, budget, threads, progress));
        PolicyEnvironment.Outcome cal = all.stream().filter(c -> c.table().equals(baseline)).findFirst()
                .orElseThrow().outcome();
        List<Candidate> ok = all.stream().filter(c -> !c.table().equals(baseline) && feasible(c.outcome(), budget)).toList();
        double least = ok.stream().mapToDouble(c -> c.outcome().exposureMeanSeconds()).min().orElse(Double.NaN);
        // among the tables nearly as good as the best, the one that rotates falsely least: the false-rotation
        // rate is what moves most from training traffic to unseen traffic
        Candidate best = ok.stream().filter(c -> c.outcome().exposureMeanSeconds() <= least * (1 + NEAR_BEST))
                .min(java.util.Comparator.<Candidate>comparingLong(c -> c.outcome().falseRotations())
                        .thenComparingLong(c -> c.outcome().rotations())
                        .thenComparingDouble(c -> c.outcome().exposureMeanSeconds()))
                .orElse(null);
        int feasible = ok.size();
        if (best == null || !(best.outcome().exposureMeanSeconds() <= cal.exposureMeanSeconds() * (1 - budget.requiredGain()))) {
            String why = best == null
                    ? "no table kept to the budget and the false-rotation limit: the calendar"
                    : String.format(Locale.ROOT, "the best table (%s) reached %.1f %% of the calendar's exposure (at most "
                    + "%.0f %% required): the calendar", best.table().describe(),
                    100 * best.outcome().exposureMeanSeconds() / cal.exposureMeanSeconds(), 100 * (1 - budget.requiredGain()));
            return new Learned(baseline, cal, cal, all.size(), feasible, why);
        }
        String why = String.format(Locale.ROOT, "cuts training exposure by %.1f %% at %.3f rotations/device-day (budget %.3f), "
                        + "%.2f false rotations per device-month", 100 * (1 - best.outcome().exposureMeanSeconds() / cal.exposureMeanSeconds()),
                best.outcome().rotationsPerDeviceDay(), budget.rotationsPerDeviceDay(),
                30 * best.outcome().falseRotationsPerDeviceDay());
        return new Learned(best.table(), best.outcome(), cal, all.size(), feasible, why);
    }

    /** Tables within this share of the least exposure count as nearly as good. */
    static final double NEAR_BEST = 0.10;

    /** Tables of the first stage refined in the second. */
    static final int REFINED = 3;

    private static boolean feasible(PolicyEnvironment.Outcome o, Budget budget) {
        return o.rotationsPerDeviceDay() <= budget.rotationsPerDeviceDay() * (1 - budget.budgetMargin())
                && o.falseRotationsPerDeviceDay() <= budget.maxFalseRotationsPerDeviceDay() * (1 - budget.falseMargin());
    }

    /** The most events a feasible table may have at {@code perDeviceDay} in this environment. */
    private static long limit(double perDeviceDay, PolicyEnvironment env) {
        return (long) Math.floor(perDeviceDay * env.scenario().devices() * env.scenario().days());
    }

    private static List<Candidate> evaluate(PolicyEnvironment env, GroupPolicy shield, List<RotationTable> tables,
                                            boolean temporal, RotationTable baseline, Budget budget, int threads,
                                            Progress progress) throws FleetException {
        Progress bar = progress.child("learning", tables.size());
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        List<Callable<Candidate>> tasks = new ArrayList<>();
        for (RotationTable t : tables) {
            tasks.add(() -> {
                // a table past the budget or the false-rotation limit is infeasible however it ends: stop its replay there
                Candidate c = new Candidate(t, env.evaluate(new LearnedPolicy(t, shield, "", temporal),
                        t.equals(baseline) ? Long.MAX_VALUE : limit(budget.rotationsPerDeviceDay() * (1 - budget.budgetMargin()), env),
                        t.equals(baseline) ? Long.MAX_VALUE
                                : limit(budget.maxFalseRotationsPerDeviceDay() * (1 - budget.falseMargin()), env)));
                int n = done.incrementAndGet();
                bar.update(n, n + "/" + tables.size() + " tables replayed");
                return c;
            });
        }
        ExecutorService pool = Workers.pool(threads, "policy-learner");
        try {
            List<Candidate> out = Workers.invokeAll(pool, tasks, "policy learning");
            bar.finish(tables.size() + " tables replayed");
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
