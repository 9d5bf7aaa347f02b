package io.dynakey.trainer.groups;

import io.dynakey.device.governor.GroupPolicy;
import java.util.Objects;

/**
 * A rotation policy suggested for a group from its risk (mean attack share of its windows): the
 * riskier the group, the shorter its keys live, the fewer messages a key protects, and the lower
 * its risk thresholds; the rate limit stays tight for every group so that an attacker cannot
 * force a rotation storm. The policy is the device's own {@link GroupPolicy}, so a suggestion the
 * device would refuse cannot be made.
 *
 * @param tier   "low", "medium" or "high"
 * @param policy the governor's policy for the group
 */
public record PolicySuggestion(String tier, GroupPolicy policy) {

    public PolicySuggestion {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(policy, "policy");
    }

    /** Risk tiers: below 0.1 low, below 0.4 medium, else high. */
    public static PolicySuggestion forRisk(double risk) {
        if (risk < 0.1) {
            return new PolicySuggestion("low", GroupPolicy.builder().thresholds(500, 800, 970).hysteresis(100)
                    .rateLimit(2, 3600).minInterval(600).hardLimits(7L * 24 * 3600, 1L << 20).build());
        }
        if (risk < 0.4) {
            return new PolicySuggestion("medium", GroupPolicy.builder().thresholds(400, 700, 950).hysteresis(100)
                    .rateLimit(3, 1800).minInterval(300).hardLimits(24L * 3600, 1L << 18).build());
        }
        return new PolicySuggestion("high", GroupPolicy.builder().thresholds(300, 600, 900).hysteresis(80)
                .rateLimit(4, 900).minInterval(120).hardLimits(6L * 3600, 1L << 16).build());
    }
}
