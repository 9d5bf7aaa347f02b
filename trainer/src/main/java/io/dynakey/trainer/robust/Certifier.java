package io.dynakey.trainer.robust;

/**
 * A sound lower bound on an input's robustness radius: the smallest L-infinity budget (quantized
 * steps) at which the attacker might move the model's decision into a target class set. Below
 * the radius every input of the box is certified out of the target: per tree the classes its
 * reachable leaves carry, hence per class the fewest and most votes, combined as the device's
 * vote (most votes, tie to the lowest index). For one tree this is exact; for a forest it may
 * be lower than the true smallest evasion (trees are bounded independently), never higher.
 * Not thread-safe.
 */
public final class Certifier {

    /** Radius of an input that no budget can move into the target (within the threat model). */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private final BoxForest forest;
    private final ThreatModel threat;
    private final long[] lo;
    private final long[] hi;

    /**
     * @param forest the model as boxes
     * @param threat what the attacker controls
     */
    public Certifier(BoxForest forest, ThreatModel threat) {
        this.forest = forest;
        this.threat = threat;
        lo = new long[threat.featureCount()];
        hi = new long[threat.featureCount()];
    }

    /**
     * @param x      raw input, in the model's feature order
     * @param target class bit set the attacker wants (e.g. the benign class for an attack row)
     * @return the certified radius: 0 if the input is already in the target (or may be), else the
     *         smallest budget the certificate cannot exclude, or {@link #UNBOUNDED}
     */
    public int radius(long[] x, long target) {
        return radius(new Perturbation(forest, threat, x), target);
    }

    int radius(Perturbation p, long target) {
        int[] c = p.candidates();
        // certified(c[i]) is monotone: true up to some index, false after
        if (certified(p, c[0], target) == false) {
            return 0;
        }
        int good = 0;
        int bad = c.length;
        while (bad - good > 1) {
            int mid = (good + bad) >>> 1;
            if (certified(p, c[mid], target)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return bad == c.length ? UNBOUNDED : c[bad];
    }

    /** @return true if the certificate excludes the target on the whole box of this budget */
    boolean certified(Perturbation p, long epsilon, long target) {
        p.box(epsilon, lo, hi);
        forest.analyse(lo, hi);
        return forest.surelyOut(target);
    }
}
