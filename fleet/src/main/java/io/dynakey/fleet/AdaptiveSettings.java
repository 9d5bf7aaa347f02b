package io.dynakey.fleet;

import io.dynakey.device.governor.GroupPolicy;
import java.util.Locale;

/**
 * The knobs of the adaptive policy: risk smoothing on the device and the governor's group policy.
 * Chosen on training data only, never from a run's compromise plan.
 *
 * @param smoothingPermille weight of the newest window in the smoothed risk (1000: no smoothing)
 * @param soon ROTATE_SOON threshold, permille
 * @param now ROTATE_NOW threshold, permille
 * @param quarantine QUARANTINE threshold, permille
 * @param hysteresis hysteresis band, permille
 * @param escalateAfterSeconds how long ROTATE_SOON-level risk lasts before it rotates (0: never)
 * @param maxKeyAgeHours hard maximum key age
 * @param burst rate-limit bucket size
 * @param refillMinutes one token per this many minutes
 * @param minIntervalMinutes least time between risk-driven rotations
 */
public record AdaptiveSettings(int smoothingPermille, int soon, int now, int quarantine, int hysteresis,
                               long escalateAfterSeconds, int maxKeyAgeHours, int burst, int refillMinutes,
                               int minIntervalMinutes) {

    /** The defaults the demo uses (see docs/architecture.md for how they were chosen). */
    public static AdaptiveSettings defaults() {
        return new AdaptiveSettings(500, 400, 600, 1001, 100, 6 * 3600, 48, 2, 12 * 60, 60);
    }

    /** The governor's group policy. */
    public GroupPolicy groupPolicy() {
        return GroupPolicy.builder()
                .thresholds(soon, now, quarantine)
                .hysteresis(hysteresis)
                .escalateAfter(escalateAfterSeconds)
                .hardLimits(maxKeyAgeHours * 3600L, 1L << 40)
                .rateLimit(burst, refillMinutes * 60L)
                .minInterval(minIntervalMinutes * 60L)
                .build();
    }

    /** The governor factory for {@link AdaptivePolicy}. */
    public AdaptivePolicy policy(int messagesPerWindow) {
        return new AdaptivePolicy(new GovernorPolicies(groupPolicy()), smoothingPermille, messagesPerWindow);
    }

    /** One line for tables and reports. */
    public String describe() {
        return String.format(Locale.ROOT, "smoothing %d%%, thresholds soon/now/quarantine %d/%d/%s permille, hysteresis %d, "
                + "escalate after %d h, max key age %d h, rate limit %d per %d min, min interval %d min",
                smoothingPermille / 10, soon, now, quarantine > 1000 ? "off" : Integer.toString(quarantine), hysteresis,
                escalateAfterSeconds / 3600, maxKeyAgeHours, burst, refillMinutes, minIntervalMinutes);
    }
}
