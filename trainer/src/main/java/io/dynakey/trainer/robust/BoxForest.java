package io.dynakey.trainer.robust;

import io.dynakey.models.ModelFormat;
import io.dynakey.models.Quantizer;
import io.dynakey.models.TinyModel;
import java.util.Arrays;

/**
 * A parsed tiny model seen as boxes: for a box of raw inputs (per feature an inclusive interval)
 * it finds, per tree, the classes of the leaves some input in the box reaches, and from those
 * the vote bounds of the forest. A node's test {@code q(x) <= t} is compared as
 * {@code x <= R(t)} with {@code R(t) = Quantizer.maxRawAtOrBelow} (equivalent for every raw x,
 * docs/model-format.md), so a box's reachable leaves are exactly those of the device's integer
 * evaluation; paths narrow the box, so a leaf counts only if one input reaches it.
 *
 * <p>Class votes combine as {@code ForestEvaluator} does: one vote per tree, most votes win, a
 * tie goes to the lowest class index. Models of up to 64 classes. Not thread-safe (scratch state).
 */
public final class BoxForest {

    private final TinyModel model;
    private final int trees;
    private final int classes;
    /** Per global node: feature, {@code R(threshold)}, children (node index, or {@code ~leaf}). */
    private final int[] feature;
    private final long[] rawThreshold;
    private final int[] left;
    private final int[] right;
    private final int[] root;
    private final int[] leafClass;
    private final long[] masks;
    private final int[] minVotes;
    private final int[] maxVotes;

    /** Decodes the model's node tables once (R(t) by a 64-step search per node). */
    public BoxForest(TinyModel model) {
        if (model.classCount() > 64) {
            throw new IllegalArgumentException("robustness analysis supports at most 64 classes, the model has "
                    + model.classCount());
        }
        this.model = model;
        trees = model.treeCount();
        classes = model.classCount();
        int n = model.nodeCount();
        feature = new int[n];
        rawThreshold = new long[n];
        left = new int[n];
        right = new int[n];
        root = new int[trees];
        for (int t = 0; t < trees; t++) {
            int nodeBase = model.treeNodeStart(t);
            int leafBase = nodeBase + t;
            root[t] = model.treeNodeCount(t) == 0 ? ~leafBase : nodeBase;
            for (int g = nodeBase; g < nodeBase + model.treeNodeCount(t); g++) {
                int flags = model.nodeFlags(g);
                int ref = model.nodeRef(g);
                int f = flags & ModelFormat.FEATURE_MASK;
                boolean leftLeaf = (flags & ModelFormat.FLAG_LEFT_LEAF) != 0;
                boolean rightLeaf = (flags & ModelFormat.FLAG_RIGHT_LEAF) != 0;
                feature[g] = f;
                rawThreshold[g] = Quantizer.maxRawAtOrBelow(model.quantizerKind(f), model.quantizerOffset(f),
                        model.quantizerMul(f), model.quantizerShift(f), model.nodeThreshold(g));
                left[g] = leftLeaf ? ~(leafBase + ref) : g + 1;
                right[g] = rightLeaf ? ~(leafBase + ref + (leftLeaf ? 1 : 0)) : leftLeaf ? g + 1 : nodeBase + ref;
            }
        }
        leafClass = new int[model.leafCount()];
        for (int l = 0; l < leafClass.length; l++) {
            leafClass[l] = model.leafClass(l);
        }
        masks = new long[trees];
        minVotes = new int[classes];
        maxVotes = new int[classes];
    }

    /** @return the model */
    public TinyModel model() {
        return model;
    }

    /** @return number of trees */
    public int treeCount() {
        return trees;
    }

    /** @return number of classes */
    public int classCount() {
        return classes;
    }

    /** @return number of internal nodes over all trees */
    public int nodeCount() {
        return feature.length;
    }

    /** @return feature index tested by global node g */
    public int nodeFeature(int g) {
        return feature[g];
    }

    /** @return {@code R(t)} of global node g: the largest raw value its test sends left */
    public long nodeRawThreshold(int g) {
        return rawThreshold[g];
    }

    /** @return feature f quantized as the device does */
    public int quantize(int f, long raw) {
        return model.quantize(f, raw);
    }

    /**
     * Fills the per-tree reachable-class masks and vote bounds for the box {@code [lo, hi]}
     * (both arrays are restored before return).
     */
    void analyse(long[] lo, long[] hi) {
        Arrays.fill(minVotes, 0);
        Arrays.fill(maxVotes, 0);
        for (int t = 0; t < trees; t++) {
            long m = reach(root[t], lo, hi, 0L);
            masks[t] = m;
            for (int c = 0; c < classes; c++) {
                if ((m & (1L << c)) != 0) {
                    maxVotes[c]++;
                    if (m == 1L << c) {
                        minVotes[c]++;
                    }
                }
            }
        }
    }

    /**
     * The leaves of tree {@code t} some input of the box {@code [lo, hi]} reaches (global leaf
     * indices), written to {@code out} from index 0 ({@code lo} and {@code hi} are restored).
     *
     * @return how many were written ({@code out} must hold the tree's leaves)
     */
    int leaves(int t, long[] lo, long[] hi, int[] out) {
        return collect(root[t], lo, hi, out, 0);
    }

    private int collect(int node, long[] lo, long[] hi, int[] out, int n) {
        if (node < 0) {
            out[n] = ~node;
            return n + 1;
        }
        int f = feature[node];
        long r = rawThreshold[node];
        if (lo[f] <= r) {
            long saved = hi[f];
            hi[f] = Math.min(saved, r);
            n = collect(left[node], lo, hi, out, n);
            hi[f] = saved;
        }
        if (hi[f] > r) {
            long saved = lo[f];
            lo[f] = Math.max(saved, r + 1);
            n = collect(right[node], lo, hi, out, n);
            lo[f] = saved;
        }
        return n;
    }

    private long reach(int node, long[] lo, long[] hi, long mask) {
        if (node < 0) {
            return mask | (1L << leafClass[~node]);
        }
        int f = feature[node];
        long r = rawThreshold[node];
        if (lo[f] <= r) {
            long saved = hi[f];
            hi[f] = Math.min(saved, r);
            mask = reach(left[node], lo, hi, mask);
            hi[f] = saved;
        }
        if (hi[f] > r) {
            long saved = lo[f];
            lo[f] = Math.max(saved, r + 1);
            mask = reach(right[node], lo, hi, mask);
            lo[f] = saved;
        }
        return mask;
    }

    /** After {@link #analyse}: does class k win against class c at every input of the box? */
    private boolean beats(int k, int c) {
        return minVotes[k] > maxVotes[c] || (minVotes[k] == maxVotes[c] && k < c);
    }

    /**
     * After {@link #analyse}: true if no input of the box is classified into {@code target} (a
     * class bit set). Sound, not complete: each class of the set is shown unable to win, because
     * it gets no vote anywhere in the box (some tree votes, so another class has more), or some
     * other class beats it at every input of the box.
     */
    boolean surelyOut(long target) {
        for (int c = 0; c < classes; c++) {
            if ((target & (1L << c)) != 0 && !cannotWin(c)) {
                return false;
            }
        }
        return true;
    }

    private boolean cannotWin(int c) {
        if (maxVotes[c] == 0) {
            return true;
        }
        for (int k = 0; k < classes; k++) {
            if (k != c && beats(k, c)) {
                return true;
            }
        }
        return false;
    }

    /** After {@link #analyse}: true if every input of the box is classified into {@code target}. */
    boolean surelyIn(long target) {
        long all = classes == 64 ? -1L : (1L << classes) - 1;
        return surelyOut(all & ~target);
    }

    /**
     * After {@link #analyse}: a node where the box must be split to decide, as
     * {@code node} (its feature and raw threshold say where), or -1 if every tree reaches one class.
     * It is the first node, in the first tree with two reachable classes, whose both sides are
     * reachable on the box.
     */
    int splitNode(long[] lo, long[] hi) {
        for (int t = 0; t < trees; t++) {
            if (Long.bitCount(masks[t]) < 2) {
                continue;
            }
            int g = firstBranch(root[t], lo, hi);
            if (g >= 0) {
                return g;
            }
        }
        return -1;
    }

    /** The first node below {@code node} with both children reachable and two classes below it. */
    private int firstBranch(int node, long[] lo, long[] hi) {
        while (node >= 0) {
            int f = feature[node];
            long r = rawThreshold[node];
            boolean l = lo[f] <= r;
            boolean h = hi[f] > r;
            if (l && h) {
                long savedHi = hi[f];
                hi[f] = r;
                long ml = reach(left[node], lo, hi, 0L);
                hi[f] = savedHi;
                long savedLo = lo[f];
                lo[f] = r + 1;
                long mr = reach(right[node], lo, hi, 0L);
                lo[f] = savedLo;
                if (Long.bitCount(ml | mr) >= 2) {
                    return node;
                }
                // both sides reach one and the same class: nothing to decide below
                return -1;
            }
            node = l ? left[node] : right[node];
        }
        return -1;
    }

    /** @return the class bit set holding only class {@code cls} (a search or certificate target) */
    public static long bit(int cls) {
        return 1L << cls;
    }
}
