package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TinyModelRoundTripTest {

    @Test
    void a_written_model_reads_back_with_the_same_header_schema_and_tables() throws Exception {
        // given
        TreeNode tree = TreeNode.split(0, 100,
                TreeNode.split(1, 7, TreeNode.leaf(0, 10), TreeNode.leaf(1, 200)),
                TreeNode.split(0, 500, TreeNode.leaf(1, 220),
                        TreeNode.split(1, 9, TreeNode.leaf(0, 20), TreeNode.leaf(1, 255))));
        byte[] file = new TinyModelWriter(42, 7, 2).seed(99).createdSeconds(1234)
                .addFeature(new FeatureSpec(FeatureIds.AUTH_FAILURES, FeatureUnits.COUNT, 0, QuantizerSpec.log(0, 4)))
                .addFeature(new FeatureSpec(FeatureIds.KEY_AGE_SECONDS, FeatureUnits.SECONDS, 0,
                        QuantizerSpec.linear(0, 1, 4)))
                .addTree(tree).addTree(TreeNode.leaf(1, 128)).toBytes();

        // when
        TinyModel m = TinyModel.parse(file);

        // then
        assertEquals(42, m.modelId());
        assertEquals(7, m.modelVersion());
        assertEquals(99, m.seed());
        assertEquals(1234, m.createdSeconds());
        assertEquals(2, m.featureCount());
        assertEquals(FeatureIds.KEY_AGE_SECONDS, m.featureId(1));
        assertEquals(Quantizer.LOG, m.quantizerKind(0));
        assertEquals(2, m.treeCount());
        assertEquals(4, m.nodeCount());
        assertEquals(6, m.leafCount());
        assertEquals(3, m.treeDepth(0));
        assertEquals(0, m.treeDepth(1));
        assertEquals(file.length - 64, m.signedLength());
        assertEquals(file.length - 64, m.signatureOffset());
        int[] q = {50, 8};
        assertEquals(1, m.leafClass(m.leafIndex(0, q, 0)));
        assertEquals(200, m.leafRisk(m.leafIndex(0, q, 0)));
        int[] q2 = {600, 10};
        assertEquals(255, m.leafRisk(m.leafIndex(0, q2, 0)));
        assertEquals(128, m.leafRisk(m.leafIndex(1, q2, 0)));
        assertEquals(ModelFormat.HEADER_SIZE + 2 * 16 + 2 * 2 + 4 * 5 + 6 * 2 + 4 + 64, file.length);
    }

    @Test
    void random_models_round_trip_and_walk_like_the_tree_they_came_from() throws Exception {
        for (long seed = 1; seed <= 50; seed++) {
            java.util.Random rnd = new java.util.Random(seed);
            TreeNode root = ModelFiles.randomTree(rnd, 8, 5, 3, 0.9);
            TinyModelWriter w = new TinyModelWriter(1, 1, 3);
            for (int i = 0; i < 5; i++) {
                w.addFeature(ModelFiles.feature(i));
            }
            TinyModel m = TinyModel.parse(w.addTree(root).toBytes());
            for (int k = 0; k < 200; k++) {
                int[] q = new int[5];
                for (int i = 0; i < 5; i++) {
                    q[i] = rnd.nextInt(65536);
                }
                TreeNode n = root;
                while (!n.isLeaf()) {
                    n = q[n.feature()] <= n.threshold() ? n.left() : n.right();
                }
                int leaf = m.leafIndex(0, q, 0);
                assertEquals(n.leafClass(), m.leafClass(leaf));
                assertEquals(n.leafRisk(), m.leafRisk(leaf));
            }
        }
    }

    @Test
    void misuse_of_the_writer_is_an_illegal_argument() {
        TinyModelWriter w = new TinyModelWriter(1, 1, 2).addFeature(ModelFiles.feature(0));
        assertThrows(IllegalArgumentException.class, () -> w.addFeature(ModelFiles.feature(0)));
        w.addTree(TreeNode.split(3, 1, TreeNode.leaf(0, 0), TreeNode.leaf(1, 0)));
        assertThrows(IllegalArgumentException.class, w::toBytes);
        assertThrows(IllegalArgumentException.class, () -> new TinyModelWriter(1, 1, 0));
    }
}
