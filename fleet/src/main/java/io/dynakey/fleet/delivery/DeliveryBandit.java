package io.dynakey.fleet.delivery;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A contextual bandit whose context is the device class: for each class an epsilon-greedy choice
 * among the strategies offered to it, learning from each finished rotation's cost, where
 * {@code cost = time-to-commit in seconds + bytes / bytesPerSecond} (an abandoned rotation costs its
 * whole deadline plus its bytes). Each arm is first tried {@code warmup} times in turn; after that
 * the arm with the least mean cost is taken, except with probability {@code epsilon}, when one is
 * drawn at random. Random draws come from a seeded stream (reproducible for one order of calls).
 * Why this method: {@code docs/policy.md}, "Delivery under loss". Thread-safe (synchronised).
 */
public final class DeliveryBandit {

    private final double epsilon;
    private final int warmup;
    private final double bytesPerSecond;
    private final SplittableRandom random;
    private final Map<String, ClassArms> classes = new LinkedHashMap<>();

    /** Per-arm statistics of one class. */
    private static final class ClassArms {
        final List<DeliveryStrategy> arms;
        final Map<DeliveryStrategy, double[]> stats = new EnumMap<>(DeliveryStrategy.class); // {n, sum}
        int chosen;

        ClassArms(List<DeliveryStrategy> arms) {
            this.arms = List.copyOf(arms);
            for (DeliveryStrategy s : arms) {
                stats.put(s, new double[2]);
            }
        }
    }

    /** The learned state of one arm of one class. */
    public record ArmStats(String deviceClass, DeliveryStrategy strategy, int trials, double meanCost) {
    }

    /**
     * @param epsilon        exploration share after the warm-up, 0..1
     * @param warmup         trials of each arm before exploiting, >= 1
     * @param bytesPerSecond how many bytes weigh as much as one second of time-to-commit, > 0
     * @param seed           seed of the exploration draws
     */
    public DeliveryBandit(double epsilon, int warmup, double bytesPerSecond, long seed) {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in 0..1, not " + epsilon);
        }
        if (warmup < 1) {
            throw new IllegalArgumentException("warmup must be >= 1, not " + warmup);
        }
        if (!(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("bytesPerSecond must be > 0, not " + bytesPerSecond);
        }
        this.epsilon = epsilon;
        this.warmup = warmup;
        this.bytesPerSecond = bytesPerSecond;
        this.random = new SplittableRandom(seed);
    }

    /** The cost of one outcome as this bandit weighs it (seconds). */
    public double cost(double seconds, long bytes) {
        return seconds + bytes / bytesPerSecond;
    }

    /** Declares a class and the strategies offered to it (at least one; once per class). */
    public synchronized void offer(String deviceClass, List<DeliveryStrategy> arms) {
        if (arms.isEmpty()) {
            throw new IllegalArgumentException(deviceClass + ": no strategy offered");
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

    /** Learns from one finished rotation: its time-to-commit (or deadline, if abandoned) and bytes. */
    public synchronized void record(String deviceClass, DeliveryStrategy strategy, double seconds, long bytes) {
        double[] s = arms(deviceClass).stats.get(strategy);
        if (s == null) {
            throw new IllegalArgumentException(strategy + " is not offered to " + deviceClass);
        }
        s[0]++;
        s[1] += cost(seconds, bytes);
    }

    /** The arm with the least mean cost so far (untried arms count as infinitely costly; ties: first offered). */
    public synchronized DeliveryStrategy best(String deviceClass) {
        return best(arms(deviceClass));
    }

    private static DeliveryStrategy best(ClassArms c) {
        DeliveryStrategy best = c.arms.get(0);
        double least = Double.POSITIVE_INFINITY;
        for (DeliveryStrategy s : c.arms) {
            double[] st = c.stats.get(s);
            double mean = st[0] == 0 ? Double.POSITIVE_INFINITY : st[1] / st[0];
            if (mean < least) {
                least = mean;
                best = s;
            }
        }
        return best;
    }

    /** Every arm's trials and mean cost, classes in the order offered. */
    public synchronized List<ArmStats> stats() {
        List<ArmStats> out = new ArrayList<>();
        for (Map.Entry<String, ClassArms> e : classes.entrySet()) {
            for (DeliveryStrategy s : e.getValue().arms) {
                double[] st = e.getValue().stats.get(s);
                out.add(new ArmStats(e.getKey(), s, (int) st[0], st[0] == 0 ? Double.NaN : st[1] / st[0]));
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
