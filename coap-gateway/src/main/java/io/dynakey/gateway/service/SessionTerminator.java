package io.dynakey.gateway.service;

/**
 * Ends a device's open sessions at the transport (for DTLS: drops their connections, so the
 * device or a thief holding an old key must handshake again, which the key store refuses).
 * Implemented by the transport; the services decide when.
 */
@FunctionalInterface
public interface SessionTerminator {

    /** Does nothing: sessions then end only by refusal at their next request. */
    SessionTerminator NONE = (deviceId, throughEpoch) -> { };

    /**
     * Ends every open session of {@code deviceId} whose key epoch is at most {@code throughEpoch}
     * ({@link Integer#MAX_VALUE}: all of them). Returns at once; the work may finish later.
     */
    void terminate(String deviceId, int throughEpoch);
}
