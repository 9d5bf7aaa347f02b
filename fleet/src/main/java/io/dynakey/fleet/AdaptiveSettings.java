package io.dynakey.fleet;

import io.dynakey.device.governor.GroupPolicy;
import java.util.Locale;
import java.util.Objects;

/**
 * The knobs of the adaptive policy: the risk smoothing, which is the simulator's own, and the
 * governor's {@link GroupPolicy}, which is the device's. Chosen on training data only, never from
 * a run's compromise plan.
 *
 * @param smoothingPermille weight of the newest window in the smoothed risk, 1..1000 (1000: no smoothing)
 * @param groupPolicy       the policy every device's governor runs
 */
public record AdaptiveSettings(int smoothingPermille, GroupPolicy groupPolicy) {

    /** No message limit: the simulator counts messages per window, not per key. */
    public static final long NO_MESSAGE_LIMIT = 1L << 40;

    public AdaptiveSettings {
        if (smoothingPermille < 1 || smoothingPermille > 1000) {
            throw new IllegalArgumentException("smoothing must be 1..1000 permille, not " + smoothingPermille);
        }
        Objects.requireNonNull(groupPolicy, "groupPolicy");
    }

    /** The defaults the demo uses (see docs/architecture.md for how they were chosen). */
    public static AdaptiveSettings defaults() {
        return new AdaptiveSettings(500, GroupPolicy.builder()
                .thresholds(400, 600, GroupPolicy.DISABLED)
                .hysteresis(100)
                .escalateAfter(6 * 3600)
                .hardLimits(48 * 3600, NO_MESSAGE_LIMIT)
                .rateLimit(2, 12 * 3600)
                .minInterval(3600)
                .build());
    }

    /** The governor factory for {@link AdaptivePolicy}. */
    public AdaptivePolicy policy(int messagesPerWindow) {
        return new AdaptivePolicy(new GovernorPolicies(groupPolicy), smoothingPermille, messagesPerWindow);
    }

    /** One line for tables and reports. */
    public String describe() {
        GroupPolicy p = groupPolicy;
        int quarantine = p.quarantinePermille();
        return String.format(Locale.ROOT, "smoothing %d%%, thresholds soon/now/quarantine %d/%d/%s permille, hysteresis %d, "
                + "escalate after %d h, max key age %d h, rate limit %d per %d min, min interval %d min",
                smoothingPermille / 10, p.soonPermille(), p.nowPermille(),
                quarantine > 1000 ? "off" : Integer.toString(quarantine), p.hysteresisPermille(),
                p.escalateAfterMillis() / 3_600_000, p.maxKeyAgeSeconds() / 3600, p.burst(), p.refillMillis() / 60_000,
                p.minIntervalMillis() / 60_000);
    }
}
