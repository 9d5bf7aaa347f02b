package io.dynakey.fleet;

import io.dynakey.models.RotationScheduleSpec;
import io.dynakey.models.TinyModel;
import java.util.Arrays;
import java.util.Locale;

/**
 * A learned rotation table: the smoothed risk falls into a band, and each band names the key age
 * at which the key rotates. Band 0 (the lowest risk) is the calendar: its age is reached by every
 * key and is executed as a timer, at the exact instant. Higher bands are evidence: a key whose
 * age has reached the band's age rotates at the end of the window that showed the risk. A table
 * with one band is a plain calendar of that interval.
 *
 * <p>The table never decides alone: the device runs it as a
 * {@link io.dynakey.device.governor.RotationSchedule}, which clamps every age to the shield's hard
 * limits (maximum key age, minimum interval) and rate-limits the risk-driven rotations.
 *
 * @param smoothingPermille weight of the newest window in the smoothed risk, 1..1000
 * @param bandEdges lower risk edge (permille) of bands 1..n-1, strictly ascending in 1..1000
 * @param ageLimitSeconds key age at which each band rotates, one per band; band 0's is the calendar
 * @param window how the window's rows' risks become the risk the table smooths
 */
public record RotationTable(int smoothingPermille, int[] bandEdges, long[] ageLimitSeconds,
                            RotationPolicy.WindowReduction window) {

    /** Most bands a table may have: as many as the device's schedule holds. */
    public static final int MAX_BANDS = io.dynakey.device.governor.RotationSchedule.MAX_BANDS;

    public RotationTable {
        if (smoothingPermille < 1 || smoothingPermille > 1000) {
            throw new IllegalArgumentException("smoothing must be 1..1000 permille, not " + smoothingPermille);
        }
        if (ageLimitSeconds.length < 1 || ageLimitSeconds.length > MAX_BANDS
                || bandEdges.length != ageLimitSeconds.length - 1) {
            throw new IllegalArgumentException("a table needs 1.." + MAX_BANDS + " bands and one edge fewer than bands");
        }
        for (int i = 0; i < bandEdges.length; i++) {
            if (bandEdges[i] < 1 || bandEdges[i] > 1000 || (i > 0 && bandEdges[i] <= bandEdges[i - 1])) {
                throw new IllegalArgumentException("band edges must ascend strictly within 1..1000: "
                        + Arrays.toString(bandEdges));
            }
        }
        for (long a : ageLimitSeconds) {
            if (a < 0) {
                throw new IllegalArgumentException("age limits must be >= 0 s");
            }
        }
        java.util.Objects.requireNonNull(window, "window");
        bandEdges = bandEdges.clone();
        ageLimitSeconds = ageLimitSeconds.clone();
    }

    /** A table on the window's mean risk. */
    public RotationTable(int smoothingPermille, int[] bandEdges, long[] ageLimitSeconds) {
        this(smoothingPermille, bandEdges, ageLimitSeconds, RotationPolicy.WindowReduction.MEAN);
    }

    /** This table on the other reduction of the window's risk. */
    public RotationTable withWindow(RotationPolicy.WindowReduction w) {
        return new RotationTable(smoothingPermille, bandEdges, ageLimitSeconds, w);
    }

    /** A plain calendar: every key rotates at {@code intervalSeconds}. */
    public static RotationTable calendar(int smoothingPermille, long intervalSeconds) {
        return new RotationTable(smoothingPermille, new int[0], new long[] {intervalSeconds});
    }

    /**
     * The table as the model file's rotation schedule section carries it (format 1.1).
     *
     * @throws IllegalArgumentException if the format cannot carry it: a calendar of 0 s or beyond
     *     366 days, or a band that keeps a key longer than the calendar
     */
    public RotationScheduleSpec toSchedule() {
        return new RotationScheduleSpec(smoothingPermille, bandEdges, ageLimitSeconds,
                window == RotationPolicy.WindowReduction.MAX);
    }

    /** The table a parsed model file carries in its rotation schedule section; the file must have one. */
    public static RotationTable of(TinyModel model) {
        RotationScheduleSpec s = RotationScheduleSpec.of(model);
        return new RotationTable(s.smoothingPermille(), s.edgesPermille(), s.ageSeconds(),
                s.windowMax() ? RotationPolicy.WindowReduction.MAX : RotationPolicy.WindowReduction.MEAN);
    }

    /** Whether this table has no risk band (a calendar). */
    public boolean isCalendar() {
        return bandEdges.length == 0;
    }

    /** The calendar: band 0's age, seconds. */
    public long calendarSeconds() {
        return ageLimitSeconds[0];
    }

    @Override
    public int[] bandEdges() {
        return bandEdges.clone();
    }

    @Override
    public long[] ageLimitSeconds() {
        return ageLimitSeconds.clone();
    }

    /** One line, e.g. {@code calendar 36.0 h; risk >= 300: at age 2.0 h}. */
    public String describe() {
        return describe(false);
    }

    /**
     * As {@link #describe()}; {@code temporal}: the table reads the temporal student's risk (one
     * figure per window, so the window reduction is moot), e.g. {@code calendar 27.6 h; risk >= 800:
     * at age 2.0 h (temporal student's risk, smoothing 50 %)}.
     */
    public String describe(boolean temporal) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "calendar %.1f h", ageLimitSeconds[0] / 3600.0));
        for (int i = 0; i < bandEdges.length; i++) {
            sb.append(String.format(Locale.ROOT, "; risk >= %d: at age %.1f h", bandEdges[i], ageLimitSeconds[i + 1] / 3600.0));
        }
        if (isCalendar()) {
            return sb.toString();
        }
        return sb.append(String.format(Locale.ROOT, " (%s, smoothing %s %%)", temporal ? "temporal student's risk"
                        : (window == RotationPolicy.WindowReduction.MAX ? "max" : "mean") + " of the window's rows",
                smoothingPermille % 10 == 0 ? Integer.toString(smoothingPermille / 10)
                        : String.format(Locale.ROOT, "%.1f", smoothingPermille / 10.0))).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RotationTable t && t.smoothingPermille == smoothingPermille && t.window == window
                && Arrays.equals(t.bandEdges, bandEdges) && Arrays.equals(t.ageLimitSeconds, ageLimitSeconds);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * smoothingPermille + Arrays.hashCode(bandEdges)) + Arrays.hashCode(ageLimitSeconds))
                + window.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
