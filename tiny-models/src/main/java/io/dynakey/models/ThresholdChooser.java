package io.dynakey.models;

/**
 * Host-side helper for exact export: turns a floating-point split (Tribuo's rule: {@code x <= split}
 * goes left) into a 16-bit threshold t on quantized values ({@code q(x) <= t} goes left).
 */
public final class ThresholdChooser {

    private ThresholdChooser() {
    }

    /**
     * Chooses t such that {@code q(x) <= t} iff {@code x <= split} for every observed raw value,
     * and for every integer {@code x <= split} whether observed or not.
     *
     * <p>Let A be the largest quantized value of an integer at or below the split (that is
     * {@code q(floor(split))}, or -1 if the split is below {@code Long.MIN_VALUE}) and B the
     * smallest quantized value of an observed value above the split (65536 if none). If
     * {@code A < B}, t = max(A, 0) is exact (and when A is -1 but no value quantizes to 0 the
     * choice is still exact). Otherwise no 16-bit threshold is exact; t = A is returned, which
     * keeps every left value left, and {@link ThresholdChoice#misrouted()} counts the observed
     * values above the split that it sends left.
     *
     * @param quantizer the feature's quantizer
     * @param split the split value; NaN is refused
     * @param observed raw values seen for this feature (e.g. the training column); may be empty
     */
    public static ThresholdChoice choose(QuantizerSpec quantizer, double split, long[] observed,
                                         int off, int len) {
        if (split != split) {
            throw new IllegalArgumentException("split is NaN");
        }
        int a = leftBound(quantizer, split);
        int b = Quantizer.Q_MAX + 1;
        for (int i = off; i < off + len; i++) {
            long x = observed[i];
            if (!goesLeft(x, split)) {
                int q = quantizer.quantize(x);
                if (q < b) {
                    b = q;
                }
            } else {
                int q = quantizer.quantize(x);
                if (q > a) {
                    a = q; // above 2^53 the double image of x can round down onto the split
                }
            }
        }
        int t = a < 0 ? 0 : a;
        int misrouted = 0;
        for (int i = off; i < off + len; i++) {
            long x = observed[i];
            boolean left = quantizer.quantize(x) <= t;
            if (left != goesLeft(x, split)) {
                misrouted++;
            }
        }
        return new ThresholdChoice(t, misrouted);
    }

    /** Convenience for a whole array. */
    public static ThresholdChoice choose(QuantizerSpec quantizer, double split, long[] observed) {
        return choose(quantizer, split, observed, 0, observed.length);
    }

    /** Tribuo's rule on a raw value converted to double. */
    static boolean goesLeft(long x, double split) {
        return (double) x <= split;
    }

    private static int leftBound(QuantizerSpec q, double split) {
        if (split >= 9.223372036854775807E18) {
            return q.quantize(Long.MAX_VALUE);
        }
        if (split < -9.223372036854775808E18) {
            return -1;
        }
        // floor(split) is exactly representable, so it goes left under Tribuo's rule
        return q.quantize((long) Math.floor(split));
    }
}
