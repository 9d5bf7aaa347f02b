package io.dynakey.fleet;

import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.wire.RotationReason;
import java.util.SplittableRandom;

/**
 * Executes a learned {@link RotationTable} inside a shield of hard limits no table can override:
 * the calendar age is at most the maximum key age, a risk-driven rotation needs the key to be at
 * least the minimum interval old and a token from the rate limit's bucket (the device governor's
 * own limits, from its {@link GroupPolicy}). So the worst table still rotates every key by its
 * maximum age and cannot rotate more often than the bucket allows.
 *
 * <p>Initial key ages are drawn like {@link FixedIntervalPolicy}'s phases: a one-band table of
 * interval {@code I} rotates exactly when the fixed schedule of {@code I} does.
 */
public final class LearnedPolicy implements RotationPolicy {

    private final RotationTable table;
    private final long calendarMillis;
    private final long[] bandMillis;
    private final long refillMillis;
    private final int burst;
    private final long maxKeyAgeMillis;
    private final String provenance;
    private int[] smoothed;
    private long[] keyBorn;
    private int[] tokens;
    private long[] refillAnchor;
    private int[] reason;

    /**
     * @param table the learned table
     * @param shield the hard limits: maximum key age, minimum interval, rate limit
     * @param provenance one line: where the table was learned (for reports), or empty
     */
    public LearnedPolicy(RotationTable table, GroupPolicy shield, String provenance) {
        this.table = table;
        this.provenance = provenance;
        this.maxKeyAgeMillis = shield.maxKeyAgeSeconds() * 1000L;
        long min = Math.max(1000L, shield.minIntervalMillis());
        this.calendarMillis = clamp(table.calendarSeconds() * 1000L, min, maxKeyAgeMillis);
        long[] ages = table.ageLimitSeconds();
        this.bandMillis = new long[ages.length];
        for (int b = 0; b < ages.length; b++) {
            bandMillis[b] = clamp(ages[b] * 1000L, min, calendarMillis);
        }
        this.burst = shield.burst();
        this.refillMillis = shield.refillMillis();
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    @Override
    public String name() {
        return "learned";
    }

    @Override
    public String describe() {
        return "learned: " + table.describe() + "; shield: max key age " + maxKeyAgeMillis / 3_600_000L
                + " h, min interval " + bandMillis[bandMillis.length - 1] / 60_000L + " min or more, "
                + burst + " risk rotations per " + refillMillis / 3_600_000L + " h" + (provenance.isEmpty() ? "" : "; " + provenance);
    }

    /** The table this policy executes. */
    public RotationTable table() {
        return table;
    }

    @Override
    public WindowReduction windowReduction() {
        return table.window();
    }

    @Override
    public boolean usesRisk() {
        return !table.isCalendar();
    }

    @Override
    public void start(Scenario scenario, int devices) {
        SplittableRandom rng = new SplittableRandom(scenario.seed() ^ 0x6669786564L);
        smoothed = new int[devices];
        keyBorn = new long[devices];
        tokens = new int[devices];
        refillAnchor = new long[devices];
        reason = new int[devices];
        for (int d = 0; d < devices; d++) {
            long next = 1 + (long) (rng.nextDouble() * (calendarMillis - 1));
            keyBorn[d] = next - calendarMillis;
            tokens[d] = burst;
        }
    }

    @Override
    public long decide(int device, long windowStart, long windowEnd, int riskPermille) {
        if (riskPermille >= 0) {
            int s = table.smoothingPermille();
            smoothed[device] = (smoothed[device] * (1000 - s) + Math.min(1000, riskPermille) * s + 500) / 1000;
        }
        long due = keyBorn[device] + calendarMillis;
        if (due <= windowEnd) {
            reason[device] = calendarMillis == maxKeyAgeMillis ? RotationReason.KEY_AGE : RotationReason.POLICY;
            return Math.max(due, windowStart + 1);
        }
        if (riskPermille < 0) {
            return NO_ROTATION;
        }
        long age = bandMillis[table.band(smoothed[device])];
        if (age < calendarMillis && windowEnd - keyBorn[device] >= age && takeToken(device, windowEnd)) {
            reason[device] = RotationReason.RISK;
            return windowEnd;
        }
        return NO_ROTATION;
    }

    private boolean takeToken(int d, long now) {
        if (tokens[d] < burst) {
            long add = (now - refillAnchor[d]) / refillMillis;
            if (add > 0) {
                tokens[d] = (int) Math.min(burst, tokens[d] + add);
                refillAnchor[d] += add * refillMillis;
            }
        }
        if (tokens[d] == 0) {
            return false;
        }
        if (tokens[d] == burst) {
            refillAnchor[d] = now;
        }
        tokens[d]--;
        return true;
    }

    /** The smoothed risk the table last saw for a device. */
    public int smoothedRisk(int device) {
        return smoothed[device];
    }

    @Override
    public int lastReason(int device) {
        return reason[device];
    }

    @Override
    public void rotated(int device, long atMillis) {
        keyBorn[device] = atMillis;
    }
}
