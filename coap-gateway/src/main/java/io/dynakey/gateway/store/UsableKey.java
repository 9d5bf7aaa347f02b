package io.dynakey.gateway.store;

/**
 * A key that may open a DTLS session now.
 *
 * @param deviceId the device
 * @param epoch    the key's epoch
 * @param state    {@link KeyState#PENDING}, {@link KeyState#CURRENT} or {@link KeyState#RETIRING}
 * @param key      the pre-shared key
 */
public record UsableKey(String deviceId, long epoch, KeyState state, Secret key) {
}
