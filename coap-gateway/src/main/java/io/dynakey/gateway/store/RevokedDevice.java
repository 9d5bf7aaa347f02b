package io.dynakey.gateway.store;

/**
 * A revoked device and where its revocation stands in the outbox.
 *
 * @param deviceId the device
 * @param seq      outbox seq of its {@code Revoked} event (1 for devices revoked before the store recorded it)
 */
public record RevokedDevice(String deviceId, long seq) {
}
