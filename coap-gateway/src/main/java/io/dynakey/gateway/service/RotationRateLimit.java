package io.dynakey.gateway.service;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code max} rotations per device per window (fixed windows). Thread-safe; about 48
 * bytes per device that rotated recently.
 */
final class RotationRateLimit {

    private final int max;
    private final long windowMs;
    private final ConcurrentHashMap<String, long[]> counts = new ConcurrentHashMap<>();

    RotationRateLimit(int max, long windowMs) {
        this.max = max;
        this.windowMs = windowMs;
    }

    boolean tryAcquire(String deviceId, long nowMs) {
        long[] c = counts.computeIfAbsent(deviceId, k -> new long[] {nowMs, 0});
        synchronized (c) {
            if (nowMs - c[0] >= windowMs) {
                c[0] = nowMs;
                c[1] = 0;
            }
            if (c[1] >= max) {
                return false;
            }
            c[1]++;
            return true;
        }
    }
}
