package io.dynakey.trainer.model;

import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;

/** Small helpers over Tribuo tree nodes. */
public final class TreeWalk {

    private TreeWalk() {
    }

    /** @return the number of split nodes ({@code splits}) or leaves (otherwise) under a node */
    public static int count(Node<?> node, boolean splits) {
        if (node instanceof SplitNode<?> s) {
            return (splits ? 1 : 0) + count(s.getLessThanOrEqual(), splits) + count(s.getGreaterThan(), splits);
        }
        if (node instanceof LeafNode<?>) {
            return splits ? 0 : 1;
        }
        throw new IllegalStateException("unexpected Tribuo node " + node.getClass().getName());
    }

    /** @return the depth of the deepest leaf (a lone leaf has depth 0) */
    public static int depth(Node<?> node) {
        if (node instanceof SplitNode<?> s) {
            return 1 + Math.max(depth(s.getLessThanOrEqual()), depth(s.getGreaterThan()));
        }
        return 0;
    }
}
