package io.dynakey.trainer.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.FeatureSpec;
import io.dynakey.models.FeatureUnits;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.models.TreeNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Soundness and exactness against brute force: small random trees and forests over three
 * features on raw 0..40 (an identity, a LOG with gaps between cells, an offset coarse LINEAR
 * quantizer), every raw point of the attacker's domain evaluated by the device's evaluator.
 */
class CertificateSoundnessTest {

    private static final int SIDE = 41;
    private static final QuantizerSpec[] QUANT = {QuantizerSpec.linear(0, 1, 0), QuantizerSpec.log(0, 2),
            QuantizerSpec.linear(5, 3, 1)};

    @Test
    void certified_radius_is_at_most_the_exact_smallest_evasion_and_exact_for_one_tree() throws Exception {
        Random rnd = new Random(13);
        int inputs = 0;
        for (int model = 0; model < 36; model++) {
            int trees = model % 3 == 0 ? 1 : 2 + rnd.nextInt(4);
            int classes = model % 4 == 3 ? 3 : 2;
            TinyModel m = randomModel(rnd, trees, classes);
            boolean[] controlled = {true, rnd.nextBoolean(), model % 2 == 0};
            ThreatModel threat = new ThreatModel(controlled, new long[] {0, 0, 0}, new long[] {SIDE - 1, SIDE - 1, SIDE - 1});
            int[] grid = classGrid(m);
            BoxForest forest = new BoxForest(m);
            Certifier certifier = new Certifier(forest, threat);
            EvasionSearch search = new EvasionSearch(forest, threat, 1_000_000);
            for (int i = 0; i < 15; i++) {
                long[] x = {rnd.nextInt(SIDE), rnd.nextInt(SIDE), rnd.nextInt(SIDE)};
                long target = BoxForest.bit(rnd.nextInt(classes));
                int brute = bruteForce(m, grid, threat, x, target);
                int radius = certifier.radius(x, target);
                EvasionSearch.Result r = search.minimal(x, target);
                String where = "model " + model + " (" + trees + " trees) input " + i;
                assertTrue(r.exact(), where);
                assertEquals(brute, r.epsilon(), where);
                assertTrue(radius <= brute, where + ": radius " + radius + " > exact " + brute);
                if (trees == 1) {
                    assertEquals(brute, radius, where + ": one tree is certified exactly");
                }
                if (r.witness() != null) {
                    int cls = ForestEvaluator.classOf(new ForestEvaluator(m).evaluate(r.witness(), 0));
                    assertTrue((target & (1L << cls)) != 0, where);
                    for (int f = 0; f < 3; f++) {
                        assertTrue(controlled[f] || r.witness()[f] == x[f], where + ": uncontrolled feature changed");
                    }
                }
                inputs++;
            }
        }
        assertEquals(36 * 15, inputs);
    }

    @Test
    void a_search_cut_short_says_so_and_still_returns_a_real_evasion() throws Exception {
        Random rnd = new Random(7);
        int inexact = 0;
        for (int model = 0; model < 20; model++) {
            TinyModel m = randomModel(rnd, 6, 2);
            ThreatModel threat = new ThreatModel(new boolean[] {true, true, true}, new long[] {0, 0, 0},
                    new long[] {SIDE - 1, SIDE - 1, SIDE - 1});
            int[] grid = classGrid(m);
            BoxForest forest = new BoxForest(m);
            EvasionSearch bounded = new EvasionSearch(forest, threat, 2);
            for (int i = 0; i < 10; i++) {
                long[] x = {rnd.nextInt(SIDE), rnd.nextInt(SIDE), rnd.nextInt(SIDE)};
                long target = BoxForest.bit(0);
                int brute = bruteForce(m, grid, threat, x, target);
                EvasionSearch.Result r = bounded.minimal(x, target);
                if (!r.exact()) {
                    inexact++;
                }
                // an upper bound: never below the exact one; exact results equal it
                assertTrue(r.epsilon() >= brute);
                if (r.exact()) {
                    assertEquals(brute, r.epsilon());
                }
            }
        }
        assertTrue(inexact > 0, "a 2-box budget should leave some forest decisions open");
    }

    @Test
    void an_uncontrolled_feature_alone_cannot_be_moved() throws Exception {
        TinyModel m = TinyModel.parse(new TinyModelWriter(1, 1, 2)
                .addFeature(new FeatureSpec(1, FeatureUnits.COUNT, 0, QUANT[0]))
                .addTree(TreeNode.split(0, 10, TreeNode.leaf(0, 0), TreeNode.leaf(1, 255))).toBytes());
        BoxForest forest = new BoxForest(m);
        ThreatModel none = new ThreatModel(new boolean[] {false}, new long[] {0}, new long[] {0});
        assertEquals(Certifier.UNBOUNDED, new Certifier(forest, none).radius(new long[] {20}, BoxForest.bit(0)));
        EvasionSearch.Result r = new EvasionSearch(forest, none, 100).minimal(new long[] {20}, BoxForest.bit(0));
        assertEquals(EvasionSearch.NONE, r.epsilon());
        assertTrue(r.exact());
        // controlled but bounded above 10: still no way under the threshold
        ThreatModel high = new ThreatModel(new boolean[] {true}, new long[] {11}, new long[] {1000});
        assertEquals(Certifier.UNBOUNDED, new Certifier(forest, high).radius(new long[] {20}, BoxForest.bit(0)));
        // bounded at 0..1000: 10 steps down
        ThreatModel free = new ThreatModel(new boolean[] {true}, new long[] {0}, new long[] {1000});
        EvasionSearch.Result e = new EvasionSearch(forest, free, 100).minimal(new long[] {20}, BoxForest.bit(0));
        assertEquals(10, e.epsilon());
        assertEquals(1, e.l0());
        assertEquals(10, e.witness()[0]);
        assertFalse(e.evadesWithin(9));
    }

    static TinyModel randomModel(Random rnd, int trees, int classes) throws Exception {
        TinyModelWriter w = new TinyModelWriter(1, 1, classes);
        for (int f = 0; f < 3; f++) {
            w.addFeature(new FeatureSpec(f + 1, FeatureUnits.COUNT, 0, QUANT[f]));
        }
        for (int t = 0; t < trees; t++) {
            w.addTree(randomTree(rnd, 1 + rnd.nextInt(4), classes));
        }
        return TinyModel.parse(w.toBytes());
    }

    private static TreeNode randomTree(Random rnd, int depth, int classes) {
        if (depth == 0 || rnd.nextInt(5) == 0) {
            return TreeNode.leaf(rnd.nextInt(classes), rnd.nextInt(256));
        }
        int f = rnd.nextInt(3);
        int maxQ = QUANT[f].quantize(SIDE - 1);
        return TreeNode.split(f, rnd.nextInt(maxQ + 1), randomTree(rnd, depth - 1, classes), randomTree(rnd, depth - 1, classes));
    }

    private static int[] classGrid(TinyModel m) {
        ForestEvaluator e = new ForestEvaluator(m);
        int[] grid = new int[SIDE * SIDE * SIDE];
        long[] p = new long[3];
        for (int i = 0; i < grid.length; i++) {
            p[0] = i % SIDE;
            p[1] = (i / SIDE) % SIDE;
            p[2] = i / (SIDE * SIDE);
            grid[i] = ForestEvaluator.classOf(e.evaluate(p, 0));
        }
        return grid;
    }

    private static int bruteForce(TinyModel m, int[] grid, ThreatModel threat, long[] x, long target) {
        int best = EvasionSearch.NONE;
        for (int i = 0; i < grid.length; i++) {
            long[] p = {i % SIDE, (i / SIDE) % SIDE, i / (SIDE * SIDE)};
            if ((target & (1L << grid[i])) == 0) {
                continue;
            }
            int d = 0;
            for (int f = 0; f < 3 && d < best; f++) {
                if (!threat.controlled(f) && p[f] != x[f]) {
                    d = EvasionSearch.NONE;
                } else {
                    d = Math.max(d, Math.abs(m.quantize(f, p[f]) - m.quantize(f, x[f])));
                }
            }
            best = Math.min(best, d);
        }
        return best;
    }
}
