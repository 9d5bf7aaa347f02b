package io.dynakey.trainer.eval;

import java.util.List;

/**
 * A confusion matrix over named classes: {@code counts[truth][predicted]}. Mutable while
 * filling ({@link #add}); not thread-safe.
 */
public final class Confusion {

    private final List<String> classes;
    private final long[][] counts;

    public Confusion(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    /** Counts one prediction. */
    public void add(int truth, int predicted) {
        counts[truth][predicted]++;
    }

    public List<String> classes() {
        return classes;
    }

    /** @return a copy of the counts, {@code [truth][predicted]} */
    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[i].clone();
        }
        return c;
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    public double accuracy() {
        long right = 0;
        for (int i = 0; i < counts.length; i++) {
            right += counts[i][i];
        }
        return ratio(right, total());
    }

    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[c];
        }
        return ratio(counts[c][c], predicted);
    }

    public double recall(int c) {
        long truth = 0;
        for (long v : counts[c]) {
            truth += v;
        }
        return ratio(counts[c][c], truth);
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** @return rows of class c (support) */
    public long support(int c) {
        long n = 0;
        for (long v : counts[c]) {
            n += v;
        }
        return n;
    }

    /** Mean F1 over the classes that have rows. */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < counts.length; c++) {
            if (support(c) > 0) {
                sum += f1(c);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** False-positive rate of class {@code positive}: negatives predicted positive / negatives. */
    public double falsePositiveRate(int positive) {
        long negatives = 0;
        long fp = 0;
        for (int t = 0; t < counts.length; t++) {
            if (t == positive) {
                continue;
            }
            for (int p = 0; p < counts.length; p++) {
                negatives += counts[t][p];
                if (p == positive) {
                    fp += counts[t][p];
                }
            }
        }
        return ratio(fp, negatives);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
