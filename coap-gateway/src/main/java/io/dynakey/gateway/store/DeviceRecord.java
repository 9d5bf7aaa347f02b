package io.dynakey.gateway.store;

/**
 * A registered device.
 *
 * @param deviceId          device id (see {@link DeviceIds})
 * @param identityPublicKey the device's Ed25519 identity public key, 32 bytes (public, not secret)
 * @param groupId           the device group (cluster) it belongs to
 * @param revoked           true once revoked; a revoked device opens no session
 * @param currentEpoch      epoch of its current key, -1 if none
 * @param joinedMs          when it joined its group (registration or move)
 * @param joinedVersion     the group key version current when it joined, -1 if none: it may only
 *                          ever receive later versions (backward secrecy)
 */
public record DeviceRecord(String deviceId, byte[] identityPublicKey, String groupId, boolean revoked, long currentEpoch,
                           long joinedMs, long joinedVersion) {

    public DeviceRecord {
        identityPublicKey = identityPublicKey.clone();
    }

    @Override
    public byte[] identityPublicKey() {
        return identityPublicKey.clone();
    }
}
