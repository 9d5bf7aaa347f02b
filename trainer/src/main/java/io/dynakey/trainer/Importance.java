package io.dynakey.trainer;

import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.TrainedModel;
import java.util.Random;

/**
 * Permutation feature importance: how much test accuracy drops when one feature's values are
 * shuffled across rows (on at most 5,000 test rows). Model-agnostic; reproducible by seed.
 */
public final class Importance {

    private static final int MAX_ROWS = 5000;

    private Importance() {
    }

    /** @return accuracy drop per feature, schema order */
    public static double[] permutation(TrainedModel m, Telemetry data, int[] test, long seed) {
        int n = Math.min(test.length, MAX_ROWS);
        int nf = data.featureCount();
        long[][] rows = new long[n][];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = data.row(test[i]);
            truth[i] = m.classes().indexOf(ForestTrainer.label(data, test[i], m.options().task()));
        }
        double base = accuracy(m, rows, truth);
        double[] drop = new double[nf];
        Random rng = new Random(seed);
        for (int f = 0; f < nf; f++) {
            long[] column = new long[n];
            for (int i = 0; i < n; i++) {
                column[i] = rows[i][f];
            }
            long[][] shuffled = new long[n][];
            for (int i = 0; i < n; i++) {
                shuffled[i] = rows[i].clone();
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                long t = column[i];
                column[i] = column[j];
                column[j] = t;
            }
            for (int i = 0; i < n; i++) {
                shuffled[i][f] = column[i];
            }
            drop[f] = base - accuracy(m, shuffled, truth);
        }
        return drop;
    }

    private static double accuracy(TrainedModel m, long[][] rows, int[] truth) {
        int right = 0;
        for (int i = 0; i < rows.length; i++) {
            if (m.predict(rows[i]) == truth[i]) {
                right++;
            }
        }
        return rows.length == 0 ? 0 : (double) right / rows.length;
    }
}
