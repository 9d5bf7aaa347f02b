package io.dynakey.trainer.eval;

import java.util.List;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.ConfusionMetrics;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.evaluation.metrics.EvaluationMetric;

/**
 * A confusion matrix over named classes, tabulated by Tribuo's {@link LabelConfusionMatrix} from
 * predictions whose examples carry the true label; the per-class figures are Tribuo's
 * {@link ConfusionMetrics} (whose count arguments are in the order tp, fp, tn, fn). Immutable.
 */
public final class Confusion {

    private final List<String> classes;
    private final List<Label> labels;
    private final LabelConfusionMatrix matrix;

    private Confusion(List<String> classes, LabelConfusionMatrix matrix) {
        this.classes = List.copyOf(classes);
        this.labels = this.classes.stream().map(Label::new).toList();
        this.matrix = matrix;
    }

    /**
     * Tabulates predictions.
     *
     * @param classes     every class a prediction or a truth can name (the model's, plus any the rows hold)
     * @param predictions Tribuo predictions; each example's output is the true label
     */
    public static Confusion of(List<String> classes, List<Prediction<Label>> predictions) {
        MutableOutputInfo<Label> info = new LabelFactory().generateInfo();
        for (String c : classes) {
            info.observe(new Label(c));
        }
        ImmutableOutputInfo<Label> domain = info.generateImmutableOutputInfo();
        return new Confusion(classes, new LabelConfusionMatrix(domain, predictions));
    }

    public List<String> classes() {
        return classes;
    }

    /** @return the counts, {@code [truth][predicted]}, in {@link #classes()} order */
    public long[][] counts() {
        long[][] c = new long[labels.size()][labels.size()];
        for (int t = 0; t < c.length; t++) {
            for (int p = 0; p < c.length; p++) {
                c[t][p] = (long) matrix.confusion(labels.get(p), labels.get(t));
            }
        }
        return c;
    }

    public long total() {
        return (long) matrix.support();
    }

    /** @return share of rows predicted right, 0 without rows */
    public double accuracy() {
        return total() == 0 ? 0 : ConfusionMetrics.accuracy(EvaluationMetric.Average.MICRO, matrix);
    }

    public double precision(int c) {
        Label l = labels.get(c);
        return ConfusionMetrics.precision(matrix.tp(l), matrix.fp(l), matrix.tn(l), matrix.fn(l));
    }

    public double recall(int c) {
        Label l = labels.get(c);
        return ConfusionMetrics.recall(matrix.tp(l), matrix.fp(l), matrix.tn(l), matrix.fn(l));
    }

    public double f1(int c) {
        Label l = labels.get(c);
        return ConfusionMetrics.f1(matrix.tp(l), matrix.fp(l), matrix.tn(l), matrix.fn(l));
    }

    /** @return rows of class c (support) */
    public long support(int c) {
        return (long) matrix.support(labels.get(c));
    }

    /** Mean F1 over the classes that have rows (Tribuo's macro average would count the empty ones too). */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < labels.size(); c++) {
            if (support(c) > 0) {
                sum += f1(c);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** False-positive rate of class {@code positive}: negatives predicted positive / negatives. */
    public double falsePositiveRate(int positive) {
        Label l = labels.get(positive);
        double negatives = matrix.fp(l) + matrix.tn(l);
        return negatives == 0 ? 0 : matrix.fp(l) / negatives;
    }
}
