package io.dynakey.trainer.eval;

import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/**
 * ROC and precision-recall curves of a binary score, by Tribuo's {@link LabelEvaluationUtil}:
 * points at every distinct score. The scores may come from a Tribuo model or from the quantized
 * device model alike.
 */
public final class Curves {

    /** One curve: x and y arrays of equal length, plus its area (NaN when one side has no rows). */
    public record Curve(double[] x, double[] y, double area) {
    }

    private Curves() {
    }

    /** ROC: x = false-positive rate, y = true-positive rate; area by the trapezoid rule. */
    public static Curve roc(double[] score, boolean[] positive) {
        if (oneSided(positive)) {
            return new Curve(new double[] {0, 1}, new double[] {0, 1}, Double.NaN);
        }
        LabelEvaluationUtil.ROC roc = LabelEvaluationUtil.generateROCCurve(positive, score);
        return new Curve(roc.fpr, roc.tpr, LabelEvaluationUtil.binaryAUCROC(positive, score));
    }

    /** PR: x = recall, y = precision; area = average precision (step-wise, no interpolation). */
    public static Curve pr(double[] score, boolean[] positive) {
        if (oneSided(positive)) {
            return new Curve(new double[] {0, 1}, new double[] {1, 1}, Double.NaN);
        }
        LabelEvaluationUtil.PRCurve pr = LabelEvaluationUtil.generatePRCurve(positive, score);
        return new Curve(pr.recall, pr.precision, LabelEvaluationUtil.averagedPrecision(positive, score));
    }

    private static boolean oneSided(boolean[] positive) {
        int pos = 0;
        for (boolean b : positive) {
            if (b) {
                pos++;
            }
        }
        return pos == 0 || pos == positive.length;
    }
}
