package io.dynakey.gateway.service;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-device token buckets: each device may send {@code ratePerSecond} requests per second on
 * average and {@code burst} at once; the rest are refused (4.29) before any work is done.
 * Thread-safe; about 64 bytes per device that has sent a request recently: {@link #prune} forgets
 * buckets that have refilled, which a fresh bucket equals.
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

    /**
     * Forgets every bucket that is full again at {@code nowMs} (its device sent nothing for at least
     * burst / rate seconds): a device without a bucket gets a full one, so nothing changes for it.
     *
     * @return the number of buckets forgotten
     */
    public int prune(long nowMs) {
        int before = buckets.size();
        buckets.values().removeIf(b -> b.fullAt(nowMs, ratePerMilli, burst));
        return before - buckets.size();
    }

    /** Buckets held (devices with recent requests). */
    public int size() {
        return buckets.size();
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

        synchronized boolean fullAt(long nowMs, double ratePerMilli, int burst) {
            return tokens + Math.max(0, nowMs - lastMs) * ratePerMilli >= burst;
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
