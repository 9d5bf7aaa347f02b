package io.dynakey.trainer.groups;

/**
 * A rotation policy suggested for a group from its risk (mean attack share of its windows): the
 * riskier the group, the shorter its keys live, the fewer messages a key protects, and the lower
 * its risk thresholds; the rate limit stays tight for every group so that an attacker cannot
 * force a rotation storm. Fields map one to one onto {@code GroupPolicy.Builder}.
 *
 * @param soon               ROTATE_SOON threshold, permille
 * @param now                ROTATE_NOW threshold, permille
 * @param quarantine         QUARANTINE threshold, permille
 * @param hysteresis         hysteresis band, permille
 * @param burst              token-bucket size
 * @param refillSeconds      seconds per token
 * @param minIntervalSeconds least time between risk-driven rotations
 * @param maxKeyAgeSeconds   hard key-age limit
 * @param maxMessagesPerKey  hard message limit
 */
public record PolicySuggestion(int soon, int now, int quarantine, int hysteresis, int burst, long refillSeconds,
                               long minIntervalSeconds, long maxKeyAgeSeconds, long maxMessagesPerKey) {

    /** Risk tiers: below 0.1 low, below 0.4 medium, else high. */
    public static PolicySuggestion forRisk(double risk) {
        if (risk < 0.1) {
            return new PolicySuggestion(500, 800, 970, 100, 2, 3600, 600, 7L * 24 * 3600, 1L << 20);
        }
        if (risk < 0.4) {
            return new PolicySuggestion(400, 700, 950, 100, 3, 1800, 300, 24L * 3600, 1L << 18);
        }
        return new PolicySuggestion(300, 600, 900, 80, 4, 900, 120, 6L * 3600, 1L << 16);
    }

    /** @return "low", "medium" or "high" */
    public String tier() {
        return maxKeyAgeSeconds >= 7L * 24 * 3600 ? "low" : maxKeyAgeSeconds >= 24L * 3600 ? "medium" : "high";
    }
}
