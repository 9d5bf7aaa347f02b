package io.dynakey.fleet;

import io.dynakey.device.wire.RotationReason;
import java.util.SplittableRandom;

/**
 * Rotates every device every {@code intervalHours}, each with its own phase (drawn from the
 * scenario seed) so that the fleet does not rotate all at once. The usual practice it is compared against.
 */
public final class FixedIntervalPolicy implements RotationPolicy {

    private final long intervalMillis;
    private final String name;
    private long[] next;

    /** The schedule the others are compared against, named {@code fixed}. */
    public FixedIntervalPolicy(int intervalHours) {
        this(intervalHours, "fixed");
    }

    /** A schedule under another name (e.g. {@code fixed-12h} in a sweep of intervals). */
    public FixedIntervalPolicy(int intervalHours, String name) {
        if (intervalHours < 1) {
            throw new IllegalArgumentException("interval must be >= 1 h");
        }
        this.intervalMillis = intervalHours * 3_600_000L;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "fixed: every device rotates every " + intervalMillis / 3_600_000L + " h (random phase per device)";
    }

    @Override
    public boolean usesRisk() {
        return false;
    }

    @Override
    public void start(Scenario scenario, int devices) {
        SplittableRandom rng = new SplittableRandom(scenario.seed() ^ 0x6669786564L);
        next = new long[devices];
        for (int d = 0; d < devices; d++) {
            next[d] = 1 + (long) (rng.nextDouble() * (intervalMillis - 1));
        }
    }

    @Override
    public long decide(int device, long windowStart, long windowEnd, int riskPermille) {
        long due = next[device];
        if (due <= windowEnd) {
            next[device] = due + intervalMillis;
            return Math.max(due, windowStart + 1);
        }
        return NO_ROTATION;
    }

    @Override
    public int lastReason(int device) {
        return RotationReason.POLICY;
    }

    @Override
    public void rotated(int device, long atMillis) {
        // the schedule does not move
    }
}
