package io.dynakey.device.governor;

/**
 * Decides, once per feature window, whether the device's key must rotate.
 *
 * <p>Order of rules in {@link #decide}:
 * <ol>
 *   <li>Hard limits: key age or messages under the key at the policy's maximum give
 *       {@link Decision#ROTATE_NOW} whatever the risk, the bucket or quarantine.</li>
 *   <li>Risk at the quarantine level gives {@link Decision#QUARANTINE}.</li>
 *   <li>Risk at the ROTATE_NOW level (or ROTATE_SOON level held for the policy's escalation
 *       delay) asks for a rotation. It is granted, as {@link Decision#ROTATE_NOW}, only when the
 *       token bucket has a token and the last granted rotation is at least the minimum interval
 *       old. Otherwise the answer is {@link Decision#ROTATE_SOON} with
 *       {@link Decision#REASON_RATE_LIMITED}, and high risk that stays rate-limited for the
 *       policy's quarantine delay becomes {@link Decision#QUARANTINE}: a risk an attacker can
 *       steer never buys more rotations than the bucket holds.</li>
 *   <li>Risk at the ROTATE_SOON level, or a key near a hard limit, gives the advisory
 *       {@link Decision#ROTATE_SOON}.</li>
 * </ol>
 * Risk levels have hysteresis: a level is entered at its threshold and left below the threshold
 * minus the policy's band. Every {@link Decision#ROTATE_NOW} counts as a rotation: the caller
 * rotates on it (a failed attempt still used the grant).
 *
 * <p>{@link #decide} allocates nothing. Not thread-safe. A clock that steps backwards is treated
 * as standing still.
 */
public final class RotationGovernor {

    private static final int LEVEL_NONE = 0;
    private static final int LEVEL_SOON = 1;
    private static final int LEVEL_NOW = 2;
    private static final int LEVEL_QUARANTINE = 3;

    private final PolicyTable table;
    private int groupId;
    private int level;
    private long levelSinceMillis;
    private int tokens;
    private long refillAnchorMillis;
    private boolean granted;
    private long lastGrantMillis;
    private boolean limited;
    private long limitedSinceMillis;
    private long lastDecisionMillis;
    private int reason;
    private long grants;

    /**
     * A governor with a full token bucket.
     *
     * @param table the policy table, read at every decision (policy changes apply at once)
     * @param groupId the device's group
     * @param nowMillis the current {@code Clock} time
     */
    public RotationGovernor(PolicyTable table, int groupId, long nowMillis) {
        this(table, groupId, nowMillis, Integer.MAX_VALUE);
    }

    /**
     * A governor whose bucket starts with {@code startTokens} (capped at the policy's burst).
     * A device that an attacker might reboot at will should start at 0: otherwise every reboot
     * refills the bucket and reboots become a way to buy rotations.
     */
    public RotationGovernor(PolicyTable table, int groupId, long nowMillis, int startTokens) {
        if (table == null) {
            throw new IllegalArgumentException("policy table is required");
        }
        if (startTokens < 0) {
            throw new IllegalArgumentException("startTokens must be >= 0: " + startTokens);
        }
        this.table = table;
        this.groupId = groupId;
        this.tokens = Math.min(startTokens, table.policyFor(groupId).burst);
        this.refillAnchorMillis = nowMillis;
        this.levelSinceMillis = nowMillis;
        this.lastDecisionMillis = nowMillis;
    }

    /**
     * One decision.
     *
     * @param riskPermille the model's risk, clamped to {@code 0..1000}
     * @param keyAgeSeconds age of the current key
     * @param messagesUnderKey messages protected under the current key
     * @param nowMillis the current {@code Clock} time
     * @return one of {@link Decision#NONE}, {@link Decision#ROTATE_SOON},
     *     {@link Decision#ROTATE_NOW}, {@link Decision#QUARANTINE}; the reason is {@link #reason()}
     */
    public int decide(int riskPermille, long keyAgeSeconds, long messagesUnderKey, long nowMillis) {
        GroupPolicy p = table.policyFor(groupId);
        long now = nowMillis < lastDecisionMillis ? lastDecisionMillis : nowMillis;
        lastDecisionMillis = now;
        int risk = riskPermille < 0 ? 0 : riskPermille > 1000 ? 1000 : riskPermille;
        refill(p, now);
        updateLevel(p, risk, now);

        if (keyAgeSeconds >= p.maxKeyAgeSeconds) {
            return forced(now, Decision.REASON_MAX_KEY_AGE);
        }
        if (messagesUnderKey >= p.maxMessagesPerKey) {
            return forced(now, Decision.REASON_MAX_MESSAGES);
        }
        if (level == LEVEL_QUARANTINE) {
            limited = false;
            return answer(Decision.QUARANTINE, Decision.REASON_RISK_CRITICAL);
        }
        int want = Decision.REASON_NONE;
        if (level == LEVEL_NOW) {
            want = Decision.REASON_RISK_HIGH;
        } else if (level == LEVEL_SOON && p.escalateAfterMillis > 0
                && now - levelSinceMillis >= p.escalateAfterMillis) {
            want = Decision.REASON_ELEVATED_SUSTAINED;
        }
        if (want != Decision.REASON_NONE) {
            return askForRotation(p, now, want);
        }
        limited = false;
        if (level == LEVEL_SOON) {
            return answer(Decision.ROTATE_SOON, Decision.REASON_RISK_ELEVATED);
        }
        if (keyAgeSeconds >= fraction(p.maxKeyAgeSeconds, p.nearLimitPermille)) {
            return answer(Decision.ROTATE_SOON, Decision.REASON_KEY_AGE_NEAR);
        }
        if (messagesUnderKey >= fraction(p.maxMessagesPerKey, p.nearLimitPermille)) {
            return answer(Decision.ROTATE_SOON, Decision.REASON_MESSAGES_NEAR);
        }
        return answer(Decision.NONE, Decision.REASON_NONE);
    }

    private int askForRotation(GroupPolicy p, long now, int want) {
        boolean intervalOk = !granted || now - lastGrantMillis >= p.minIntervalMillis;
        if (tokens > 0 && intervalOk) {
            take(p, now);
            limited = false;
            levelSinceMillis = now;
            return answer(Decision.ROTATE_NOW, want);
        }
        if (!limited) {
            limited = true;
            limitedSinceMillis = now;
        }
        if (want == Decision.REASON_RISK_HIGH && now - limitedSinceMillis >= p.quarantineAfterMillis) {
            return answer(Decision.QUARANTINE, Decision.REASON_RISK_SUSTAINED);
        }
        return answer(Decision.ROTATE_SOON, Decision.REASON_RATE_LIMITED);
    }

    private int forced(long now, int why) {
        GroupPolicy p = table.policyFor(groupId);
        if (tokens > 0) {
            take(p, now);
        } else {
            granted = true;
            lastGrantMillis = now;
            grants++;
        }
        limited = false;
        return answer(Decision.ROTATE_NOW, why);
    }

    private void take(GroupPolicy p, long now) {
        if (tokens >= p.burst) {
            refillAnchorMillis = now;
        }
        tokens--;
        granted = true;
        lastGrantMillis = now;
        grants++;
    }

    private void refill(GroupPolicy p, long now) {
        if (tokens >= p.burst) {
            tokens = p.burst;
            refillAnchorMillis = now;
            return;
        }
        long elapsed = now - refillAnchorMillis;
        if (elapsed < p.refillMillis) {
            return;
        }
        long add = elapsed / p.refillMillis;
        if (add >= p.burst - tokens) {
            tokens = p.burst;
            refillAnchorMillis = now;
        } else {
            tokens += (int) add;
            refillAnchorMillis += add * p.refillMillis;
        }
    }

    private void updateLevel(GroupPolicy p, int risk, long now) {
        int next = LEVEL_NONE;
        for (int l = LEVEL_QUARANTINE; l >= LEVEL_SOON; l--) {
            int enter = p.threshold(l);
            if (enter <= 1000 && (risk >= enter || (level >= l && risk >= enter - p.hysteresisPermille))) {
                next = l;
                break;
            }
        }
        if (next != level) {
            level = next;
            levelSinceMillis = now;
        }
    }

    private int answer(int action, int why) {
        reason = why;
        return action;
    }

    private static long fraction(long limit, int permille) {
        return limit / 1000 * permille + limit % 1000 * permille / 1000;
    }

    /** Reason code of the last decision ({@code Decision.REASON_*}). */
    public int reason() {
        return reason;
    }

    /** Moves the device to another group; its policy applies from the next decision. */
    public void setGroup(int groupId) {
        this.groupId = groupId;
    }

    /** The device's group. */
    public int groupId() {
        return groupId;
    }

    /** Tokens left in the rate-limit bucket (as of the last decision). */
    public int tokens() {
        return tokens;
    }

    /** Rotations granted so far ({@link Decision#ROTATE_NOW} answers). */
    public long grants() {
        return grants;
    }
}
