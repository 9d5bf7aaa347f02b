package io.dynakey.gateway.service;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-device token buckets: each device may send {@code ratePerSecond} requests per second on
 * average and {@code burst} at once; the rest are refused (4.29) before any work is done.
 * Thread-safe; about 64 bytes per device that has sent a request.
 */
public final class RequestLimiter {

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double ratePerMilli;
    private final int burst;

    /** A limiter of {@code ratePerSecond} requests per second with bursts of {@code burst}. */
    public RequestLimiter(int ratePerSecond, int burst) {
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.burst = burst;
    }

    /** True when {@code deviceId} may send one more request at {@code nowMs}. */
    public boolean tryAcquire(String deviceId, long nowMs) {
        return buckets.computeIfAbsent(deviceId, k -> new Bucket(burst, nowMs)).take(nowMs, ratePerMilli, burst);
    }

    /** Forgets a device (e.g. after revocation). */
    public void forget(String deviceId) {
        buckets.remove(deviceId);
    }

    private static final class Bucket {
        private double tokens;
        private long lastMs;

        Bucket(int tokens, long nowMs) {
            this.tokens = tokens;
            this.lastMs = nowMs;
        }

        synchronized boolean take(long nowMs, double ratePerMilli, int burst) {
            if (nowMs > lastMs) {
                tokens = Math.min(burst, tokens + (nowMs - lastMs) * ratePerMilli);
                lastMs = nowMs;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
