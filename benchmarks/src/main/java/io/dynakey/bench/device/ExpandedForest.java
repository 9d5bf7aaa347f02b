package io.dynakey.bench.device;

import io.dynakey.models.ModelFormat;
import io.dynakey.models.Quantizer;
import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.TinyModel;

/**
 * Baseline for {@code ./dynakey bench device}: the evaluator the device ran before it walked the
 * model's own tables (see {@link io.dynakey.device.model.ForestEvaluator}). It expands every node
 * at load time so that a call compares raw values without quantizing: faster per call, at about
 * 17 bytes of heap per internal node on top of the model's tables.
 *
 * <p>At construction each node's 16-bit threshold {@code t} on feature {@code f} is turned into
 * the equivalent raw threshold {@code R(t)}, the largest raw value with {@code q_f(R(t)) <= t}
 * (see docs/model-format.md, "Quantization"), so that {@code x <= R(t)} decides exactly as
 * {@code q_f(x) <= t} without quantizing per call. Child links are expanded to global indices
 * ({@code ~leaf} for a leaf), left and right side by side. RAM per internal node: 17 bytes
 * (8 threshold, 1 feature, 4+4 links) plus 2 per leaf; the file itself needs 5 per node. Every
 * walk ends within the tree's depth (at most 32 steps): links of a validated model only point
 * forward.
 *
 * <p>Outputs combine as the format specifies and as Tribuo's {@code VotingCombiner} does: one
 * vote per tree for its leaf's class, the most votes win, a tie goes to the lowest class index;
 * risk is the mean of the reached leaves' risk bytes, scaled to 0..1000 and rounded.
 *
 * <p>Not thread-safe (it owns a vote scratch array).
 */
final class ExpandedForest {

    private final int featureCount;
    private final int classCount;
    private final int treeCount;
    /** Per tree: global index of its root node, or {@code ~leaf} if the tree is a single leaf. */
    private final int[] root;
    private final byte[] feature;
    private final long[] threshold;
    /**
     * Per node g: {@code links[2g]} is the left child, {@code links[2g+1]} the right one, each a
     * global node index or {@code ~leaf} (negative) for a leaf; side by side, one cache line.
     */
    private final int[] links;
    private final byte[] leafClass;
    private final byte[] leafRisk;
    private final int[] votes;
    /** 255 x trees; at most 261,120, so risk sums times 1000 fit in an int. */
    private final int riskDenominator;
    /** Single-tree models: the packed result of each leaf, so a call is one walk and one load. */
    private final int[] leafResult;

    /** Prepares the tables of a parsed (hence validated) model; allocates once. */
    ExpandedForest(TinyModel model) {
        featureCount = model.featureCount();
        classCount = model.classCount();
        treeCount = model.treeCount();
        int n = model.nodeCount();
        root = new int[treeCount];
        feature = new byte[n];
        threshold = new long[n];
        links = new int[2 * n];
        for (int t = 0; t < treeCount; t++) {
            int base = model.treeNodeStart(t);
            int count = model.treeNodeCount(t);
            root[t] = count == 0 ? ~model.treeLeafStart(t) : base;
            for (int i = 0; i < count; i++) {
                expandNode(model, base, model.treeLeafStart(t), i);
            }
        }
        int leaves = model.leafCount();
        leafClass = new byte[leaves];
        leafRisk = new byte[leaves];
        for (int l = 0; l < leaves; l++) {
            leafClass[l] = (byte) model.leafClass(l);
            leafRisk[l] = (byte) model.leafRisk(l);
        }
        votes = new int[classCount];
        riskDenominator = 255 * treeCount;
        leafResult = new int[treeCount == 1 ? leaves : 0];
        for (int l = 0; l < leafResult.length; l++) {
            leafResult[l] = ((leafClass[l] & 0xFF) << 16) | (int) (((leafRisk[l] & 0xFF) * 1000L + 127) / 255);
        }
    }

    private void expandNode(TinyModel model, int base, int leafBase, int i) {
        int g = base + i;
        int flags = model.nodeFlags(g);
        int ref = model.nodeRef(g);
        int f = flags & ModelFormat.FEATURE_MASK;
        boolean leftLeaf = (flags & ModelFormat.FLAG_LEFT_LEAF) != 0;
        boolean rightLeaf = (flags & ModelFormat.FLAG_RIGHT_LEAF) != 0;
        feature[g] = (byte) f;
        threshold[g] = Quantizer.maxRawAtOrBelow(model.quantizerKind(f), model.quantizerOffset(f),
                model.quantizerMul(f), model.quantizerShift(f), model.nodeThreshold(g));
        if (leftLeaf) {
            links[2 * g] = ~(leafBase + ref);
            links[2 * g + 1] = rightLeaf ? ~(leafBase + ref + 1) : g + 1;
        } else {
            links[2 * g] = g + 1;
            links[2 * g + 1] = rightLeaf ? ~(leafBase + ref) : base + ref;
        }
    }

    /**
     * Evaluates the model on {@code features[off .. off + featureCount())}, raw values in the
     * units of the model's feature schema.
     *
     * @return the class in bits 16..23 and the risk in permille (0..1000) in bits 0..15; see
     *         {@link ForestEvaluator#classOf(int)} and {@link ForestEvaluator#riskOf(int)}
     */
    public int evaluate(long[] features, int off) {
        if (off < 0 || off > features.length - featureCount) {
            throw new IllegalArgumentException("features too short");
        }
        if (treeCount == 1) {
            return leafResult[leafOf(0, features, off)];
        }
        int[] v = votes;
        for (int c = 0; c < classCount; c++) {
            v[c] = 0;
        }
        int riskSum = 0;
        int[] roots = root;
        byte[] feat = feature;
        long[] thr = threshold;
        int[] link = links;
        byte[] cls = leafClass;
        byte[] rsk = leafRisk;
        for (int t = 0; t < roots.length; t++) {
            int g = roots[t];
            while (g >= 0) {
                g = features[off + feat[g]] <= thr[g] ? link[g << 1] : link[(g << 1) + 1];
            }
            v[cls[~g] & 0xFF]++;
            riskSum += rsk[~g] & 0xFF;
        }
        int best = 0;
        for (int c = 1; c < classCount; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        int risk = (riskSum * 1000 + (riskDenominator >> 1)) / riskDenominator;
        return (best << 16) | risk;
    }

    /**
     * Walks tree t. Terminates within the tree's depth (at most 32 steps): links of a validated
     * model only point forward.
     */
    private int leafOf(int t, long[] x, int off) {
        int g = root[t];
        while (g >= 0) {
            g = x[off + feature[g]] <= threshold[g] ? links[g << 1] : links[(g << 1) + 1];
        }
        return ~g;
    }
}
