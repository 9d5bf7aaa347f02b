package io.dynakey.gateway.service;

/**
 * When a canary model is promoted to its whole group or rolled back: after at least
 * {@code minDurationMs} since the canary started, it is rolled back when the canary's false-rotation
 * rate (RISK rotations of non-revoked devices per device-day) exceeds the rest of the group's by
 * more than {@code marginPerDeviceDay}, and promoted when it does not and every canary device
 * reports running the canary version; otherwise the rule waits. Pure and immutable.
 */
public final class PromotionRule {

    /** What to do with a running canary. */
    public enum Decision { WAIT, PROMOTE, ROLL_BACK }

    /**
     * One side of the comparison.
     *
     * @param devices        non-revoked devices
     * @param onVersion      of those, how many report the canary version
     * @param riskRotations  their RISK rotations since the canary started
     */
    public record Cohort(int devices, int onVersion, long riskRotations) {

        public Cohort {
            if (devices < 0 || onVersion < 0 || onVersion > devices || riskRotations < 0) {
                throw new IllegalArgumentException("need 0 <= onVersion <= devices and riskRotations >= 0");
            }
        }

        /** RISK rotations per device-day over {@code elapsedMs}; 0 for no devices. */
        public double ratePerDeviceDay(long elapsedMs) {
            if (devices == 0 || elapsedMs <= 0) {
                return 0;
            }
            return riskRotations / (devices * (elapsedMs / 86_400_000.0));
        }
    }

    private static final long DAY_MS = 86_400_000L;

    private final long minDurationMs;
    private final double marginPerDeviceDay;

    /**
     * @param minDurationMs      least time the canary runs before any decision, ms (> 0)
     * @param marginPerDeviceDay how much higher the canary's false-rotation rate may be than the rest's (>= 0)
     */
    public PromotionRule(long minDurationMs, double marginPerDeviceDay) {
        if (minDurationMs <= 0 || !(marginPerDeviceDay >= 0) || Double.isInfinite(marginPerDeviceDay)) {
            throw new IllegalArgumentException("need minDurationMs > 0 and a finite marginPerDeviceDay >= 0");
        }
        this.minDurationMs = minDurationMs;
        this.marginPerDeviceDay = marginPerDeviceDay;
    }

    /** The rule's minimum canary time, ms. */
    public long minDurationMs() {
        return minDurationMs;
    }

    /**
     * The decision {@code elapsedMs} after the canary started.
     *
     * @param canary the canary's devices
     * @param rest   the group's other devices (with none, the canary is compared with a rate of 0)
     */
    public Decision decide(long elapsedMs, Cohort canary, Cohort rest) {
        if (elapsedMs < minDurationMs || canary.devices() == 0) {
            return Decision.WAIT;
        }
        double worse = canary.ratePerDeviceDay(elapsedMs) - rest.ratePerDeviceDay(elapsedMs);
        if (worse > marginPerDeviceDay) {
            return Decision.ROLL_BACK;
        }
        return canary.onVersion() == canary.devices() ? Decision.PROMOTE : Decision.WAIT;
    }

    @Override
    public String toString() {
        return "PromotionRule[minDuration=" + minDurationMs / 1000.0 / (DAY_MS / 1000.0) + " d, margin=" + marginPerDeviceDay
                + " rotations/device-day]";
    }
}
