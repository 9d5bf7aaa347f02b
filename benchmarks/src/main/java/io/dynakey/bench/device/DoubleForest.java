package io.dynakey.bench.device;

/**
 * The baseline a careful engineer would write by hand: flat {@code double[]} thresholds, int
 * child links (negative = leaf), one vote per tree, ties to the lowest class. No quantization.
 */
public final class DoubleForest {

    private final int[] treeStart;
    private final int[] feature;
    private final double[] threshold;
    private final int[] left;
    private final int[] right;
    private final int[] leafClass;
    private final double[] leafRisk;
    private final int[] votes;

    DoubleForest(int[] treeStart, int[] feature, double[] threshold, int[] left, int[] right,
                 int[] leafClass, double[] leafRisk, int classes) {
        this.treeStart = treeStart;
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.leafClass = leafClass;
        this.leafRisk = leafRisk;
        this.votes = new int[classes];
    }

    /** @return the class in bits 16.., risk permille in bits 0..15, as ForestEvaluator does */
    public int predict(double[] x) {
        int trees = treeStart.length;
        if (trees == 1) {
            int leaf = walk(treeStart[0], x);
            return (leafClass[leaf] << 16) | (int) (leafRisk[leaf] * 1000 + 0.5);
        }
        int[] v = votes;
        for (int c = 0; c < v.length; c++) {
            v[c] = 0;
        }
        double risk = 0;
        for (int t = 0; t < trees; t++) {
            int leaf = walk(treeStart[t], x);
            v[leafClass[leaf]]++;
            risk += leafRisk[leaf];
        }
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return (best << 16) | (int) (risk * 1000 / trees + 0.5);
    }

    private int walk(int root, double[] x) {
        int n = root;
        while (n >= 0) {
            n = x[feature[n]] <= threshold[n] ? left[n] : right[n];
        }
        return ~n;
    }
}
