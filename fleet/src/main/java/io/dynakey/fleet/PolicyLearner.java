package io.dynakey.fleet;

import io.dynakey.device.governor.GroupPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Learns a {@link RotationTable} by direct policy search in a {@link PolicyEnvironment} built on
 * training data: every table of a grid (calendar stretched beyond the budget's interval, one risk
 * band with its edge and its age) is replayed under the shield, and the table with the least mean
 * exposure wins among those that keep to the rotation budget and the false-rotation limit. The
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
    /** Risk band ages tried, hours (clamped to the shield's minimum interval). */
    static final double[] BAND_AGE_HOURS = {0, 2, 4, 8, 16};

    /**
     * What the operator allows.
     *
     * @param rotationsPerDeviceDay the rotation budget; its calendar (every {@code 24 / budget} h) is the baseline
     * @param maxFalseRotationsPerDeviceDay false rotations allowed (1 per device-month: 1/30)
     * @param budgetMargin share of the budget kept free so that unseen traffic does not push a table past it
     * @param requiredGain least relative exposure cut over the baseline calendar for a table to replace it
     */
    public record Budget(double rotationsPerDeviceDay, double maxFalseRotationsPerDeviceDay, double budgetMargin,
                         double requiredGain) {

        public Budget {
            if (!(rotationsPerDeviceDay > 0) || rotationsPerDeviceDay > 24) {
                throw new IllegalArgumentException("the rotation budget must be in (0, 24] per device-day");
            }
            if (maxFalseRotationsPerDeviceDay < 0 || budgetMargin < 0 || budgetMargin >= 1 || requiredGain < 0
                    || requiredGain >= 1) {
                throw new IllegalArgumentException("false-rotation limit >= 0, margin and gain in [0, 1)");
            }
        }

        /** The budget of a fixed schedule of {@code hours}, at most one false rotation per device-month, 3 % margin, 5 % gain. */
        public static Budget ofFixedHours(int hours) {
            return new Budget(24.0 / hours, 1.0 / 30, 0.03, 0.05);
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

    /** The grid of tables searched for a budget and smoothing. */
    static List<RotationTable> grid(Budget budget, GroupPolicy shield, int smoothingPermille) {
        long base = budget.calendarSeconds();
        Set<RotationTable> out = new LinkedHashSet<>();
        for (double stretch : CALENDAR_STRETCH) {
            long cal = Math.min(shield.maxKeyAgeSeconds(), Math.round(base * stretch));
            out.add(RotationTable.calendar(smoothingPermille, cal));
            for (int edge : EDGES) {
                for (double h : BAND_AGE_HOURS) {
                    long age = Math.max(shield.minIntervalMillis() / 1000, Math.round(h * 3600));
                    if (age < cal) {
                        out.add(new RotationTable(smoothingPermille, new int[] {edge}, new long[] {cal, age}));
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
        List<RotationTable> tables = grid(budget, shield, smoothingPermille);
        if (!tables.contains(baseline)) {
            tables.add(0, baseline);
        }
        List<Candidate> all = evaluate(env, shield, tables, threads, progress);
        PolicyEnvironment.Outcome cal = all.stream().filter(c -> c.table().equals(baseline)).findFirst()
                .orElseThrow().outcome();
        double rotationCap = budget.rotationsPerDeviceDay() * (1 - budget.budgetMargin());
        Candidate best = null;
        int feasible = 0;
        for (Candidate c : all) {
            PolicyEnvironment.Outcome o = c.outcome();
            if (c.table().equals(baseline) || o.rotationsPerDeviceDay() > rotationCap
                    || o.falseRotationsPerDeviceDay() > budget.maxFalseRotationsPerDeviceDay()) {
                continue;
            }
            feasible++;
            if (best == null || o.exposureMeanSeconds() < best.outcome().exposureMeanSeconds()
                    || (o.exposureMeanSeconds() == best.outcome().exposureMeanSeconds()
                    && o.rotations() < best.outcome().rotations())) {
                best = c;
            }
        }
        if (best == null || !(best.outcome().exposureMeanSeconds() <= cal.exposureMeanSeconds() * (1 - budget.requiredGain()))) {
            String why = best == null
                    ? "no table kept to the budget and the false-rotation limit: the calendar"
                    : String.format(Locale.ROOT, "the best table (%s) cut exposure by only %.1f %% (< %.0f %% required): the calendar",
                    best.table().describe(), 100 * (1 - best.outcome().exposureMeanSeconds() / cal.exposureMeanSeconds()),
                    100 * budget.requiredGain());
            return new Learned(baseline, cal, cal, all.size(), feasible, why);
        }
        String why = String.format(Locale.ROOT, "cuts training exposure by %.1f %% at %.3f rotations/device-day (budget %.3f)",
                100 * (1 - best.outcome().exposureMeanSeconds() / cal.exposureMeanSeconds()),
                best.outcome().rotationsPerDeviceDay(), budget.rotationsPerDeviceDay());
        return new Learned(best.table(), best.outcome(), cal, all.size(), feasible, why);
    }

    private static List<Candidate> evaluate(PolicyEnvironment env, GroupPolicy shield, List<RotationTable> tables,
                                            int threads, Progress progress) throws FleetException {
        Progress bar = progress.child("learning", tables.size());
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        List<Callable<Candidate>> tasks = new ArrayList<>();
        for (RotationTable t : tables) {
            tasks.add(() -> {
                Candidate c = new Candidate(t, env.evaluate(new LearnedPolicy(t, shield, "")));
                int n = done.incrementAndGet();
                bar.update(n, n + "/" + tables.size() + " tables replayed");
                return c;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread th = new Thread(r, "policy-learner");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Candidate> out = new ArrayList<>();
            for (Future<Candidate> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            bar.finish(tables.size() + " tables replayed");
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("policy learning was interrupted", e);
        } catch (ExecutionException e) {
            throw new FleetException("policy learning failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
