package io.dynakey.gateway.service;

/**
 * What a running gateway reports as it works, for metrics and the operator console: one call per
 * event, made on the thread that handled it, so implementations must be thread-safe and cheap (a
 * counter increment; no I/O, no locks held long). Every method has an empty default; {@link #NONE}
 * observes nothing. No transport type appears here: the Californium adapter reports handshakes
 * through {@link #handshakeEnded}. Device ids are never passed; groups are, being few.
 */
public interface GatewayObserver {

    /** Observes nothing. */
    GatewayObserver NONE = new GatewayObserver() {
    };

    /** Why a request was refused before any work was done. */
    enum Refusal {
        /** The device is above its request rate (4.29). */
        RATE_LIMIT,
        /** The device is revoked (4.03). */
        REVOKED,
        /** The session's key is past its grace window (4.01). */
        KEY_RETIRED
    }

    /**
     * A rotation request was accepted and its key stored as pending (phase one; not for an
     * idempotent retry).
     *
     * @param reason the recorded {@code RotationReason} code
     * @param suite  the rotation's {@code CipherSuite} code
     */
    default void rotationAccepted(int reason, int suite) {
    }

    /** A pending key became current (phase two), by its first session or by key confirmation. */
    default void rotationCommitted() {
    }

    /** A DTLS handshake ended, successfully or not. */
    default void handshakeEnded(boolean success) {
    }

    /** A request was refused at admission. */
    default void requestRefused(Refusal why) {
    }

    /**
     * A telemetry report was scored.
     *
     * @param groupId      the device's group, or null when unknown
     * @param riskPermille the risk the gateway settled on, 0..1000
     */
    default void telemetryScored(String groupId, int riskPermille) {
    }
}
