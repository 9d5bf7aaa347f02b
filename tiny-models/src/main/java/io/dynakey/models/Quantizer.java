package io.dynakey.models;

/**
 * Integer-only quantization of a raw feature value ({@code long}) to an unsigned 16-bit value,
 * and its exact inverse on thresholds. Every map is monotone non-decreasing over the whole
 * {@code long} range, saturates instead of wrapping, and maps {@code Long.MIN_VALUE} to 0.
 * Stateless; allocates nothing.
 *
 * <p>Let {@code d = raw - offset} computed without overflow (if {@code raw <= offset} then
 * {@code d = 0}; if the difference overflows, {@code d = Long.MAX_VALUE}).
 * <ul>
 * <li>{@link #LINEAR} ({@code mul} 1..65535, {@code shift} 0..31):
 *     {@code q = min(65535, (d * mul) >>> shift)}, where {@code d >= 2^47} gives 65535.</li>
 * <li>{@link #LOG} ({@code shift} = fractional bits F, 0..10; {@code mul} must be 0):
 *     {@code q = 0} if {@code d == 0}, else with {@code e = floor(log2 d)} and {@code m} the F bits
 *     after the leading one of {@code d}: {@code q = 1 + (e << F) + m}.</li>
 * </ul>
 */
public final class Quantizer {

    /** Linear: offset, multiplier and right shift. */
    public static final int LINEAR = 1;
    /** Logarithmic: integer log2 with F fractional bits, for counts spanning many decades. */
    public static final int LOG = 2;

    /** Largest quantized value. */
    public static final int Q_MAX = 65535;
    /** Largest LINEAR shift. */
    public static final int MAX_LINEAR_SHIFT = 31;
    /** Largest LOG fractional bits. */
    public static final int MAX_LOG_FRACTION_BITS = 10;

    private static final long LINEAR_SATURATION = 1L << 47;

    private Quantizer() {
    }

    /** @return true if the kind and parameters form a valid quantizer */
    public static boolean isValid(int kind, int mul, int shift) {
        if (kind == LINEAR) {
            return mul >= 1 && mul <= 65535 && shift >= 0 && shift <= MAX_LINEAR_SHIFT;
        }
        if (kind == LOG) {
            return mul == 0 && shift >= 0 && shift <= MAX_LOG_FRACTION_BITS;
        }
        return false;
    }

    /**
     * Quantizes one raw value. Parameters must be valid ({@link #isValid}); an invalid kind
     * yields 0.
     *
     * @return the quantized value in 0..65535
     */
    public static int quantize(int kind, long offset, int mul, int shift, long raw) {
        long d = delta(raw, offset);
        if (kind == LINEAR) {
            return linear(d, mul, shift);
        }
        if (kind == LOG) {
            return log(d, shift);
        }
        return 0;
    }

    /** {@code raw - offset}, 0 if not positive, {@code Long.MAX_VALUE} if it overflows. */
    static long delta(long raw, long offset) {
        if (raw <= offset) {
            return 0L;
        }
        long d = raw - offset;
        return d < 0 ? Long.MAX_VALUE : d;
    }

    private static int linear(long d, int mul, int shift) {
        if (d >= LINEAR_SATURATION) {
            return Q_MAX;
        }
        long q = (d * mul) >>> shift;
        return q > Q_MAX ? Q_MAX : (int) q;
    }

    private static int log(long d, int fractionBits) {
        if (d == 0) {
            return 0;
        }
        int e = 63 - Long.numberOfLeadingZeros(d);
        long mantissa;
        if (e >= fractionBits) {
            mantissa = d >>> (e - fractionBits);
        } else {
            mantissa = d << (fractionBits - e);
        }
        int m = (int) (mantissa & ((1L << fractionBits) - 1));
        return 1 + (e << fractionBits) + m;
    }

    /**
     * The exact raw-domain form of a threshold: the largest raw value {@code r} with
     * {@code quantize(raw) <= t}, so that for every raw value {@code x},
     * {@code quantize(x) <= t} if and only if {@code x <= r}. Exists for every t in 0..65535
     * because {@code quantize(Long.MIN_VALUE) == 0}. Runs a bounded binary search (64 steps);
     * meant for load time, not for the hot path.
     */
    public static long maxRawAtOrBelow(int kind, long offset, int mul, int shift, int t) {
        if (quantize(kind, offset, mul, shift, Long.MAX_VALUE) <= t) {
            return Long.MAX_VALUE;
        }
        // invariant: q(lo) <= t < q(hi)
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        for (int i = 0; i < 70 && hi - lo != 1 && hi - lo != 0; i++) {
            long mid = (lo >> 1) + (hi >> 1) + (lo & hi & 1L);
            if (quantize(kind, offset, mul, shift, mid) <= t) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
