package io.dynakey.gateway.store;

/**
 * One key of a device as the store holds it, without the key bytes (for audits and tests).
 *
 * @param deviceId      the device
 * @param epoch         the key's epoch
 * @param state         its state
 * @param commitment    the ledger's key commitment (16 bytes, public)
 * @param retireAfterMs when a retiring key stops being accepted (0 if not retiring)
 * @param hasKeyBytes   whether the wrapped key is still stored (false once retired or revoked)
 */
public record KeyRow(String deviceId, long epoch, KeyState state, byte[] commitment, long retireAfterMs, boolean hasKeyBytes) {
}
