package io.dynakey.models;

import io.dynakey.models.testing.ByteMutator;
import java.util.Random;

/** Seeded generators of valid models and inputs for tests (also used by device-runtime tests). */
public final class ModelFiles {

    private ModelFiles() {
    }

    /** A random tree of at most {@code depth} levels over {@code features} features. */
    public static TreeNode randomTree(Random rnd, int depth, int features, int classes, double splitChance) {
        if (depth == 0 || (depth < 3 && rnd.nextDouble() > splitChance)) {
            int cls = rnd.nextInt(classes);
            int risk = cls == 0 ? rnd.nextInt(64) : 128 + rnd.nextInt(128);
            return TreeNode.leaf(cls, risk);
        }
        return TreeNode.split(rnd.nextInt(features), rnd.nextInt(65536),
                randomTree(rnd, depth - 1, features, classes, splitChance),
                randomTree(rnd, depth - 1, features, classes, splitChance));
    }

    /** The feature schema used by generated models: alternating LINEAR and LOG quantizers. */
    public static FeatureSpec feature(int index) {
        QuantizerSpec q = index % 2 == 0
                ? QuantizerSpec.linear(-1000L * index, 1 + index * 3, index % 7)
                : QuantizerSpec.log(0, 1 + index % 10);
        return new FeatureSpec(index + 1, index % 2 == 0 ? FeatureUnits.COUNT : FeatureUnits.BYTES, 0, q);
    }

    /** A random valid, unsigned model. */
    public static byte[] randomModel(long seed, int trees, int depth, int features, int classes) {
        Random rnd = new Random(seed);
        TinyModelWriter w = new TinyModelWriter(seed & 0xFFFF, 1 + (seed & 0xFF), classes)
                .seed(seed).createdSeconds(1764000000L).dataDigest(new byte[] {1, 2, 3, 4});
        for (int i = 0; i < features; i++) {
            w.addFeature(feature(i));
        }
        for (int t = 0; t < trees; t++) {
            w.addTree(randomTree(rnd, depth, features, classes, 0.8));
        }
        return w.toBytes();
    }

    /** Rewrites the CRC so that structural checks, not the CRC, judge a crafted file. */
    public static void fixCrc(byte[] file) {
        int crcOff = file.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE;
        TinyModelWriter.putU32(file, crcOff, Crc32.compute(file, 0, crcOff) & 0xFFFFFFFFL);
    }

    /**
     * The shared {@link ByteMutator} over {@code rnd}, with the header's length and count fields as
     * extra targets (so that the bounds checks of the reader, not only the CRC, meet hostile counts).
     */
    public static ByteMutator mutator(Random rnd) {
        return new ByteMutator(rnd).withLengthFields(ModelFormat.OFF_FILE_LENGTH, ModelFormat.OFF_NODE_COUNT,
                ModelFormat.OFF_LEAF_COUNT, ModelFormat.OFF_TREE_COUNT, ModelFormat.OFF_FEATURE_COUNT);
    }
}
