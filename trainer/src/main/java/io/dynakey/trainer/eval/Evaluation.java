package io.dynakey.trainer.eval;

import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainedModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's results on some rows: the confusion matrix (over the model's classes plus any class
 * the rows hold that the model never saw) and, for binary models, the attack score of each row.
 *
 * @param confusion   counts
 * @param attackScore Tribuo's attack score per row (binary), else empty
 * @param isAttack    truth per row (binary), else empty
 */
public record Evaluation(Confusion confusion, double[] attackScore, boolean[] isAttack) {

    /** Evaluates a model on rows. */
    public static Evaluation of(TrainedModel m, Telemetry data, int[] rows) {
        Task task = m.options().task();
        List<String> classes = new ArrayList<>(m.classes());
        if (task == Task.MULTICLASS) {
            for (String c : data.classNames()) {
                if (!classes.contains(c)) {
                    classes.add(c);
                }
            }
        }
        Confusion c = new Confusion(classes);
        int attack = m.classes().indexOf(Schema.ATTACK);
        boolean binary = task == Task.BINARY && attack >= 0;
        double[] score = new double[binary ? rows.length : 0];
        boolean[] truth = new boolean[binary ? rows.length : 0];
        for (int i = 0; i < rows.length; i++) {
            long[] raw = data.row(rows[i]);
            int t = classes.indexOf(ForestTrainer.label(data, rows[i], task));
            if (binary) {
                double[] s = m.scores(raw);
                c.add(t, m.predict(raw));
                score[i] = s[attack];
                truth[i] = data.attack()[rows[i]] == 1;
            } else {
                c.add(t, m.predict(raw));
            }
        }
        return new Evaluation(c, score, truth);
    }

    /** @return F1 of the attack class (binary) or NaN */
    public double attackF1() {
        int a = confusion.classes().indexOf(Schema.ATTACK);
        return a < 0 ? Double.NaN : confusion.f1(a);
    }

    /** @return false-positive rate of the attack class (binary) or NaN */
    public double falsePositiveRate() {
        int a = confusion.classes().indexOf(Schema.ATTACK);
        return a < 0 ? Double.NaN : confusion.falsePositiveRate(a);
    }
}
