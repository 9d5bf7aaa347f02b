package io.dynakey.hardware.hal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.hal.Telemetry;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClockEntropyTelemetryTest {

    @Test
    void virtual_time_moves_only_forward_and_only_when_told() {
        VirtualClock c = new VirtualClock(1_000);
        assertEquals(1_000, c.currentTimeMillis());
        c.advance(86_400_000L);
        assertEquals(86_401_000L, c.currentTimeMillis());
        assertThrows(IllegalArgumentException.class, () -> c.advance(-1));
        assertThrows(IllegalArgumentException.class, () -> c.set(5));
    }

    @Test
    void system_clock_never_decreases() {
        SystemClock c = new SystemClock();
        long prev = c.currentTimeMillis();
        for (int i = 0; i < 10_000; i++) {
            long now = c.currentTimeMillis();
            assertTrue(now >= prev);
            prev = now;
        }
    }

    @Test
    void seeded_entropy_replays_exactly_and_streams_differ() {
        byte[] a = new byte[100];
        byte[] b = new byte[100];
        byte[] c = new byte[100];
        new SeededEntropy(42, 1).nextBytes(a, 0, 100);
        SeededEntropy split = new SeededEntropy(42, 1);
        split.nextBytes(b, 0, 33);
        split.nextBytes(b, 33, 67);
        new SeededEntropy(42, 2).nextBytes(c, 0, 100);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void secure_random_entropy_fills_only_the_requested_range() {
        byte[] out = new byte[64];
        new SecureRandomEntropy().nextBytes(out, 16, 32);
        assertArrayEquals(new byte[16], Arrays.copyOfRange(out, 0, 16));
        assertArrayEquals(new byte[16], Arrays.copyOfRange(out, 48, 64));
        assertFalse(Arrays.equals(new byte[32], Arrays.copyOfRange(out, 16, 48)));
    }

    @Test
    void telemetry_counts_the_traffic_the_device_really_exchanges() throws Exception {
        // given a transport that answers 4.01 to the second request and then fails
        CountingTelemetry t = new CountingTelemetry();
        Transport inner = new Transport() {
            int calls;
            int code;

            @Override
            public void usePsk(byte[] identity, int identityLen, byte[] key, int keyLen) {
            }

            @Override
            public int request(int method, byte[] path, int pathLen, byte[] payload, int payloadOff, int payloadLen,
                               byte[] response, int responseOff, int responseMax) throws TransportException {
                calls++;
                if (calls == 3) {
                    throw new TransportException(TransportException.REASON_TIMEOUT, "no answer");
                }
                code = calls == 1 ? 68 : 129;
                return 10;
            }

            @Override
            public int lastResponseCode() {
                return code;
            }
        };
        TelemetryTransport tt = new TelemetryTransport(inner, t);
        byte[] path = "tm".getBytes();
        // when
        tt.request(Transport.METHOD_POST, path, 2, new byte[50], 0, 50, new byte[64], 0, 64);
        tt.request(Transport.METHOD_POST, path, 2, new byte[50], 0, 50, new byte[64], 0, 64);
        assertThrows(TransportException.class,
                () -> tt.request(Transport.METHOD_POST, path, 2, new byte[50], 0, 50, new byte[64], 0, 64));
        // then
        int overhead = TelemetryTransport.PER_MESSAGE_OVERHEAD;
        assertEquals(3 * (52 + overhead), t.read(Telemetry.BYTES_OUT));
        assertEquals(2 * (10 + overhead), t.read(Telemetry.BYTES_IN));
        assertEquals(3, t.read(Telemetry.PACKETS_OUT));
        assertEquals(2, t.read(Telemetry.PACKETS_IN));
        assertEquals(1, t.read(Telemetry.COAP_4XX));
        assertEquals(1, t.read(Telemetry.DTLS_HANDSHAKE_FAILURES));
        assertEquals(3, t.read(Telemetry.MESSAGES));
    }

    @Test
    void gauges_are_set_and_cumulative_counters_cannot_shrink() {
        CountingTelemetry t = new CountingTelemetry();
        t.setGauge(Telemetry.OPEN_PORTS, 3);
        t.setGauge(Telemetry.OPEN_PORTS, 2);
        assertEquals(2, t.read(Telemetry.OPEN_PORTS));
        assertThrows(IllegalArgumentException.class, () -> t.add(Telemetry.BYTES_IN, -1));
        assertThrows(IllegalArgumentException.class, () -> t.setGauge(Telemetry.BYTES_IN, 5));
    }
}
