package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestLimiterTest {

    @Test
    void buckets_of_quiet_devices_are_pruned_and_a_device_mid_burst_keeps_its_debt() {
        // given 10,000 devices that each sent one request, and one that used its whole burst
        RequestLimiter limiter = new RequestLimiter(20, 40);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(limiter.tryAcquire("dev-" + i, 0));
        }
        for (int i = 0; i < 40; i++) {
            assertTrue(limiter.tryAcquire("busy", 1_000));
        }
        assertFalse(limiter.tryAcquire("busy", 1_000));
        assertEquals(10_001, limiter.size());

        // when 1.05 s pass (one token refills in 50 ms: the one-request devices are full again, "busy" is not)
        int forgotten = limiter.prune(1_050);

        // then only the quiet devices' buckets are gone, and "busy" still pays for its burst
        assertEquals(10_000, forgotten);
        assertEquals(1, limiter.size());
        assertTrue(limiter.tryAcquire("busy", 1_050));
        assertFalse(limiter.tryAcquire("busy", 1_050), "one token back after 50 ms, not a fresh burst");
        // and a pruned device gets the full burst it would have had anyway
        for (int i = 0; i < 40; i++) {
            assertTrue(limiter.tryAcquire("dev-1", 1_050));
        }
        assertFalse(limiter.tryAcquire("dev-1", 1_050));
    }

    @Test
    void after_the_refill_time_every_bucket_is_pruned() {
        RequestLimiter limiter = new RequestLimiter(20, 40);
        for (int i = 0; i < 40; i++) {
            limiter.tryAcquire("busy", 0);
        }

        assertEquals(0, limiter.prune(1_999));
        assertEquals(1, limiter.prune(2_001));
        assertEquals(0, limiter.size());
    }
}
