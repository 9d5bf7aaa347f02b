package io.dynakey.gateway.store;

/**
 * A key that may open a DTLS session now.
 *
 * @param deviceId the device
 * @param epoch    the key's epoch
 * @param state    {@link KeyState#PENDING}, {@link KeyState#CURRENT} or {@link KeyState#RETIRING}
 * @param key      the pre-shared key
 * @param usableUntilMs when a retiring key stops opening sessions (its grace window's end, Unix ms);
 *                 {@link Long#MAX_VALUE} for a pending or current key
 */
public record UsableKey(String deviceId, long epoch, KeyState state, Secret key, long usableUntilMs) {
}
