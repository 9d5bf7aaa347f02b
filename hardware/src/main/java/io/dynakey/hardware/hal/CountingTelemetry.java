package io.dynakey.hardware.hal;

import io.dynakey.device.hal.Telemetry;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters a board's network stack keeps, fed by the traffic the simulated device really sends
 * and receives ({@link TelemetryTransport}) and by the application traffic it replays. Thread-safe.
 */
public final class CountingTelemetry implements Telemetry {

    private final AtomicLongArray counters = new AtomicLongArray(COUNTER_COUNT);

    @Override
    public long read(int counterId) {
        if (counterId < 0 || counterId >= COUNTER_COUNT) {
            throw new IllegalArgumentException("unknown counter " + counterId);
        }
        return counters.get(counterId);
    }

    /** Adds {@code delta} to a cumulative counter. */
    public void add(int counterId, long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("cumulative counters only grow: " + delta);
        }
        counters.addAndGet(checked(counterId), delta);
    }

    /** Sets a gauge ({@link #DISTINCT_PEERS}, {@link #OPEN_PORTS}). */
    public void setGauge(int counterId, long value) {
        if (counterId != DISTINCT_PEERS && counterId != OPEN_PORTS) {
            throw new IllegalArgumentException("counter " + counterId + " is cumulative, not a gauge");
        }
        counters.set(counterId, value);
    }

    /** One datagram sent: {@code bytes} on the wire. */
    public void onSent(int bytes) {
        add(BYTES_OUT, bytes);
        add(PACKETS_OUT, 1);
    }

    /** One datagram received. */
    public void onReceived(int bytes) {
        add(BYTES_IN, bytes);
        add(PACKETS_IN, 1);
    }

    /** One application message exchanged. */
    public void onMessage() {
        add(MESSAGES, 1);
    }

    /** A CoAP response code (class * 32 + detail) arrived. */
    public void onResponseCode(int code) {
        int cls = code >>> 5;
        if (cls == 4) {
            add(COAP_4XX, 1);
        } else if (cls == 5) {
            add(COAP_5XX, 1);
        }
    }

    /** A DTLS handshake failed. */
    public void onHandshakeFailure() {
        add(DTLS_HANDSHAKE_FAILURES, 1);
    }

    private static int checked(int counterId) {
        if (counterId < 0 || counterId >= COUNTER_COUNT) {
            throw new IllegalArgumentException("unknown counter " + counterId);
        }
        return counterId;
    }
}
