package io.dynakey.hardware.hal;

import io.dynakey.device.hal.Clock;

/**
 * Simulated time that only moves when told to. The fleet simulator advances it so that days of
 * operation run in minutes. Thread-safe; time never decreases.
 */
public final class VirtualClock implements Clock {

    private volatile long nowMillis;

    /** Starts at {@code startMillis}. */
    public VirtualClock(long startMillis) {
        this.nowMillis = startMillis;
    }

    @Override
    public long currentTimeMillis() {
        return nowMillis;
    }

    /** Moves time forward by {@code millis} (>= 0). */
    public synchronized void advance(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("virtual time cannot go backwards: " + millis);
        }
        nowMillis += millis;
    }

    /** Sets time to {@code millis}, which must not be earlier than now. */
    public synchronized void set(long millis) {
        if (millis < nowMillis) {
            throw new IllegalArgumentException("virtual time cannot go backwards: " + millis + " < " + nowMillis);
        }
        nowMillis = millis;
    }
}
