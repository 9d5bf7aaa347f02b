package io.dynakey.device.governor;

import java.util.ArrayList;
import java.util.List;

/**
 * A device that obeys its governor: it decides once per tick, counts messages, and on every
 * ROTATE_NOW rotates at once (key age and messages back to zero). Records what happened.
 */
final class DeviceSimulation {
    final RotationGovernor governor;
    final GroupPolicy policy;
    final long tickMillis;
    final long messagesPerTick;
    long now;
    long keyBornMillis;
    long messagesUnderKey;
    final List<Long> riskRotations = new ArrayList<>();
    final List<Long> allRotations = new ArrayList<>();
    final int[] actionCounts = new int[4];
    int lastAction = -1;
    int actionChanges;

    DeviceSimulation(GroupPolicy policy, long tickMillis, long messagesPerTick) {
        this.policy = policy;
        this.governor = new RotationGovernor(new PolicyTable(policy, 0), 1, 0);
        this.tickMillis = tickMillis;
        this.messagesPerTick = messagesPerTick;
    }

    /** Advances one tick at the given risk and returns the governor's action. */
    int tick(int risk) {
        now += tickMillis;
        messagesUnderKey += messagesPerTick;
        int action = governor.decide(risk, (now - keyBornMillis) / 1000, messagesUnderKey, now);
        actionCounts[action]++;
        if (lastAction >= 0 && action != lastAction) {
            actionChanges++;
        }
        lastAction = action;
        if (action == Decision.ROTATE_NOW) {
            int reason = governor.reason();
            allRotations.add(now);
            if (reason != Decision.REASON_MAX_KEY_AGE && reason != Decision.REASON_MAX_MESSAGES) {
                riskRotations.add(now);
            }
            keyBornMillis = now;
            messagesUnderKey = 0;
        }
        return action;
    }

    /**
     * The largest excess, over any window that starts and ends at a rotation, of rotations
     * granted for risk above what the policy allows in that window: tokens in the bucket plus
     * one per refill period started, and at most one per minimum interval. 0 or less is good.
     */
    int worstExcessOverRateLimit() {
        int worst = Integer.MIN_VALUE;
        for (int i = 0; i < riskRotations.size(); i++) {
            for (int j = i; j < riskRotations.size(); j++) {
                long span = riskRotations.get(j) - riskRotations.get(i);
                long count = j - i + 1;
                long byBucket = policy.burst() + ceilDiv(span, policy.refillMillis());
                long byInterval = policy.minIntervalMillis() == 0 ? count : span / policy.minIntervalMillis() + 1;
                long allowed = Math.min(byBucket, byInterval);
                worst = (int) Math.max(worst, count - allowed);
            }
        }
        return riskRotations.isEmpty() ? 0 : worst;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
