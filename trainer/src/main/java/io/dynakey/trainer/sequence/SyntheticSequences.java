package io.dynakey.trainer.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic window sequences whose compromise no single window reveals, for tests and
 * benchmarks of sequence models: the "slow drift" task. Every input of every step is standard
 * normal noise; in a compromised sequence, from a random onset in the middle half of the sequence
 * on, input 0 is shifted up by {@code shift} standard deviations and every step from the onset is
 * labelled compromised. With a shift below one standard deviation, one window says little; the
 * running evidence of many windows says a lot.
 */
public final class SyntheticSequences {

    private SyntheticSequences() {
    }

    /**
     * @param count      sequences
     * @param minLength  shortest sequence, at least 4 steps
     * @param maxLength  longest sequence, at least {@code minLength}
     * @param width      inputs per step, at least 1
     * @param shift      rise of input 0 after the onset, in standard deviations
     * @param compromisedShare share of sequences that are compromised (each drawn independently)
     * @param seed       seed of every draw
     */
    public static List<WindowSequence> slowDrift(int count, int minLength, int maxLength, int width, float shift,
            double compromisedShare, long seed) {
        if (count < 0 || minLength < 4 || maxLength < minLength || width < 1 || !(compromisedShare >= 0
                && compromisedShare <= 1)) {
            throw new IllegalArgumentException("need count >= 0, 4 <= min length <= max length, width >= 1, share in [0, 1]");
        }
        Random rng = new Random(seed);
        List<WindowSequence> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = minLength + rng.nextInt(maxLength - minLength + 1);
            boolean compromised = rng.nextDouble() < compromisedShare;
            int onset = compromised ? length / 4 + rng.nextInt(Math.max(1, length / 2)) : length;
            float[][] steps = new float[length][width];
            int[] labels = new int[length];
            for (int t = 0; t < length; t++) {
                for (int k = 0; k < width; k++) {
                    steps[t][k] = (float) rng.nextGaussian();
                }
                if (t >= onset) {
                    steps[t][0] += shift;
                    labels[t] = 1;
                }
            }
            out.add(new WindowSequence(steps, labels, "slow-drift seed " + seed + " #" + i));
        }
        return out;
    }
}
