package io.dynakey.gateway.store;

import java.util.Objects;

/**
 * A rotation the gateway agreed to and has not seen used yet.
 *
 * @param deviceId      the device
 * @param fromEpoch     the epoch the device rotated from (its current epoch)
 * @param toEpoch       the new key's epoch, {@code fromEpoch + 1}
 * @param key           the new pre-shared key
 * @param requestDigest SHA-256 of the encoded request, for idempotent retries
 * @param transcriptHash SHA-256 of request and response, for the key confirmation tag
 * @param response      the encoded, signed response sent back (returned again on a retry)
 * @param reason        rotation reason code ({@link io.dynakey.device.wire.RotationReason}), as the
 *                      ledger's {@code Rotated} event will carry it
 * @param riskPermille  the risk the device reported, 0..1000
 * @param modelVersion  version of the model that scored it (0: none)
 */
public record PendingKey(String deviceId, long fromEpoch, long toEpoch, Secret key, byte[] requestDigest,
                         byte[] transcriptHash, byte[] response, int reason, int riskPermille, long modelVersion) {

    public PendingKey {
        DeviceIds.require(deviceId);
        Objects.requireNonNull(key, "key");
        if (toEpoch != fromEpoch + 1 || fromEpoch < 0) {
            throw new IllegalArgumentException("a rotation goes from epoch e >= 0 to e + 1");
        }
        requestDigest = requestDigest.clone();
        transcriptHash = transcriptHash.clone();
        response = response.clone();
    }

    @Override
    public byte[] requestDigest() {
        return requestDigest.clone();
    }

    @Override
    public byte[] transcriptHash() {
        return transcriptHash.clone();
    }

    @Override
    public byte[] response() {
        return response.clone();
    }

    @Override
    public String toString() {
        return "PendingKey[" + deviceId + " " + fromEpoch + "->" + toEpoch + "]";
    }
}
