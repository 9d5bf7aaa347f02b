package io.dynakey.device.governor;

import io.dynakey.models.ModelFormat;
import io.dynakey.models.RotationScheduleSpec;
import io.dynakey.models.TinyModel;

/**
 * A learned rotation table as the device runs it: the smoothed window risk falls into one of at
 * most {@link #MAX_BANDS} bands, and each band names the key age at which the key rotates. Band 0
 * is the calendar, reached by every key; higher bands are evidence. The shield comes from a
 * {@link GroupPolicy} and no table can override it: the calendar is at most the policy's maximum
 * key age, a band's age at least its minimum interval, and risk rotations draw on its token
 * bucket ({@link ScheduleGovernor}). Immutable; lookups allocate nothing.
 *
 * <p>The table ships in the signed model file's rotation schedule section (format 1.1,
 * {@link #fromModel}); a device whose model has no such section keeps its default
 * {@link RotationGovernor}.
 */
public final class RotationSchedule {

    /** Most bands a schedule may have. */
    public static final int MAX_BANDS = ModelFormat.MAX_ROTATION_BANDS;

    private final int smoothingPermille;
    private final int[] edges;
    private final long[] bandAgeMillis;
    private final long calendarMillis;
    private final boolean windowMax;
    private final long maxKeyAgeMillis;
    private final int burst;
    private final long refillMillis;

    /**
     * @param smoothingPermille weight of the newest window in the smoothed risk, 1..1000
     * @param edges lower risk edge (permille) of bands 1..n-1, strictly ascending in 1..1000
     * @param ageSeconds key age at which each band rotates, one per band (band 0: the calendar)
     * @param windowMax whether the risk is the window's maximum row risk (else its mean)
     * @param shield the hard limits: maximum key age, minimum interval, rate limit
     */
    public RotationSchedule(int smoothingPermille, int[] edges, long[] ageSeconds, boolean windowMax,
                            GroupPolicy shield) {
        if (smoothingPermille < 1 || smoothingPermille > 1000) {
            throw new IllegalArgumentException("smoothing must be 1..1000 permille");
        }
        if (edges == null || ageSeconds == null || shield == null || ageSeconds.length < 1
                || ageSeconds.length > MAX_BANDS || edges.length != ageSeconds.length - 1) {
            throw new IllegalArgumentException("a schedule needs 1.." + MAX_BANDS + " bands, one edge fewer, and a shield");
        }
        for (int i = 0; i < edges.length; i++) {
            if (edges[i] < 1 || edges[i] > 1000 || (i > 0 && edges[i] <= edges[i - 1])) {
                throw new IllegalArgumentException("band edges must ascend strictly within 1..1000");
            }
        }
        for (int i = 0; i < ageSeconds.length; i++) {
            if (ageSeconds[i] < 0 || ageSeconds[i] > ModelFormat.MAX_ROTATION_AGE_SECONDS) {
                throw new IllegalArgumentException("band ages must be 0 s .. 1 year");
            }
        }
        this.smoothingPermille = smoothingPermille;
        this.edges = edges.clone();
        this.windowMax = windowMax;
        this.maxKeyAgeMillis = shield.maxKeyAgeSeconds() * 1000L;
        long min = Math.max(1000L, shield.minIntervalMillis());
        this.calendarMillis = clamp(ageSeconds[0] * 1000L, Math.min(min, maxKeyAgeMillis), maxKeyAgeMillis);
        this.bandAgeMillis = new long[ageSeconds.length];
        for (int b = 0; b < ageSeconds.length; b++) {
            bandAgeMillis[b] = clamp(ageSeconds[b] * 1000L, Math.min(min, calendarMillis), calendarMillis);
        }
        this.burst = shield.burst();
        this.refillMillis = shield.refillMillis();
    }

    /**
     * The schedule a verified model file carries, inside this device's shield. The file's section
     * was validated by {@link TinyModel#parse}; the shield's clamps apply to it as to any table.
     * Allocates the schedule once (call at model load, not per window).
     *
     * @param model a parsed model whose signature the caller has verified
     * @param shield this device's hard limits (never taken from the file)
     * @throws IllegalArgumentException if the model carries no rotation schedule ({@link TinyModel#hasRotationSchedule})
     */
    public static RotationSchedule fromModel(TinyModel model, GroupPolicy shield) {
        if (model == null || !model.hasRotationSchedule()) {
            throw new IllegalArgumentException("the model file carries no rotation schedule: run the default governor");
        }
        RotationScheduleSpec spec = RotationScheduleSpec.of(model);
        return new RotationSchedule(spec.smoothingPermille(), spec.edgesPermille(), spec.ageSeconds(), spec.windowMax(), shield);
    }

    private static long clamp(long v, long lo, long hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    /** The band of a smoothed risk; at most {@link #MAX_BANDS} comparisons. */
    public int band(int riskPermille) {
        int b = 0;
        while (b < edges.length && riskPermille >= edges[b]) {
            b++;
        }
        return b;
    }

    /** Number of bands. */
    public int bands() {
        return bandAgeMillis.length;
    }

    /** Key age at which a key in this band rotates, after the shield's clamps, ms. */
    public long bandAgeMillis(int band) {
        return bandAgeMillis[band];
    }

    /** The calendar (band 0's age, at most the maximum key age), ms. */
    public long calendarMillis() {
        return calendarMillis;
    }

    /** The shield's maximum key age, ms. */
    public long maxKeyAgeMillis() {
        return maxKeyAgeMillis;
    }

    /** Weight of the newest window in the smoothed risk, permille. */
    public int smoothingPermille() {
        return smoothingPermille;
    }

    /** Whether the risk is the window's maximum row risk (else its mean). */
    public boolean windowMax() {
        return windowMax;
    }

    /** Risk rotations the bucket holds at once. */
    public int burst() {
        return burst;
    }

    /** Time for one token to come back, ms. */
    public long refillMillis() {
        return refillMillis;
    }
}
