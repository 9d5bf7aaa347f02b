package io.dynakey.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The curves against their definitions, computed here the slow way. */
class CurvesTest {

    /** ROC AUC = P(a positive scores above a negative) + P(tie) / 2, over every pair. */
    private static double pairwiseAuc(double[] score, boolean[] positive) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < score.length; i++) {
            for (int j = 0; j < score.length; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    /** Average precision without ties: the mean, over the positives, of the precision at each one's rank. */
    private static double rankAveragePrecision(double[] score, boolean[] positive) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        double sum = 0;
        int hits = 0;
        for (int k = 0; k < order.length; k++) {
            if (positive[order[k]]) {
                hits++;
                sum += hits / (double) (k + 1);
            }
        }
        return sum / hits;
    }

    @Test
    void roc_area_is_the_pairwise_probability_also_with_tied_scores() {
        Random rng = new Random(11);
        for (int round = 0; round < 20; round++) {
            int n = 50 + rng.nextInt(200);
            double[] score = new double[n];
            boolean[] positive = new boolean[n];
            for (int i = 0; i < n; i++) {
                positive[i] = i < 3 || (i > 5 && rng.nextBoolean());
                score[i] = rng.nextInt(12) / 11.0 + (positive[i] ? 0.15 : 0); // few distinct values: many ties
            }
            positive[4] = false;
            Curves.Curve roc = Curves.roc(score, positive);
            assertEquals(pairwiseAuc(score, positive), roc.area(), 1e-12);
            assertEquals(0, roc.x()[0]);
            assertEquals(0, roc.y()[0]);
            assertEquals(1, roc.x()[roc.x().length - 1]);
            assertEquals(1, roc.y()[roc.y().length - 1]);
        }
    }

    @Test
    void average_precision_is_the_mean_precision_at_the_positives_ranks() {
        Random rng = new Random(12);
        for (int round = 0; round < 20; round++) {
            int n = 50 + rng.nextInt(200);
            double[] score = new double[n];
            boolean[] positive = new boolean[n];
            for (int i = 0; i < n; i++) {
                positive[i] = i < 2 || (i > 3 && rng.nextInt(3) == 0);
                score[i] = rng.nextDouble() + (positive[i] ? 0.3 : 0); // distinct values
            }
            positive[3] = false;
            Curves.Curve pr = Curves.pr(score, positive);
            assertEquals(rankAveragePrecision(score, positive), pr.area(), 1e-12);
            for (int i = 0; i < pr.x().length; i++) {
                assertTrue(pr.x()[i] >= 0 && pr.x()[i] <= 1 && pr.y()[i] >= 0 && pr.y()[i] <= 1);
            }
        }
    }

    @Test
    void a_perfect_score_has_area_one_and_a_reversed_score_area_zero() {
        double[] score = {0.9, 0.8, 0.7, 0.2, 0.1};
        boolean[] positive = {true, true, true, false, false};
        boolean[] reversed = {false, false, true, true, true};
        assertEquals(1.0, Curves.roc(score, positive).area(), 1e-12);
        assertEquals(1.0, Curves.pr(score, positive).area(), 1e-12);
        assertEquals(0.0, Curves.roc(score, reversed).area(), 1e-12);
    }

    @Test
    void one_class_only_has_no_area() {
        assertTrue(Double.isNaN(Curves.roc(new double[] {0.1, 0.9}, new boolean[] {true, true}).area()));
        assertTrue(Double.isNaN(Curves.pr(new double[] {0.1, 0.9}, new boolean[] {false, false}).area()));
    }
}
