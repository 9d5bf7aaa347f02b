package io.dynakey.device.governor;

import io.dynakey.device.wire.RotationReason;

/**
 * One device's execution of a {@link RotationSchedule}: smooths the window risk, and once per
 * window says whether the key rotates now. The calendar is a deadline the device can also arm as
 * a timer ({@link #calendarDueMillis}); a risk band rotates a key old enough for it only with a
 * token from the schedule's bucket. {@link #decide} runs in constant time and allocates nothing.
 * Not thread-safe. A clock that steps backwards is treated as standing still.
 */
public final class ScheduleGovernor {

    private final RotationSchedule schedule;
    private long keyBornMillis;
    private int smoothed;
    private int tokens;
    private long refillAnchorMillis;
    private long lastMillis;
    private int reason;

    /**
     * @param schedule the schedule
     * @param keyBornMillis when the current key was made (may be before {@code nowMillis})
     * @param startTokens risk rotations available at once (capped at the bucket's size); 0 for a
     *     device an attacker could reboot at will, so that reboots buy no rotations
     */
    public ScheduleGovernor(RotationSchedule schedule, long keyBornMillis, int startTokens) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is required");
        }
        if (startTokens < 0) {
            throw new IllegalArgumentException("startTokens must be >= 0");
        }
        this.schedule = schedule;
        this.keyBornMillis = keyBornMillis;
        this.tokens = Math.min(startTokens, schedule.burst());
        this.refillAnchorMillis = keyBornMillis;
        this.lastMillis = keyBornMillis;
    }

    /** When the calendar rotates the current key, ms. */
    public long calendarDueMillis() {
        return keyBornMillis + schedule.calendarMillis();
    }

    /**
     * One window's decision.
     *
     * @param riskPermille the window's risk (the reduction {@link RotationSchedule#windowMax} names), or
     *     negative when not evaluated
     * @param nowMillis the end of the window
     * @return {@link Decision#ROTATE_NOW} or {@link Decision#NONE}; {@link #reason()} then says why
     */
    public int decide(int riskPermille, long nowMillis) {
        long now = nowMillis < lastMillis ? lastMillis : nowMillis;
        lastMillis = now;
        if (riskPermille >= 0) {
            int s = schedule.smoothingPermille();
            int r = riskPermille > 1000 ? 1000 : riskPermille;
            smoothed = (smoothed * (1000 - s) + r * s + 500) / 1000;
        }
        long calendar = schedule.calendarMillis();
        if (now - keyBornMillis >= calendar) {
            reason = calendar == schedule.maxKeyAgeMillis() ? RotationReason.KEY_AGE : RotationReason.POLICY;
            return Decision.ROTATE_NOW;
        }
        if (riskPermille >= 0) {
            long age = schedule.bandAgeMillis(schedule.band(smoothed));
            if (age < calendar && now - keyBornMillis >= age && takeToken(now)) {
                reason = RotationReason.RISK;
                return Decision.ROTATE_NOW;
            }
        }
        reason = RotationReason.UNSPECIFIED;
        return Decision.NONE;
    }

    private boolean takeToken(long now) {
        int burst = schedule.burst();
        if (tokens < burst) {
            long add = (now - refillAnchorMillis) / schedule.refillMillis();
            if (add > 0) {
                tokens = (int) Math.min(burst, tokens + add);
                refillAnchorMillis += add * schedule.refillMillis();
            }
        }
        if (tokens == 0) {
            return false;
        }
        if (tokens == burst) {
            refillAnchorMillis = now;
        }
        tokens--;
        return true;
    }

    /** The {@link RotationReason} of the last decision ({@code UNSPECIFIED} if it was not to rotate). */
    public int reason() {
        return reason;
    }

    /** The smoothed risk, permille. */
    public int smoothedRisk() {
        return smoothed;
    }

    /** The rotation committed at {@code nowMillis}: the new key's age starts there. */
    public void rotated(long nowMillis) {
        keyBornMillis = nowMillis;
    }
}
