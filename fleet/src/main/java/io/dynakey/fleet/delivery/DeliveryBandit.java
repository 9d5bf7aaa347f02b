package io.dynakey.fleet.delivery;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A contextual bandit whose context is the device class: for each class an epsilon-greedy choice
 * among the strategies offered to it, under a byte budget. It learns from each finished rotation its
 * time-to-commit (an abandoned rotation counts its whole deadline) and its bytes on the wire. The
 * budget is the baseline arm's bytes per committed rotation (all its bytes, abandoned rotations'
 * included, over the rotations it committed), times {@code byteBudget}; among the arms within it the
 * one with the least mean time-to-commit is taken (the baseline is always within). Each arm is first
 * tried {@code warmup} times in turn; after that, with probability {@code epsilon}, an arm is drawn at
 * random instead. Random draws come from a seeded stream (reproducible for one order of calls).
 * Why this method: {@code docs/policy.md}, "Delivery under loss". Thread-safe (synchronised).
 */
public final class DeliveryBandit {

    private final double epsilon;
    private final int warmup;
    private final double byteBudget;
    private final DeliveryStrategy baseline;
    private final SplittableRandom random;
    private final Map<String, ClassArms> classes = new LinkedHashMap<>();

    /** Per-arm statistics of one class. */
    private static final class ClassArms {
        final List<DeliveryStrategy> arms;
        final Map<DeliveryStrategy, double[]> stats = new EnumMap<>(DeliveryStrategy.class); // {n, seconds, bytes, committed}
        int chosen;

        ClassArms(List<DeliveryStrategy> arms) {
            this.arms = List.copyOf(arms);
            for (DeliveryStrategy s : arms) {
                stats.put(s, new double[4]);
            }
        }
    }

    /**
     * The learned state of one arm of one class.
     *
     * @param meanSeconds          mean time-to-commit (deadline for abandoned ones), s
     * @param bytesPerCommitted    all its bytes over the rotations it committed (infinite if none)
     */
    public record ArmStats(String deviceClass, DeliveryStrategy strategy, int trials, int committed, double meanSeconds,
                           double bytesPerCommitted) {
    }

    /**
     * @param epsilon    exploration share after the warm-up, 0..1
     * @param warmup     trials of each arm before exploiting, >= 1
     * @param byteBudget share of the baseline's bytes per committed rotation an arm may use, > 0 (1.0: no more)
     * @param baseline   the arm the budget is measured on (Californium's default); every class must be offered it
     * @param seed       seed of the exploration draws
     */
    public DeliveryBandit(double epsilon, int warmup, double byteBudget, DeliveryStrategy baseline, long seed) {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in 0..1, not " + epsilon);
        }
        if (warmup < 1) {
            throw new IllegalArgumentException("warmup must be >= 1, not " + warmup);
        }
        if (!(byteBudget > 0)) {
            throw new IllegalArgumentException("byteBudget must be > 0, not " + byteBudget);
        }
        if (baseline == null) {
            throw new IllegalArgumentException("a baseline arm is required");
        }
        this.epsilon = epsilon;
        this.warmup = warmup;
        this.byteBudget = byteBudget;
        this.baseline = baseline;
        this.random = new SplittableRandom(seed);
    }

    /** Declares a class and the strategies offered to it (at least one; once per class). */
    public synchronized void offer(String deviceClass, List<DeliveryStrategy> arms) {
        if (!arms.contains(baseline)) {
            throw new IllegalArgumentException(deviceClass + ": the baseline " + baseline.label() + " must be offered");
        }
        if (classes.putIfAbsent(deviceClass, new ClassArms(arms)) != null) {
            throw new IllegalStateException(deviceClass + " is already offered");
        }
    }

    /** The strategy for the next rotation of a device of {@code deviceClass}. */
    public synchronized DeliveryStrategy choose(String deviceClass) {
        ClassArms c = arms(deviceClass);
        int n = c.chosen++;
        if (n < warmup * c.arms.size()) {
            return c.arms.get(n % c.arms.size());
        }
        if (random.nextDouble() < epsilon) {
            return c.arms.get(random.nextInt(c.arms.size()));
        }
        return best(c);
    }

    /** Learns from one finished rotation: its time-to-commit (or deadline, if abandoned), bytes, and whether it committed. */
    public synchronized void record(String deviceClass, DeliveryStrategy strategy, double seconds, long bytes,
                                    boolean committed) {
        double[] s = arms(deviceClass).stats.get(strategy);
        if (s == null) {
            throw new IllegalArgumentException(strategy + " is not offered to " + deviceClass);
        }
        s[0]++;
        s[1] += seconds;
        s[2] += bytes;
        if (committed) {
            s[3]++;
        }
    }

    /**
     * The arm with the least mean time-to-commit among those within the byte budget (untried arms are
     * out; the baseline is always in; ties: first offered).
     */
    public synchronized DeliveryStrategy best(String deviceClass) {
        return best(arms(deviceClass));
    }

    private DeliveryStrategy best(ClassArms c) {
        double budget = byteBudget * bytesPerCommitted(c.stats.get(baseline));
        DeliveryStrategy best = baseline;
        double least = meanSeconds(c.stats.get(baseline));
        for (DeliveryStrategy s : c.arms) {
            double[] st = c.stats.get(s);
            if (s == baseline || st[0] == 0 || bytesPerCommitted(st) > budget) {
                continue;
            }
            double mean = meanSeconds(st);
            if (mean < least) {
                least = mean;
                best = s;
            }
        }
        return best;
    }

    private static double meanSeconds(double[] st) {
        return st[0] == 0 ? Double.POSITIVE_INFINITY : st[1] / st[0];
    }

    private static double bytesPerCommitted(double[] st) {
        return st[3] == 0 ? Double.POSITIVE_INFINITY : st[2] / st[3];
    }

    /** Every arm's trials and mean cost, classes in the order offered. */
    public synchronized List<ArmStats> stats() {
        List<ArmStats> out = new ArrayList<>();
        for (Map.Entry<String, ClassArms> e : classes.entrySet()) {
            for (DeliveryStrategy s : e.getValue().arms) {
                double[] st = e.getValue().stats.get(s);
                out.add(new ArmStats(e.getKey(), s, (int) st[0], (int) st[3], st[0] == 0 ? Double.NaN : st[1] / st[0],
                        bytesPerCommitted(st)));
            }
        }
        return out;
    }

    private ClassArms arms(String deviceClass) {
        ClassArms c = classes.get(deviceClass);
        if (c == null) {
            throw new IllegalArgumentException("no strategies offered to class " + deviceClass);
        }
        return c;
    }
}
