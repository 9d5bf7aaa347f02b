package io.dynakey.models;

/**
 * The result of {@link ThresholdChooser#choose}: a 16-bit threshold, whether it routes every
 * observed value exactly as the floating-point split does, and how many observed values it
 * routes differently when it cannot.
 */
public final class ThresholdChoice {

    private final int threshold;
    private final int misrouted;

    ThresholdChoice(int threshold, int misrouted) {
        this.threshold = threshold;
        this.misrouted = misrouted;
    }

    /** @return the threshold t, 0..65535: {@code q(x) <= t} goes left */
    public int threshold() {
        return threshold;
    }

    /** @return true if every observed value goes the same way as under {@code x <= split} */
    public boolean isExact() {
        return misrouted == 0;
    }

    /** @return the number of observed values (with multiplicity) that go the other way */
    public int misrouted() {
        return misrouted;
    }

    @Override
    public String toString() {
        return "ThresholdChoice(t=" + threshold + ", misrouted=" + misrouted + ")";
    }
}
