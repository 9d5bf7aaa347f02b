package io.dynakey.trainer.robust;

import io.dynakey.device.model.ForestEvaluator;

/**
 * The smallest change of the controlled features (L-infinity in quantized steps) that moves the
 * model's decision into a target class set, e.g. an attack row to benign. For a budget it
 * decides by branch and bound over the threshold cells of the box: a box the vote bounds settle
 * (all in, or all out of the target) ends the branch; otherwise it is cut in two at the first
 * undecided node's {@code R(t)}. A binary search over the budgets where the box changes
 * ({@link Perturbation}) then gives the smallest evasion, starting at the certified radius.
 *
 * <p>Exact while each decision stays within the node budget; beyond it the search is bounded:
 * a found evasion is real (its witness is checked on {@link ForestEvaluator}), so the result is
 * an upper bound on the smallest one, flagged {@code exact = false}. Not thread-safe.
 */
public final class EvasionSearch {

    /** {@link Result#epsilon()} when no evasion was found. */
    public static final int NONE = Integer.MAX_VALUE;

    /**
     * One input's smallest evasion.
     *
     * @param epsilon L-infinity distance of the witness in quantized steps, or {@link #NONE}
     * @param exact   true if it is the smallest (or, for NONE, none exists); false if a bounded
     *                search left some box undecided: then it is an upper bound
     * @param l0      features the witness changes (of this witness, not the fewest possible)
     * @param witness the evading raw input, or {@code null}
     */
    public record Result(int epsilon, boolean exact, int l0, long[] witness) {
        /** @return true if an evasion within {@code budget} steps was found */
        public boolean evadesWithin(int budget) {
            return epsilon != NONE && epsilon <= budget;
        }
    }

    private final BoxForest forest;
    private final ThreatModel threat;
    private final Certifier certifier;
    private final ForestEvaluator evaluator;
    private final long nodeBudget;
    private final long[] lo;
    private final long[] hi;
    private long left;
    private boolean undecided;

    /**
     * @param nodeBudget boxes one decision may examine before it gives up (then the result is
     *                   an upper bound); e.g. 20,000
     */
    public EvasionSearch(BoxForest forest, ThreatModel threat, long nodeBudget) {
        if (nodeBudget < 1) {
            throw new IllegalArgumentException("node budget must be at least 1");
        }
        this.forest = forest;
        this.threat = threat;
        this.nodeBudget = nodeBudget;
        certifier = new Certifier(forest, threat);
        evaluator = new ForestEvaluator(forest.model());
        lo = new long[threat.featureCount()];
        hi = new long[threat.featureCount()];
    }

    /**
     * @param x      raw input, model feature order
     * @param target class bit set the attacker wants
     */
    public Result minimal(long[] x, long target) {
        Perturbation p = new Perturbation(forest, threat, x);
        int radius = certifier.radius(p, target);
        if (radius == Certifier.UNBOUNDED) {
            return new Result(NONE, true, 0, null);
        }
        int[] c = p.candidates();
        int from = java.util.Arrays.binarySearch(c, radius);
        boolean exact = true;
        long[] best = null;
        int bestIndex = -1;
        // smallest index in [from, c.length) whose decision finds a witness
        int low = from;
        int high = c.length - 1;
        long[] w = decide(p, c[low], target);
        exact &= !undecided;
        if (w != null) {
            best = w;
            bestIndex = low;
        } else {
            w = decide(p, c[high], target);
            exact &= !undecided;
            if (w != null) {
                best = w;
                bestIndex = high;
                while (high - low > 1) {
                    int mid = (low + high) >>> 1;
                    long[] m = decide(p, c[mid], target);
                    exact &= !undecided;
                    if (m != null) {
                        high = mid;
                        best = m;
                        bestIndex = mid;
                    } else {
                        low = mid;
                    }
                }
            }
        }
        if (best == null) {
            return new Result(NONE, exact, 0, null);
        }
        int d = p.distance(best);
        if (d > c[bestIndex]) {
            throw new IllegalStateException("witness outside its budget: " + d + " > " + c[bestIndex]);
        }
        return new Result(d, exact, p.changed(best), best);
    }

    /**
     * An evasion within a budget, for adversarial training.
     *
     * @return an input within {@code epsilon} steps of {@code x} classified into the target, or
     *         {@code null} if there is none or the node budget ran out first
     */
    public long[] within(long[] x, long target, int epsilon) {
        return decide(new Perturbation(forest, threat, x), epsilon, target);
    }

    /**
     * Is there an input within budget {@code epsilon} classified into the target?
     *
     * @return a witness, or {@code null} (none, or undecided within the node budget: see
     *         {@link #undecided})
     */
    long[] decide(Perturbation p, long epsilon, long target) {
        p.box(epsilon, lo, hi);
        left = nodeBudget;
        undecided = false;
        return search(p, target);
    }

    private long[] search(Perturbation p, long target) {
        if (left-- <= 0) {
            undecided = true;
            return null;
        }
        forest.analyse(lo, hi);
        if (forest.surelyOut(target)) {
            return null;
        }
        if (forest.surelyIn(target)) {
            long[] w = p.closest(lo, hi);
            int cls = ForestEvaluator.classOf(evaluator.evaluate(w, 0));
            if ((target & (1L << cls)) == 0) {
                throw new IllegalStateException("box analysis disagrees with the device evaluator");
            }
            return w;
        }
        int g = forest.splitNode(lo, hi);
        if (g < 0) {
            throw new IllegalStateException("an undecided box with nothing to split");
        }
        int f = forest.nodeFeature(g);
        long r = forest.nodeRawThreshold(g);
        long savedLo = lo[f];
        long savedHi = hi[f];
        boolean leftFirst = p.input()[f] <= r;
        for (int side = 0; side < 2; side++) {
            boolean goLeft = (side == 0) == leftFirst;
            if (goLeft) {
                hi[f] = r;
            } else {
                lo[f] = r + 1;
            }
            long[] w = search(p, target);
            lo[f] = savedLo;
            hi[f] = savedHi;
            if (w != null) {
                return w;
            }
            if (left <= 0) {
                undecided = true;
                return null;
            }
        }
        return null;
    }
}
