package io.dynakey.trainer.sequence;

import java.util.Objects;

/**
 * One device's windows in time order.
 *
 * <p>The arrays are not copied (sequences can be many and long): the caller must not change them
 * while a teacher trains on or predicts from them.
 *
 * @param steps  {@code steps[t]} = the inputs of window {@code t}; at least one step, every step the
 *               same length (at least 1), every value finite
 * @param labels {@code labels[t]} = 1 when the device is compromised at window {@code t}, else 0;
 *               as long as {@code steps}
 * @param origin where the sequence comes from (a capture and host, a mixture's seed), for reports;
 *               never a secret
 */
public record WindowSequence(float[][] steps, int[] labels, String origin) {

    public WindowSequence {
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(origin, "origin");
        if (steps.length == 0) {
            throw new IllegalArgumentException("a window sequence needs at least one step (" + origin + ")");
        }
        if (labels.length != steps.length) {
            throw new IllegalArgumentException("sequence " + origin + " has " + steps.length + " steps but "
                    + labels.length + " labels");
        }
        checkedWidth(steps, origin);
        for (int t = 0; t < labels.length; t++) {
            if (labels[t] != 0 && labels[t] != 1) {
                throw new IllegalArgumentException("sequence " + origin + ": label at step " + t + " is " + labels[t]
                        + ", expected 0 or 1");
            }
        }
    }

    /** @return the number of windows */
    public int length() {
        return steps.length;
    }

    /** @return the number of inputs per window */
    public int width() {
        return steps[0].length;
    }

    /** @return e.g. {@code WindowSequence[capture 3 host 10.0.0.7: 64 steps x 4 inputs, 20 compromised]} */
    @Override
    public String toString() {
        int compromised = 0;
        for (int label : labels) {
            compromised += label;
        }
        return "WindowSequence[" + origin + ": " + steps.length + " steps x " + steps[0].length + " inputs, "
                + compromised + " compromised]";
    }

    /** @return whether any window is labelled compromised */
    public boolean compromised() {
        for (int label : labels) {
            if (label == 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks that a step array is rectangular, non-empty and finite.
     *
     * @return its width
     * @throws IllegalArgumentException naming the first offending step
     */
    static int checkedWidth(float[][] steps, String origin) {
        if (steps.length == 0) {
            throw new IllegalArgumentException("sequence " + origin + " has no steps");
        }
        if (steps[0] == null || steps[0].length == 0) {
            throw new IllegalArgumentException("sequence " + origin + ": step 0 has no inputs");
        }
        int width = steps[0].length;
        for (int t = 0; t < steps.length; t++) {
            float[] s = steps[t];
            if (s == null || s.length != width) {
                throw new IllegalArgumentException("sequence " + origin + ": step " + t + " has "
                        + (s == null ? "no" : Integer.toString(s.length)) + " inputs, step 0 has " + width);
            }
            for (int i = 0; i < width; i++) {
                if (!Float.isFinite(s[i])) {
                    throw new IllegalArgumentException("sequence " + origin + ": input " + i + " of step " + t
                            + " is not finite");
                }
            }
        }
        return width;
    }
}
