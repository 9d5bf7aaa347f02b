package io.dynakey.fleet.delivery;

import io.dynakey.hardware.transport.DtlsClients.Retransmission;

/**
 * How a device delivers one rotation: when it starts, and how CoAP and the DTLS handshake retransmit
 * what the link loses. Every strategy runs the same two-phase protocol ({@code RotationClient}); they
 * differ only in timing. The bandit ({@link DeliveryBandit}) chooses among them per device class.
 */
public enum DeliveryStrategy {

    /** Start at once with Californium's and Scandium's default retransmission (ACK_TIMEOUT 2 s, factor 1.5, 4 retransmissions; DTLS 2 s, 4). The baseline. */
    DEFAULT(Start.NOW, Retransmission.californiumDefaults()),
    /** Start at once; retransmit after 300 ms, back-off 1.5, up to 8 times (CoAP and DTLS): for short round trips. */
    RETRY_FAST(Start.NOW, Timings.FAST),
    /** Start at once; retransmit after 800 ms (random factor 1.25), back-off 1.5, up to 6 times: for long or jittery round trips. */
    RETRY_PATIENT(Start.NOW, Timings.PATIENT),
    /**
     * Wait for the device's next telemetry exchange and run the rotation on its DTLS session (no
     * handshake of its own under the old key), with {@link #RETRY_FAST}'s timing.
     */
    PIGGYBACK(Start.NEXT_TELEMETRY, Timings.FAST),
    /**
     * Start only when enough of the device's wake window is left for a rotation, else at the start of
     * its next window, with {@link #RETRY_FAST}'s timing. Only offered for classes that sleep.
     */
    WAKE_WINDOW(Start.NEXT_WAKE, Timings.FAST);

    /** The tuned timings (a holder, so that several strategies can share one). */
    private static final class Timings {
        static final Retransmission FAST = new Retransmission(300, 1.0, 1.5, 8, 300, 1.5, 8);
        static final Retransmission PATIENT = new Retransmission(800, 1.25, 1.5, 6, 800, 1.5, 6);
    }

    /** When a strategy starts a rotation that became due. */
    public enum Start {
        /** As soon as it is due. */
        NOW,
        /** At the device's next telemetry exchange. */
        NEXT_TELEMETRY,
        /** Now if enough of the wake window is left, else at the next window. */
        NEXT_WAKE
    }

    private final Start start;
    private final Retransmission retransmission;

    DeliveryStrategy(Start start, Retransmission retransmission) {
        this.start = start;
        this.retransmission = retransmission;
    }

    /** When it starts. */
    public Start start() {
        return start;
    }

    /** How it retransmits. */
    public Retransmission retransmission() {
        return retransmission;
    }

    /** Lower-case name with dashes, as the CLI and the tables print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
