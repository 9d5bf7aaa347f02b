package io.dynakey.trainer.federated;

import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.TreeNode;
import java.util.List;

/**
 * The federated model: one tree over the shared quantizers, flat in preorder. Node i is a split
 * ({@code feature[i] >= 0}: {@code q(x) <= value[i]} goes to {@code left[i]}) or a leaf
 * ({@code feature[i] < 0}: class {@code left[i]}, risk {@code value[i]} in 0..255). Immutable.
 *
 * @param quantizers the shared quantizers, schema order
 * @param feature    per node: split feature, or -1 for a leaf
 * @param value      per node: threshold, or the leaf's risk
 * @param left       per node: left child, or the leaf's class
 * @param right      per node: right child (splits)
 */
public record FederatedTree(List<QuantizerSpec> quantizers, int[] feature, int[] value, int[] left, int[] right) {

    /** Class index of benign in the exported model. */
    public static final int BENIGN = 0;
    /** Class index of attack in the exported model. */
    public static final int ATTACK = 1;
    /** The class names in index order. */
    public static final List<String> CLASSES = List.of(io.dynakey.trainer.data.Schema.BENIGN, io.dynakey.trainer.data.Schema.ATTACK);

    /** @return the class of a raw feature vector (schema order) */
    public int predict(long[] raw) {
        int i = 0;
        while (feature[i] >= 0) {
            i = quantizers.get(feature[i]).quantize(raw[feature[i]]) <= value[i] ? left[i] : right[i];
        }
        return left[i];
    }

    /** @return split nodes */
    public int splits() {
        int n = 0;
        for (int f : feature) {
            if (f >= 0) {
                n++;
            }
        }
        return n;
    }

    /** @return the tree as the model writer's nodes */
    public TreeNode toTreeNode() {
        return node(0);
    }

    private TreeNode node(int i) {
        if (feature[i] >= 0) {
            return TreeNode.split(feature[i], value[i], node(left[i]), node(right[i]));
        }
        return TreeNode.leaf(left[i], value[i]);
    }
}
