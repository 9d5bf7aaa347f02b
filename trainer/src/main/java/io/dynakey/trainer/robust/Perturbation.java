package io.dynakey.trainer.robust;

import io.dynakey.models.Quantizer;
import io.dynakey.models.TinyModel;
import java.util.Arrays;

/**
 * The attacker's boxes around one input: for a budget epsilon in quantized steps (L-infinity),
 * each controlled feature may take any raw value {@code x'} within its attacker bounds with
 * {@code |q(x') - q(x)| <= epsilon}; an uncontrolled feature keeps its value. The original value
 * is always allowed: if it lies outside the bounds, the box stretches to it (the values between it
 * and the nearer bound count as reachable, which only makes the attacker stronger). Also the budgets where the box can change what it reaches (candidates):
 * the reachable leaves change only where the box crosses some node's {@code R(t)}, so the
 * smallest evasion and the certified radius are both among them.
 */
final class Perturbation {

    private final BoxForest forest;
    private final ThreatModel threat;
    private final long[] x;
    private final int[] q;
    private final int[] candidates;

    Perturbation(BoxForest forest, ThreatModel threat, long[] x) {
        TinyModel m = forest.model();
        if (x.length != m.featureCount() || threat.featureCount() != m.featureCount()) {
            throw new IllegalArgumentException("the input has " + x.length + " features, the threat model "
                    + threat.featureCount() + ", the model " + m.featureCount());
        }
        this.forest = forest;
        this.threat = threat;
        this.x = x.clone();
        q = new int[x.length];
        for (int f = 0; f < x.length; f++) {
            q[f] = forest.quantize(f, x[f]);
        }
        int[] c = new int[2 * forest.nodeCount() + 1];
        int n = 0;
        c[n++] = 0;
        for (int g = 0; g < forest.nodeCount(); g++) {
            int f = forest.nodeFeature(g);
            if (!threat.controlled(f)) {
                continue;
            }
            long r = forest.nodeRawThreshold(g);
            if (x[f] > r && r >= threat.min(f)) {
                c[n++] = q[f] - forest.quantize(f, r);
            } else if (x[f] <= r && r != Long.MAX_VALUE && r + 1 <= threat.max(f)) {
                c[n++] = forest.quantize(f, r + 1) - q[f];
            }
        }
        int[] sorted = Arrays.copyOf(c, n);
        Arrays.sort(sorted);
        int u = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || sorted[i] != sorted[u - 1]) {
                sorted[u++] = sorted[i];
            }
        }
        candidates = Arrays.copyOf(sorted, u);
    }

    /** @return the input */
    long[] input() {
        return x;
    }

    /** @return the budgets where the box changes, ascending, starting with 0 */
    int[] candidates() {
        return candidates;
    }

    /** Writes the box of budget {@code epsilon} (quantized steps) into {@code lo} and {@code hi}. */
    void box(long epsilon, long[] lo, long[] hi) {
        TinyModel m = forest.model();
        for (int f = 0; f < x.length; f++) {
            if (!threat.controlled(f)) {
                lo[f] = x[f];
                hi[f] = x[f];
                continue;
            }
            long up = q[f] + epsilon;
            long upper = up >= Quantizer.Q_MAX ? Long.MAX_VALUE : maxRaw(m, f, (int) up);
            hi[f] = Math.max(x[f], Math.min(threat.max(f), upper));
            long down = q[f] - epsilon;
            long lower = down <= 0 ? Long.MIN_VALUE : maxRaw(m, f, (int) down - 1) + 1;
            lo[f] = Math.min(x[f], Math.max(threat.min(f), lower));
        }
    }

    private static long maxRaw(TinyModel m, int f, int t) {
        return Quantizer.maxRawAtOrBelow(m.quantizerKind(f), m.quantizerOffset(f), m.quantizerMul(f), m.quantizerShift(f), t);
    }

    /** @return the input of the box closest to the original one (each feature clamped) */
    long[] closest(long[] lo, long[] hi) {
        long[] w = new long[x.length];
        for (int f = 0; f < x.length; f++) {
            w[f] = Math.max(lo[f], Math.min(hi[f], x[f]));
        }
        return w;
    }

    /** @return L-infinity distance in quantized steps from the input to {@code w} */
    int distance(long[] w) {
        int d = 0;
        for (int f = 0; f < x.length; f++) {
            d = Math.max(d, Math.abs(forest.quantize(f, w[f]) - q[f]));
        }
        return d;
    }

    /** @return number of features where {@code w} differs from the input (L0) */
    int changed(long[] w) {
        int n = 0;
        for (int f = 0; f < x.length; f++) {
            n += w[f] != x[f] ? 1 : 0;
        }
        return n;
    }
}
