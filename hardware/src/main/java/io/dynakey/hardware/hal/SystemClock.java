package io.dynakey.hardware.hal;

import io.dynakey.device.hal.Clock;

/** Wall-clock time made monotonic: it never goes backwards even if the system clock does. Thread-safe. */
public final class SystemClock implements Clock {

    private final long originNanos = System.nanoTime();
    private final long originMillis = System.currentTimeMillis();

    @Override
    public long currentTimeMillis() {
        return originMillis + (System.nanoTime() - originNanos) / 1_000_000L;
    }
}
