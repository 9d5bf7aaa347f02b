package io.dynakey.fleet;

import io.dynakey.device.wire.RotationReason;

/**
 * The lower bound: rotates at the very instant of each compromise (it reads the scenario's
 * compromise plan, which no real policy can), and otherwise only when a key reaches the same
 * maximum age the adaptive policy uses, so that both bound key age alike. Its rotations at a
 * compromise are {@code MANUAL} (as an operator who knew would ask for them), the others
 * {@code KEY_AGE}.
 */
public final class OraclePolicy implements RotationPolicy {

    private final CompromisePlan plan;
    private final long maxKeyAgeMillis;
    private long[] keyBorn;
    private int[] reason;

    public OraclePolicy(CompromisePlan plan, long maxKeyAgeSeconds) {
        this.plan = plan;
        this.maxKeyAgeMillis = maxKeyAgeSeconds * 1000L;
    }

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public String describe() {
        return "oracle: rotates at the instant of compromise (knows the plan), else at max key age "
                + maxKeyAgeMillis / 3_600_000L + " h";
    }

    @Override
    public boolean usesRisk() {
        return false;
    }

    @Override
    public void start(Scenario scenario, int devices) {
        keyBorn = KeyAges.initialBirths(scenario, devices, maxKeyAgeMillis / 1000);
        reason = new int[devices];
    }

    @Override
    public long decide(int device, long windowStart, long windowEnd, int riskPermille) {
        Compromise c = plan.of(device);
        if (c != null && c.atMillis() > windowStart && c.atMillis() <= windowEnd) {
            reason[device] = RotationReason.MANUAL;
            return c.atMillis();
        }
        long due = keyBorn[device] + maxKeyAgeMillis;
        if (due <= windowEnd) {
            reason[device] = RotationReason.KEY_AGE;
            return Math.max(due, windowStart + 1);
        }
        return NO_ROTATION;
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
