package io.dynakey.trainer.eval;

import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * A model's results on some rows: the confusion matrix (over the model's classes plus any class
 * the rows hold that the model never saw) and, for binary models, the attack score of each row.
 *
 * @param confusion   counts
 * @param attackScore Tribuo's attack score per row (binary), else empty
 * @param isAttack    truth per row (binary), else empty
 */
public record Evaluation(Confusion confusion, double[] attackScore, boolean[] isAttack) {

    /** Evaluates a model on rows: one Tribuo prediction per row. */
    public static Evaluation of(TrainedModel m, Telemetry data, int[] rows) {
        Task task = m.options().task();
        List<String> classes = new ArrayList<>(m.classes());
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        for (int r : rows) {
            String truth = ForestTrainer.label(data, r, task);
            if (!classes.contains(truth)) {
                classes.add(truth);
            }
            examples.add(m.example(data.row(r), truth));
        }
        List<Prediction<Label>> predictions = m.tribuo().predict(examples);
        boolean binary = task == Task.BINARY && m.classes().contains(Schema.ATTACK);
        double[] score = new double[binary ? rows.length : 0];
        boolean[] truth = new boolean[binary ? rows.length : 0];
        for (int i = 0; binary && i < rows.length; i++) {
            Label attack = predictions.get(i).getOutputScores().get(Schema.ATTACK);
            score[i] = attack == null ? 0 : attack.getScore();
            truth[i] = data.attack()[rows[i]] == 1;
        }
        return new Evaluation(Confusion.of(classes, predictions), score, truth);
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
