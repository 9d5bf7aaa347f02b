package io.dynakey.fleet;

import io.dynakey.device.governor.Decision;
import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.governor.PolicyTable;
import io.dynakey.device.governor.RotationGovernor;

/**
 * Drives the device runtime's {@link RotationGovernor} (one per device, as on a board) from the
 * adaptive policy. A {@link Decision#ROTATE_NOW} rotates. A {@link Decision#QUARANTINE} does not:
 * the governor answers it when high risk stays rate-limited, i.e. when the token bucket is empty,
 * and a rotation then would be one the bucket never granted; an attacker who steers the risk (the
 * rotation forcer of docs/threat-model.md) could buy one per quarantine entry. The bucket and the
 * maximum key age bound every device's rotations.
 */
public final class GovernorPolicies implements AdaptivePolicy.GovernorFactory {

    private final PolicyTable table;
    private final GroupPolicy policy;

    /** Every group under the same policy. */
    public GovernorPolicies(GroupPolicy policy) {
        this.policy = policy;
        this.table = new PolicyTable(policy, 0);
    }

    @Override
    public AdaptivePolicy.DeviceGovernor create(int device, int group) {
        RotationGovernor g = new RotationGovernor(table, group, 0);
        return new AdaptivePolicy.DeviceGovernor() {
            private int reason;

            @Override
            public boolean decide(long nowMillis, int riskPermille, long keyAgeSeconds, long messagesUnderKey) {
                int action = g.decide(riskPermille, keyAgeSeconds, messagesUnderKey, nowMillis);
                reason = Decision.rotationReason(g.reason());
                // QUARANTINE reports the device (the gateway's console lists it) and rotates nothing: it is what
                // the governor answers once the bucket is empty, so a rotation here would be one the bucket did not grant
                return action == Decision.ROTATE_NOW;
            }

            @Override
            public int lastReason() {
                return reason;
            }

            @Override
            public void rotated(long nowMillis) {
            }
        };
    }

    @Override
    public String describe() {
        String messages = policy.maxMessagesPerKey() >= (1L << 40) ? "no message limit"
                : policy.maxMessagesPerKey() + " messages/key";
        return "device RotationGovernor: max key age " + policy.maxKeyAgeSeconds() / 3600 + " h, "
                + messages + ", rate limit " + policy.burst() + " per "
                + policy.refillMillis() / 60_000 + " min, min interval " + policy.minIntervalMillis() / 60_000 + " min";
    }

    @Override
    public long maxKeyAgeSeconds() {
        return policy.maxKeyAgeSeconds();
    }
}
