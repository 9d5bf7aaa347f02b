package io.dynakey.device.model;

import io.dynakey.models.ModelFormat;
import io.dynakey.models.Quantizer;
import io.dynakey.models.TinyModel;

/**
 * Evaluates a tiny-model tree or forest: raw {@code long} features in, class and risk in
 * permille out. Integer arithmetic only; nothing is allocated per call.
 *
 * <p>It walks the parsed model's own node tables (5 bytes per internal node and 2 per leaf, as in
 * the file; see docs/model-format.md) and copies none of them: a node compares the 16-bit
 * threshold with its feature quantized exactly as the trainer quantized it, each feature at most
 * once per call (a single tree quantizes only the features its path tests, a forest all of them
 * up front). Beyond the model the evaluator holds only per-feature quantizer parameters and
 * scratch arrays, so its heap does not grow with the number of nodes. Every walk ends within the
 * tree's depth (at most 32 steps): links of a validated model only point forward.
 *
 * <p>Outputs combine as the format specifies and as Tribuo's {@code VotingCombiner} does: one
 * vote per tree for its leaf's class, the most votes win, a tie goes to the lowest class index;
 * risk is the mean of the reached leaves' risk bytes, scaled to 0..1000 and rounded.
 *
 * <p>Not thread-safe (it owns scratch arrays): use one instance per thread.
 */
public final class ForestEvaluator {

    private final TinyModel model;
    private final int featureCount;
    private final int classCount;
    private final int treeCount;
    private final byte[] quantKind;
    private final long[] quantOffset;
    private final int[] quantMul;
    private final byte[] quantShift;
    /** Quantized features of the current call, valid where {@code stamp[f] == call}. */
    private final int[] q;
    private final int[] stamp;
    private int call;
    private final int[] votes;
    /** 255 x trees; at most 261,120, so risk sums times 1000 fit in an int. */
    private final int riskDenominator;

    /** Prepares a parsed (hence validated) model; allocates once, nothing per node. */
    public ForestEvaluator(TinyModel model) {
        this.model = model;
        featureCount = model.featureCount();
        classCount = model.classCount();
        treeCount = model.treeCount();
        quantKind = new byte[featureCount];
        quantOffset = new long[featureCount];
        quantMul = new int[featureCount];
        quantShift = new byte[featureCount];
        for (int f = 0; f < featureCount; f++) {
            quantKind[f] = (byte) model.quantizerKind(f);
            quantOffset[f] = model.quantizerOffset(f);
            quantMul[f] = model.quantizerMul(f);
            quantShift[f] = (byte) model.quantizerShift(f);
        }
        q = new int[featureCount];
        stamp = new int[featureCount];
        votes = new int[classCount];
        riskDenominator = 255 * treeCount;
    }

    /** @return number of raw features a call reads, in the model's feature order */
    public int featureCount() {
        return featureCount;
    }

    /** @return number of classes */
    public int classCount() {
        return classCount;
    }

    /**
     * Evaluates the model on {@code features[off .. off + featureCount())}, raw values in the
     * units of the model's feature schema.
     *
     * @return the class in bits 16..23 and the risk in permille (0..1000) in bits 0..15; see
     *         {@link #classOf(int)} and {@link #riskOf(int)}
     */
    public int evaluate(long[] features, int off) {
        if (off < 0 || off > features.length - featureCount) {
            throw new IllegalArgumentException("features too short");
        }
        if (++call == 0) {
            // after 2^32 calls the stamps could repeat: start them over
            for (int f = 0; f < featureCount; f++) {
                stamp[f] = 0;
            }
            call = 1;
        }
        TinyModel m = model;
        if (treeCount == 1) {
            int l = leafOf(0, features, off);
            return (m.leafClass(l) << 16) | ((m.leafRisk(l) * 1000 + 127) / 255);
        }
        // a forest reads nearly every feature: quantize them all once, then walk 16-bit values only
        int[] qs = q;
        for (int f = 0; f < featureCount; f++) {
            qs[f] = Quantizer.quantize(quantKind[f], quantOffset[f], quantMul[f], quantShift[f], features[off + f]);
        }
        int[] v = votes;
        for (int c = 0; c < classCount; c++) {
            v[c] = 0;
        }
        int riskSum = 0;
        for (int t = 0; t < treeCount; t++) {
            int l = m.leafIndex(t, qs, 0);
            v[m.leafClass(l)]++;
            riskSum += m.leafRisk(l);
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
     * BC-style variant: writes the class to {@code out[outOff]} and the risk in permille to
     * {@code out[outOff + 1]}.
     */
    public void evaluate(long[] features, int off, int[] out, int outOff) {
        int r = evaluate(features, off);
        out[outOff] = classOf(r);
        out[outOff + 1] = riskOf(r);
    }

    /** @return the class index of a result of {@link #evaluate(long[], int)} */
    public static int classOf(int result) {
        return result >>> 16;
    }

    /** @return the risk in permille (0..1000) of a result of {@link #evaluate(long[], int)} */
    public static int riskOf(int result) {
        return result & 0xFFFF;
    }

    /**
     * The global leaf a single tree t reaches. A feature is quantized the first time a node of
     * this call tests it, so features no node on the path reads cost nothing (a forest quantizes
     * all of them up front instead). The same walk as {@link TinyModel#leafIndex}; at most the
     * format's depth limit in steps.
     */
    private int leafOf(int t, long[] x, int off) {
        TinyModel m = model;
        int nodeBase = m.treeNodeStart(t);
        int leafBase = nodeBase + t;
        if (m.treeNodeCount(t) == 0) {
            return leafBase;
        }
        int g = nodeBase;
        for (int step = 0; step < ModelFormat.MAX_DEPTH; step++) {
            int flags = m.nodeFlags(g);
            int ref = m.nodeRef(g);
            int f = flags & ModelFormat.FEATURE_MASK;
            int qf;
            if (stamp[f] == call) {
                qf = q[f];
            } else {
                qf = Quantizer.quantize(quantKind[f], quantOffset[f], quantMul[f], quantShift[f], x[off + f]);
                q[f] = qf;
                stamp[f] = call;
            }
            if (qf <= m.nodeThreshold(g)) {
                if ((flags & ModelFormat.FLAG_LEFT_LEAF) != 0) {
                    return leafBase + ref;
                }
                g++;
            } else {
                if ((flags & ModelFormat.FLAG_RIGHT_LEAF) != 0) {
                    return leafBase + ref + ((flags >> 7) & 1);
                }
                g = (flags & ModelFormat.FLAG_LEFT_LEAF) != 0 ? g + 1 : nodeBase + ref;
            }
        }
        throw new IllegalStateException("unreachable: a validated tree is at most " + ModelFormat.MAX_DEPTH + " deep");
    }
}
