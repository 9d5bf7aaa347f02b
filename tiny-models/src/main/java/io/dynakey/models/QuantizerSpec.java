package io.dynakey.models;

/**
 * One feature's quantizer: kind and parameters (see {@link Quantizer}). Immutable value;
 * the factories check parameters and throw {@link IllegalArgumentException} on misuse.
 */
public final class QuantizerSpec {

    private final int kind;
    private final long offset;
    private final int mul;
    private final int shift;

    private QuantizerSpec(int kind, long offset, int mul, int shift) {
        if (!Quantizer.isValid(kind, mul, shift)) {
            throw new IllegalArgumentException("invalid quantizer: kind=" + kind + " mul=" + mul
                    + " shift=" + shift);
        }
        this.kind = kind;
        this.offset = offset;
        this.mul = mul;
        this.shift = shift;
    }

    /** {@code q = min(65535, ((raw - offset) * mul) >>> shift)}, 0 below the offset. */
    public static QuantizerSpec linear(long offset, int mul, int shift) {
        return new QuantizerSpec(Quantizer.LINEAR, offset, mul, shift);
    }

    /** Integer log2 of {@code raw - offset} with {@code fractionBits} (0..10) fractional bits. */
    public static QuantizerSpec log(long offset, int fractionBits) {
        return new QuantizerSpec(Quantizer.LOG, offset, 0, fractionBits);
    }

    /** Any kind from its raw parameters, as stored in a file. */
    public static QuantizerSpec of(int kind, long offset, int mul, int shift) {
        return new QuantizerSpec(kind, offset, mul, shift);
    }

    /**
     * The linear quantizer with the finest resolution that maps {@code min..max} into 0..65535
     * without saturating below {@code max}.
     */
    public static QuantizerSpec fitLinear(long min, long max) {
        if (max < min) {
            throw new IllegalArgumentException("max < min");
        }
        long range = Quantizer.delta(max, min);
        if (range == 0) {
            return linear(min, 1, 0);
        }
        int bestMul = 1;
        int bestShift = Quantizer.MAX_LINEAR_SHIFT;
        long bestTop = -1;
        for (int s = 0; s <= Quantizer.MAX_LINEAR_SHIFT; s++) {
            long m = range >= (1L << 47) ? 1 : ((long) Quantizer.Q_MAX << s) / range;
            if (m < 1) {
                continue;
            }
            if (m > 65535) {
                m = 65535;
            }
            long top = Quantizer.quantize(Quantizer.LINEAR, min, (int) m, s, max);
            boolean saturated = top >= Quantizer.Q_MAX && range >= (1L << 47);
            if (!saturated && top > bestTop) {
                bestTop = top;
                bestMul = (int) m;
                bestShift = s;
            }
        }
        return linear(min, bestMul, bestShift);
    }

    /** A logarithmic quantizer for non-negative counts at or above {@code min}: offset {@code min - 1}. */
    public static QuantizerSpec fitLog(long min, int fractionBits) {
        long offset = min == Long.MIN_VALUE ? min : min - 1;
        return log(offset, fractionBits);
    }

    /** @return the quantized value of {@code raw}, 0..65535 */
    public int quantize(long raw) {
        return Quantizer.quantize(kind, offset, mul, shift, raw);
    }

    /** @return the largest raw value whose quantized value is at most {@code t} */
    public long maxRawAtOrBelow(int t) {
        return Quantizer.maxRawAtOrBelow(kind, offset, mul, shift, t);
    }

    public int kind() {
        return kind;
    }

    public long offset() {
        return offset;
    }

    public int mul() {
        return mul;
    }

    public int shift() {
        return shift;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof QuantizerSpec)) {
            return false;
        }
        QuantizerSpec q = (QuantizerSpec) o;
        return kind == q.kind && offset == q.offset && mul == q.mul && shift == q.shift;
    }

    @Override
    public int hashCode() {
        return (int) (offset ^ (offset >>> 32)) * 31 + kind * 961 + mul * 7 + shift;
    }

    @Override
    public String toString() {
        return (kind == Quantizer.LINEAR ? "LINEAR(offset=" + offset + ", mul=" + mul + ", shift="
                : "LOG(offset=" + offset + ", fractionBits=") + shift + ")";
    }
}
