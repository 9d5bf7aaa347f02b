package io.dynakey.trainer.federated;

/**
 * How the coordinator grows the tree and bounds each site's influence.
 *
 * @param maxDepth  maximum tree depth (root = depth 0); one histogram round per level
 * @param minLeaf   minimum (clipped) weight of rows in a child
 * @param clip      a site counts with weight {@code min(1, clip x median site rows / its rows)};
 *                  0 turns clipping off (every row weighs 1, as in central training)
 * @param screening true to exclude a site whose labels contradict a quorum of other sites (see
 *                  {@link FederatedCoordinator})
 */
public record FederatedOptions(int maxDepth, int minLeaf, double clip, boolean screening) {

    /** Default clip: a site weighs at most as much as 4 median sites. */
    public static final double DEFAULT_CLIP = 4;

    public FederatedOptions {
        if (maxDepth < 1 || maxDepth > io.dynakey.models.ModelFormat.MAX_DEPTH || minLeaf < 1 || !(clip >= 0)) {
            throw new IllegalArgumentException("need 1 <= depth <= " + io.dynakey.models.ModelFormat.MAX_DEPTH
                    + ", min leaf >= 1, clip >= 0");
        }
    }

    /** Depth 6, min leaf 5 (as {@code dynakey train}), clip 4, screening on. */
    public static FederatedOptions defaults() {
        return new FederatedOptions(6, 5, DEFAULT_CLIP, true);
    }

    /** Plain federated averaging of counts: no clipping, no screening (the undefended baseline). */
    public FederatedOptions undefended() {
        return new FederatedOptions(maxDepth, minLeaf, 0, false);
    }

    /** @return a short description for reports */
    public String describe() {
        return "CART by Gini over the shared bins, depth " + maxDepth + ", min leaf " + minLeaf + ", "
                + (clip > 0 ? "site weight clipped at " + clip + " x the median site" : "no clipping") + ", "
                + (screening ? "quorum label screening" : "no screening");
    }
}
