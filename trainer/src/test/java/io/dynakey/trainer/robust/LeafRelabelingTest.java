package io.dynakey.trainer.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.TinyModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LeafRelabeling} on small random one-tree models: its own bookkeeping of F1 and evasion
 * equals the exact attack's ({@link RobustnessEvaluation}), it only turns benign leaves into
 * attack leaves, keeps the trees, reaches the F1 floor, and never raises the evasion rate.
 */
class LeafRelabelingTest {

    private static final int SIDE = 41;

    @Test
    void relabelled_trees_are_judged_as_the_exact_attack_judges_them() throws Exception {
        Random rnd = new Random(29);
        int relabelled = 0;
        for (int model = 0; model < 40; model++) {
            TinyModel m = CertificateSoundnessTest.randomModel(rnd, 1, 2);
            boolean[] controlled = {true, rnd.nextBoolean(), model % 2 == 0};
            ThreatModel threat = new ThreatModel(controlled, new long[] {0, 0, 0}, new long[] {SIDE - 1, SIDE - 1, SIDE - 1});
            int eps = 1 + rnd.nextInt(6);
            long[][] trainX = points(rnd, 300);
            boolean[] trainAttack = labels(rnd, m, trainX);
            long[][] valX = points(rnd, 200);
            boolean[] valAttack = labels(rnd, m, valX);
            int[] one = {eps};
            RobustnessEvaluation before = RobustnessEvaluation.of(m, threat, valX, valAttack, 0, one, 1_000_000);
            double floor = before.f1() - 0.05 * rnd.nextInt(4);
            String where = "model " + model + ", eps " + eps + ", floor " + floor;
            LeafRelabeling.Relabeled r = LeafRelabeling.run(m.buffer().clone(), threat, eps, 0, trainX, trainAttack, valX,
                    valAttack, floor);
            boolean anyBenign = false;
            for (int l = 0; l < m.leafCount(); l++) {
                anyBenign |= m.leafClass(l) == 0;
            }
            if (!anyBenign) {
                assertNull(r, where);
                continue;
            }
            if (r == null) {
                // only if not even keeping every leaf it can keep reaches the floor
                continue;
            }
            relabelled++;
            TinyModel c = TinyModel.parse(r.file());
            assertEquals(m.nodeCount(), c.nodeCount(), where);
            int flipped = 0;
            for (int g = 0; g < m.nodeCount(); g++) {
                assertEquals(m.nodeThreshold(g), c.nodeThreshold(g), where);
                assertEquals(m.nodeFlags(g), c.nodeFlags(g), where);
            }
            for (int l = 0; l < m.leafCount(); l++) {
                if (m.leafClass(l) != c.leafClass(l)) {
                    assertEquals(0, m.leafClass(l), where + ": only benign leaves change");
                    assertTrue(c.leafRisk(l) >= LeafRelabeling.MIN_ATTACK_RISK, where);
                    flipped++;
                } else {
                    assertEquals(m.leafRisk(l), c.leafRisk(l), where);
                }
            }
            assertEquals(flipped, r.flipped(), where);
            RobustnessEvaluation val = RobustnessEvaluation.of(c, threat, valX, valAttack, 0, one, 1_000_000);
            RobustnessEvaluation train = RobustnessEvaluation.of(c, threat, trainX, trainAttack, 0, one, 1_000_000);
            assertEquals(val.f1(), r.valF1(), 1e-12, where);
            assertEquals(val.evasionRate()[0], r.valEvasion(), 1e-12, where);
            assertEquals(train.evasionRate()[0], r.trainEvasion(), 1e-12, where);
            assertTrue(r.valF1() >= floor, where);
            assertTrue(val.evasionRate()[0] <= before.evasionRate()[0], where + ": relabelling raised the evasion rate");
        }
        assertTrue(relabelled >= 20, "only " + relabelled + " models relabelled");
    }

    @Test
    void a_forest_is_not_relabelled() throws Exception {
        Random rnd = new Random(3);
        TinyModel m = CertificateSoundnessTest.randomModel(rnd, 3, 2);
        ThreatModel threat = ThreatModel.allControlled(3);
        long[][] x = points(rnd, 20);
        boolean[] a = labels(rnd, m, x);
        assertNull(LeafRelabeling.run(m.buffer().clone(), threat, 2, 0, x, a, x, a, 0));
    }

    private static long[][] points(Random rnd, int n) {
        long[][] x = new long[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new long[] {rnd.nextInt(SIDE), rnd.nextInt(SIDE), rnd.nextInt(SIDE)};
        }
        return x;
    }

    /** The model's own class (class 0 benign), flipped for one row in six. */
    private static boolean[] labels(Random rnd, TinyModel m, long[][] x) {
        ForestEvaluator e = new ForestEvaluator(m);
        boolean[] a = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = (ForestEvaluator.classOf(e.evaluate(x[i], 0)) != 0) ^ (rnd.nextInt(6) == 0);
        }
        return a;
    }
}
