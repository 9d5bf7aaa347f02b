package io.dynakey.models;

/**
 * Host-side description of a decision tree handed to {@link TinyModelWriter}: either a split
 * ({@code q(x[feature]) <= threshold} goes left) or a leaf (class index and 8-bit risk).
 * Immutable.
 */
public final class TreeNode {

    private final int feature;
    private final int threshold;
    private final TreeNode left;
    private final TreeNode right;
    private final int leafClass;
    private final int leafRisk;

    private TreeNode(int feature, int threshold, TreeNode left, TreeNode right, int leafClass, int leafRisk) {
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.leafClass = leafClass;
        this.leafRisk = leafRisk;
    }

    /**
     * @param feature index into the model's feature schema, 0..63
     * @param threshold quantized threshold, 0..65535
     */
    public static TreeNode split(int feature, int threshold, TreeNode left, TreeNode right) {
        if (feature < 0 || feature > ModelFormat.FEATURE_MASK) {
            throw new IllegalArgumentException("feature index out of range: " + feature);
        }
        if (threshold < 0 || threshold > Quantizer.Q_MAX) {
            throw new IllegalArgumentException("threshold out of range: " + threshold);
        }
        if (left == null || right == null) {
            throw new IllegalArgumentException("child is null");
        }
        return new TreeNode(feature, threshold, left, right, -1, -1);
    }

    /**
     * @param leafClass class index, 0..254
     * @param risk risk in 1/255 units, 0..255 (255 = certainly risky)
     */
    public static TreeNode leaf(int leafClass, int risk) {
        if (leafClass < 0 || leafClass >= ModelFormat.MAX_CLASSES) {
            throw new IllegalArgumentException("class out of range: " + leafClass);
        }
        if (risk < 0 || risk > 255) {
            throw new IllegalArgumentException("risk out of range: " + risk);
        }
        return new TreeNode(-1, 0, null, null, leafClass, risk);
    }

    public boolean isLeaf() {
        return left == null;
    }

    public int feature() {
        return feature;
    }

    public int threshold() {
        return threshold;
    }

    public TreeNode left() {
        return left;
    }

    public TreeNode right() {
        return right;
    }

    public int leafClass() {
        return leafClass;
    }

    public int leafRisk() {
        return leafRisk;
    }

    /** @return number of internal nodes in this subtree */
    public int internalCount() {
        return isLeaf() ? 0 : 1 + left.internalCount() + right.internalCount();
    }

    /** @return number of internal nodes on the longest path from here to a leaf */
    public int depth() {
        return isLeaf() ? 0 : 1 + Math.max(left.depth(), right.depth());
    }
}
