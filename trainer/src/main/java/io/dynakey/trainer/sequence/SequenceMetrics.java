package io.dynakey.trainer.sequence;

import java.util.Arrays;
import java.util.List;

/**
 * Per-step and per-sequence figures of a detector over window sequences: static functions over
 * labels ({@code labels[t]} = 1 when compromised at window {@code t}) and predicted probabilities
 * ({@code p[t]}, an alarm when {@code p[t] >= threshold}), one pair of arrays per sequence. No
 * state; thread-safe.
 */
public final class SequenceMetrics {

    /** The alarm threshold used when none is given. */
    public static final float THRESHOLD = 0.5f;

    /** {@link #detectionDelay} of a compromise never alarmed on. */
    public static final int MISSED = -1;

    private SequenceMetrics() {
    }

    /**
     * Delays of the compromised sequences.
     *
     * @param compromised sequences with at least one compromised step
     * @param detected    of those, sequences alarmed on at or after the compromise began
     * @param meanDelay   mean delay in windows over the detected ones (NaN when none)
     * @param medianDelay median of the same (NaN when none)
     * @param maxDelay    largest of the same ({@link #MISSED} when none)
     */
    public record Delays(int compromised, int detected, double meanDelay, double medianDelay, int maxDelay) {
        /** @return detected / compromised (NaN without a compromised sequence) */
        public double detectionRate() {
            return compromised == 0 ? Double.NaN : detected / (double) compromised;
        }
    }

    /**
     * Windows from the first compromised step to the first alarm at or after it.
     *
     * @return the delay in windows (0 = alarmed at the first compromised window), {@link #MISSED}
     *         when no alarm follows
     * @throws IllegalArgumentException if no step is compromised, or the arrays differ in length
     */
    public static int detectionDelay(int[] labels, float[] p, float threshold) {
        checkPair(labels, p, 0);
        int onset = -1;
        for (int t = 0; t < labels.length && onset < 0; t++) {
            if (labels[t] == 1) {
                onset = t;
            }
        }
        if (onset < 0) {
            throw new IllegalArgumentException("no compromised step: a detection delay needs a compromise");
        }
        for (int t = onset; t < p.length; t++) {
            if (p[t] >= threshold) {
                return t - onset;
            }
        }
        return MISSED;
    }

    /** {@link #detectionDelay(int[], float[], float)} at {@link #THRESHOLD}. */
    public static int detectionDelay(int[] labels, float[] p) {
        return detectionDelay(labels, p, THRESHOLD);
    }

    /** Detection delays over the sequences that have a compromised step; the others are skipped. */
    public static Delays delays(List<int[]> labels, List<float[]> p, float threshold) {
        checkLists(labels, p);
        int[] found = new int[labels.size()];
        int compromised = 0;
        int detected = 0;
        for (int i = 0; i < labels.size(); i++) {
            checkPair(labels.get(i), p.get(i), i);
            if (!anyCompromised(labels.get(i))) {
                continue;
            }
            compromised++;
            int d = detectionDelay(labels.get(i), p.get(i), threshold);
            if (d != MISSED) {
                found[detected++] = d;
            }
        }
        if (detected == 0) {
            return new Delays(compromised, 0, Double.NaN, Double.NaN, MISSED);
        }
        int[] d = Arrays.copyOf(found, detected);
        Arrays.sort(d);
        double median = detected % 2 == 1 ? d[detected / 2] : (d[detected / 2 - 1] + d[detected / 2]) / 2.0;
        return new Delays(compromised, detected, Arrays.stream(d).average().orElse(Double.NaN), median, d[detected - 1]);
    }

    /**
     * Share of the steps of benign sequences (no compromised step at all) that raise an alarm.
     *
     * @return false alarms / benign steps, NaN when there is no benign sequence
     */
    public static double falsePositiveRate(List<int[]> labels, List<float[]> p, float threshold) {
        checkLists(labels, p);
        long steps = 0;
        long alarms = 0;
        for (int i = 0; i < labels.size(); i++) {
            checkPair(labels.get(i), p.get(i), i);
            if (anyCompromised(labels.get(i))) {
                continue;
            }
            steps += p.get(i).length;
            for (float v : p.get(i)) {
                if (v >= threshold) {
                    alarms++;
                }
            }
        }
        return steps == 0 ? Double.NaN : alarms / (double) steps;
    }

    /**
     * F1 of the compromised class over every step of every sequence.
     *
     * @return 2 tp / (2 tp + fp + fn); 0 when there is neither a compromised step nor an alarm
     */
    public static double f1(List<int[]> labels, List<float[]> p, float threshold) {
        long[] c = counts(labels, p, threshold);
        long tp = c[0];
        long denominator = 2 * tp + c[1] + c[2];
        return denominator == 0 ? 0 : 2.0 * tp / denominator;
    }

    /** {@link #f1(List, List, float)} at {@link #THRESHOLD}. */
    public static double f1(List<int[]> labels, List<float[]> p) {
        return f1(labels, p, THRESHOLD);
    }

    /** @return {true positives, false positives, false negatives, true negatives} over every step */
    public static long[] counts(List<int[]> labels, List<float[]> p, float threshold) {
        checkLists(labels, p);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < labels.size(); i++) {
            int[] y = labels.get(i);
            float[] q = p.get(i);
            checkPair(y, q, i);
            for (int t = 0; t < y.length; t++) {
                boolean alarm = q[t] >= threshold;
                if (y[t] == 1) {
                    if (alarm) {
                        tp++;
                    } else {
                        fn++;
                    }
                } else if (alarm) {
                    fp++;
                } else {
                    tn++;
                }
            }
        }
        return new long[] {tp, fp, fn, tn};
    }

    private static boolean anyCompromised(int[] labels) {
        for (int label : labels) {
            if (label == 1) {
                return true;
            }
        }
        return false;
    }

    private static void checkLists(List<int[]> labels, List<float[]> p) {
        if (labels.size() != p.size()) {
            throw new IllegalArgumentException(labels.size() + " label sequences but " + p.size() + " predictions");
        }
    }

    private static void checkPair(int[] labels, float[] p, int index) {
        if (labels.length != p.length) {
            throw new IllegalArgumentException("sequence " + index + " has " + labels.length + " labels but "
                    + p.length + " predictions");
        }
        for (int t = 0; t < labels.length; t++) {
            if (labels[t] != 0 && labels[t] != 1) {
                throw new IllegalArgumentException("sequence " + index + ": label at step " + t + " is " + labels[t]
                        + ", expected 0 or 1");
            }
        }
    }
}
