package io.dynakey.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

class ConfusionTest {

    private static final List<String> CLASSES = List.of("benign", "ddos", "scan", "worm");

    @Test
    void counts_and_figures_follow_the_predictions_and_a_class_without_rows_leaves_the_macro_average() {
        // given random predictions over four classes, no row of which is truly "worm"
        Random rng = new Random(5);
        long[][] expected = new long[4][4];
        List<Prediction<Label>> predictions = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int truth = rng.nextInt(3);
            int predicted = rng.nextInt(10) < 7 ? truth : rng.nextInt(4);
            expected[truth][predicted]++;
            ArrayExample<Label> example = new ArrayExample<>(new Label(CLASSES.get(truth)), new String[] {"f"}, new double[] {i});
            predictions.add(new Prediction<>(new Label(CLASSES.get(predicted)), 1, example));
        }
        // when
        Confusion c = Confusion.of(CLASSES, predictions);
        // then the counts are the tally
        long[][] counts = c.counts();
        for (int t = 0; t < 4; t++) {
            assertArrayEquals(expected[t], counts[t], "truth " + CLASSES.get(t));
        }
        assertEquals(500, c.total());
        // and the figures are the textbook ratios of the tally
        long right = 0;
        double f1Sum = 0;
        for (int k = 0; k < 4; k++) {
            right += expected[k][k];
            long predictedK = 0;
            long truthK = 0;
            long negatives = 0;
            long falsePositives = 0;
            for (int j = 0; j < 4; j++) {
                predictedK += expected[j][k];
                truthK += expected[k][j];
                if (j != k) {
                    for (int p = 0; p < 4; p++) {
                        negatives += expected[j][p];
                    }
                    falsePositives += expected[j][k];
                }
            }
            double precision = predictedK == 0 ? 0 : expected[k][k] / (double) predictedK;
            double recall = truthK == 0 ? 0 : expected[k][k] / (double) truthK;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            assertEquals(precision, c.precision(k), 1e-12, "precision " + k);
            assertEquals(recall, c.recall(k), 1e-12, "recall " + k);
            assertEquals(f1, c.f1(k), 1e-12, "f1 " + k);
            assertEquals(truthK, c.support(k));
            assertEquals(falsePositives / (double) negatives, c.falsePositiveRate(k), 1e-12, "fpr " + k);
            if (truthK > 0) {
                f1Sum += f1;
            }
        }
        assertEquals(right / 500.0, c.accuracy(), 1e-12);
        assertEquals(f1Sum / 3, c.macroF1(), 1e-12);
    }
}
