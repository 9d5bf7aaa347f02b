package io.dynakey.trainer.model;

/**
 * Hyper-parameters of one training run.
 *
 * @param task            binary or multi-class
 * @param trees           1 for a single CART tree, more for a random forest
 * @param maxDepth        maximum tree depth (root = depth 0 in Tribuo's counting)
 * @param minLeaf         minimum (weighted) number of rows in a child
 * @param featureFraction fraction of features considered at each split (1 = all)
 * @param seed            seed of every random choice
 */
public record TrainOptions(Task task, int trees, int maxDepth, int minLeaf, float featureFraction, long seed) {

    public TrainOptions {
        if (trees < 1 || maxDepth < 1 || minLeaf < 1 || !(featureFraction > 0 && featureFraction <= 1)) {
            throw new IllegalArgumentException("need trees >= 1, depth >= 1, min leaf >= 1, 0 < feature fraction <= 1");
        }
    }

    /** Defaults: one CART tree of depth 6, min leaf 5, all features, seed 42. */
    public static TrainOptions defaults(Task task) {
        return new TrainOptions(task, 1, 6, 5, 1f, 42L);
    }

    public TrainOptions withDepth(int depth) {
        return new TrainOptions(task, trees, depth, minLeaf, featureFraction, seed);
    }

    public TrainOptions withTrees(int n) {
        return new TrainOptions(task, n, maxDepth, minLeaf, n > 1 && featureFraction == 1f ? 0.7f : featureFraction, seed);
    }

    public TrainOptions withTask(Task t) {
        return new TrainOptions(t, trees, maxDepth, minLeaf, featureFraction, seed);
    }

    /** @return a short description for reports, e.g. {@code forest(10 trees, depth 6, ...)} */
    public String describe() {
        return (trees == 1 ? "CART tree" : "random forest of " + trees + " trees") + ", depth " + maxDepth
                + ", min leaf " + minLeaf + ", feature fraction " + featureFraction + ", seed " + seed;
    }
}
