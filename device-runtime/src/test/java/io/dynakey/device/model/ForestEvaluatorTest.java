package io.dynakey.device.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.device.AllocationMeter;
import io.dynakey.models.GoldenVectors;
import io.dynakey.models.ModelFiles;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.models.TreeNode;
import io.dynakey.models.FeatureSpec;
import io.dynakey.models.FeatureUnits;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForestEvaluatorTest {

    @Test
    void raw_domain_evaluation_agrees_with_the_quantize_then_walk_reference() throws Exception {
        for (long seed = 1; seed <= 40; seed++) {
            // given a random forest and inputs at, around and far from its thresholds
            TinyModel m = TinyModel.parse(ModelFiles.randomModel(seed, 1 + (int) (seed % 7), 7, 6, 3));
            ForestEvaluator ev = new ForestEvaluator(m);
            Random rnd = new Random(seed);
            long[] x = new long[6];
            for (int k = 0; k < 2000; k++) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = k % 3 == 0 ? rnd.nextLong() : k % 3 == 1 ? rnd.nextInt(100_000) - 50_000
                            : rnd.nextInt(1 << 20);
                }
                // when
                int r = ev.evaluate(x, 0);
                // then
                int[] expected = GoldenVectors.referencePredict(m, x);
                assertEquals(expected[0], ForestEvaluator.classOf(r));
                assertEquals(expected[1], ForestEvaluator.riskOf(r));
            }
        }
    }

    @Test
    void a_tied_vote_goes_to_the_lowest_class_index_as_in_tribuo() throws Exception {
        // given two trees voting 2 and 1, whatever the input
        TinyModel m = TinyModel.parse(new TinyModelWriter(1, 1, 3)
                .addFeature(new FeatureSpec(1, FeatureUnits.COUNT, 0, QuantizerSpec.linear(0, 1, 0)))
                .addTree(TreeNode.leaf(2, 255)).addTree(TreeNode.leaf(1, 0)).toBytes());
        // when
        int r = new ForestEvaluator(m).evaluate(new long[] {5}, 0);
        // then
        assertEquals(1, ForestEvaluator.classOf(r));
        assertEquals(500, ForestEvaluator.riskOf(r));
    }

    @Test
    void a_short_feature_array_is_refused() throws Exception {
        ForestEvaluator ev = new ForestEvaluator(TinyModel.parse(ModelFiles.randomModel(3, 2, 4, 5, 2)));
        assertThrows(IllegalArgumentException.class, () -> ev.evaluate(new long[4], 0));
        assertThrows(IllegalArgumentException.class, () -> ev.evaluate(new long[5], 1));
    }

    @Test
    void evaluating_allocates_nothing() throws Exception {
        // given the 10-tree golden forest and its inputs
        final ForestEvaluator ev = new ForestEvaluator(TinyModel.parse(GoldenVectors.modelBytes("forest-10")));
        final long[][] inputs = GoldenVectors.cases("forest-10").inputs;
        final int[] out = new int[2];
        final int[] sink = new int[1];
        // when
        long bytes = AllocationMeter.bytesAllocated(new AllocationMeter.Work() {
            @Override
            public void run(int i) {
                ev.evaluate(inputs[i % inputs.length], 0, out, 0);
                sink[0] += ev.evaluate(inputs[(i + 1) % inputs.length], 0);
            }
        }, 50_000, 200_000);
        // then
        assertEquals(0, bytes, "bytes allocated by 400,000 evaluations");
    }
}
