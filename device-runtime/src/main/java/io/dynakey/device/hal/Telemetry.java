package io.dynakey.device.hal;

/**
 * Monotonic counters the board's network stack already keeps. The feature windows sample them
 * once per window and work on the differences.
 */
public interface Telemetry {

    int BYTES_IN = 0;
    int BYTES_OUT = 1;
    int PACKETS_IN = 2;
    int PACKETS_OUT = 3;
    int MESSAGES = 4;
    int DTLS_HANDSHAKE_FAILURES = 5;
    int AUTH_FAILURES = 6;
    int COAP_4XX = 7;
    int COAP_5XX = 8;
    int DISTINCT_PEERS = 9;
    int OPEN_PORTS = 10;
    /** Number of counter ids. */
    int COUNTER_COUNT = 11;

    /** Current value of a counter (cumulative, except DISTINCT_PEERS and OPEN_PORTS: a gauge). */
    long read(int counterId);
}
