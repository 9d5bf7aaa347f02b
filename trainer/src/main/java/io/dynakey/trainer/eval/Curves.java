package io.dynakey.trainer.eval;

import java.util.Arrays;

/**
 * ROC and precision-recall curves of a binary score. Points are computed at every distinct score.
 */
public final class Curves {

    /** One curve: x and y arrays of equal length, plus its area. */
    public record Curve(double[] x, double[] y, double area) {
    }

    private Curves() {
    }

    /** ROC: x = false-positive rate, y = true-positive rate; area by the trapezoid rule. */
    public static Curve roc(double[] score, boolean[] positive) {
        Integer[] order = order(score);
        long pos = count(positive, true);
        long neg = positive.length - pos;
        double[] xs = new double[order.length + 2];
        double[] ys = new double[order.length + 2];
        int n = 1;
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < order.length; i++) {
            if (positive[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            if (i == order.length - 1 || score[order[i + 1]] != score[order[i]]) {
                xs[n] = neg == 0 ? 0 : (double) fp / neg;
                ys[n] = pos == 0 ? 0 : (double) tp / pos;
                n++;
            }
        }
        xs[n] = 1;
        ys[n] = 1;
        n++;
        double[] x = Arrays.copyOf(xs, n);
        double[] y = Arrays.copyOf(ys, n);
        double area = 0;
        for (int i = 1; i < n; i++) {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return new Curve(x, y, area);
    }

    /** PR: x = recall, y = precision; area = average precision (step-wise). */
    public static Curve pr(double[] score, boolean[] positive) {
        Integer[] order = order(score);
        long pos = count(positive, true);
        double[] xs = new double[order.length + 1];
        double[] ys = new double[order.length + 1];
        xs[0] = 0;
        ys[0] = 1;
        int n = 1;
        long tp = 0;
        long seen = 0;
        double ap = 0;
        double lastRecall = 0;
        for (int i = 0; i < order.length; i++) {
            seen++;
            if (positive[order[i]]) {
                tp++;
            }
            if (i == order.length - 1 || score[order[i + 1]] != score[order[i]]) {
                double recall = pos == 0 ? 0 : (double) tp / pos;
                double precision = (double) tp / seen;
                ap += (recall - lastRecall) * precision;
                lastRecall = recall;
                xs[n] = recall;
                ys[n] = precision;
                n++;
            }
        }
        return new Curve(Arrays.copyOf(xs, n), Arrays.copyOf(ys, n), ap);
    }

    private static Integer[] order(double[] score) {
        Integer[] idx = new Integer[score.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(score[b], score[a]));
        return idx;
    }

    private static long count(boolean[] v, boolean want) {
        long n = 0;
        for (boolean b : v) {
            if (b == want) {
                n++;
            }
        }
        return n;
    }
}
