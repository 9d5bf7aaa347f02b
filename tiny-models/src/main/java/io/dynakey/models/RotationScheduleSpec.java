package io.dynakey.models;


/**
 * Host-side description of the rotation schedule section that {@link TinyModelWriter} writes
 * (format 1.1, docs/model-format.md "Rotation schedule section"): the smoothed window risk falls
 * into one of 1..{@link ModelFormat#MAX_ROTATION_BANDS} bands, each naming the key age at which a
 * key rotates; band 0 is the calendar. The constructor checks every rule the reader checks, so a
 * spec that exists writes a file the reader accepts. Immutable.
 */
public final class RotationScheduleSpec {

    private final int smoothingPermille;
    private final int[] edgesPermille;
    private final long[] ageSeconds;
    private final boolean windowMax;

    /**
     * @param smoothingPermille weight of the newest window in the smoothed risk, 1..1000
     * @param edgesPermille lower risk edge (permille of the evaluator's risk) of bands 1..n-1, strictly ascending in 1..1000
     * @param ageSeconds key age at which each band rotates, seconds, one per band: band 0 (the calendar)
     *     1 s..366 days, every other band 0..band 0's age
     * @param windowMax whether the band is chosen on the window's maximum row risk (else its mean)
     * @throws IllegalArgumentException if any rule is broken
     */
    public RotationScheduleSpec(int smoothingPermille, int[] edgesPermille, long[] ageSeconds, boolean windowMax) {
        if (smoothingPermille < 1 || smoothingPermille > 1000) {
            throw new IllegalArgumentException("smoothing must be 1..1000 permille, not " + smoothingPermille);
        }
        if (edgesPermille == null || ageSeconds == null || ageSeconds.length < 1
                || ageSeconds.length > ModelFormat.MAX_ROTATION_BANDS || edgesPermille.length != ageSeconds.length - 1) {
            throw new IllegalArgumentException("a rotation schedule needs 1.." + ModelFormat.MAX_ROTATION_BANDS
                    + " band ages and one edge fewer");
        }
        for (int i = 0; i < edgesPermille.length; i++) {
            int e = edgesPermille[i];
            if (e < 1 || e > ModelFormat.MAX_RISK_PERMILLE || (i > 0 && e <= edgesPermille[i - 1])) {
                throw new IllegalArgumentException("band edges must ascend strictly within 1..1000 permille: "
                        + text(edgesPermille));
            }
        }
        if (ageSeconds[0] < 1 || ageSeconds[0] > ModelFormat.MAX_ROTATION_AGE_SECONDS) {
            throw new IllegalArgumentException("the calendar (band 0) must be 1 s..366 days, not " + ageSeconds[0] + " s");
        }
        for (int b = 1; b < ageSeconds.length; b++) {
            if (ageSeconds[b] < 0 || ageSeconds[b] > ageSeconds[0]) {
                throw new IllegalArgumentException("band " + b + "'s age must be 0 s..the calendar's "
                        + ageSeconds[0] + " s, not " + ageSeconds[b] + " s");
            }
        }
        this.smoothingPermille = smoothingPermille;
        this.edgesPermille = edgesPermille.clone();
        this.ageSeconds = ageSeconds.clone();
        this.windowMax = windowMax;
    }

    /** @return the schedule a parsed file carries; the file must have one */
    public static RotationScheduleSpec of(TinyModel model) {
        int bands = model.rotationBands();
        if (bands == 0) {
            throw new IllegalArgumentException("the model file carries no rotation schedule");
        }
        int[] edges = new int[bands - 1];
        long[] ages = new long[bands];
        for (int b = 0; b < bands; b++) {
            ages[b] = model.rotationAgeSeconds(b);
            if (b > 0) {
                edges[b - 1] = model.rotationEdgePermille(b);
            }
        }
        return new RotationScheduleSpec(model.rotationSmoothingPermille(), edges, ages, model.rotationWindowMax());
    }

    /** @return number of bands, 1..8 */
    public int bands() {
        return ageSeconds.length;
    }

    /** @return weight of the newest window in the smoothed risk, permille */
    public int smoothingPermille() {
        return smoothingPermille;
    }

    /** @return the band edges, permille (a copy) */
    public int[] edgesPermille() {
        return edgesPermille.clone();
    }

    /** @return the band ages, seconds (a copy) */
    public long[] ageSeconds() {
        return ageSeconds.clone();
    }

    /** @return whether the window risk is the window's maximum row risk (else its mean) */
    public boolean windowMax() {
        return windowMax;
    }

    /** Writes the {@link ModelFormat#ROTATION_SECTION_SIZE}-byte section at {@code out[p..)}; unused slots 0. */
    void write(byte[] out, int p) {
        for (int i = 0; i < ModelFormat.ROTATION_SECTION_SIZE; i++) {
            out[p + i] = 0;
        }
        out[p + ModelFormat.ROT_OFF_BANDS] = (byte) ageSeconds.length;
        out[p + ModelFormat.ROT_OFF_WINDOW] = (byte) (windowMax ? ModelFormat.WINDOW_MAX : ModelFormat.WINDOW_MEAN);
        TinyModelWriter.putU16(out, p + ModelFormat.ROT_OFF_SMOOTHING, smoothingPermille);
        for (int i = 0; i < edgesPermille.length; i++) {
            TinyModelWriter.putU16(out, p + ModelFormat.ROT_OFF_EDGES + 2 * i, edgesPermille[i]);
        }
        for (int b = 0; b < ageSeconds.length; b++) {
            TinyModelWriter.putU32(out, p + ModelFormat.ROT_OFF_AGES + 4 * b, ageSeconds[b]);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RotationScheduleSpec)) {
            return false;
        }
        RotationScheduleSpec s = (RotationScheduleSpec) o;
        return s.smoothingPermille == smoothingPermille && s.windowMax == windowMax
                && text(s.edgesPermille).equals(text(edgesPermille)) && text(s.ageSeconds).equals(text(ageSeconds));
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * smoothingPermille + text(edgesPermille).hashCode()) + text(ageSeconds).hashCode())
                + (windowMax ? 1 : 0);
    }

    @Override
    public String toString() {
        return "RotationScheduleSpec(smoothing=" + smoothingPermille + ", edges=" + text(edgesPermille)
                + ", ages=" + text(ageSeconds) + ", window=" + (windowMax ? "max" : "mean") + ")";
    }

    // java.util.Arrays is not in the device profile (tiny-models compiles for it): small loops instead

    private static String text(int[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(a[i]);
        }
        return sb.append(']').toString();
    }

    private static String text(long[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(a[i]);
        }
        return sb.append(']').toString();
    }
}
