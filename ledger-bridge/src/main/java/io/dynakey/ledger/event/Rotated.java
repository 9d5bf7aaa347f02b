package io.dynakey.ledger.event;

import io.dynakey.device.wire.RotationReason;

/**
 * A device's key rotation was committed (the new key became current).
 *
 * @param deviceId     device id, 1..64 printable ASCII characters
 * @param epoch        epoch of the new key (>= 0)
 * @param reason       reason code, 0..255 ({@link RotationReason}, as the device sent it)
 * @param riskPermille the model's risk that led to it, 0..1000
 * @param modelVersion version of the model that scored the risk, 0..2^32-1 (0: none)
 * @param key          commitment to the new key
 */
public record Rotated(String deviceId, long epoch, int reason, int riskPermille, long modelVersion,
                      KeyCommitment key) implements EventBody {

    public Rotated {
        Ids.require(deviceId, "deviceId");
        Ids.requireNonNegative(epoch, "epoch");
        Ids.requireRange(reason, 0, 255, "reason");
        Ids.requireRange(riskPermille, 0, 1000, "riskPermille");
        Ids.requireU32(modelVersion, "modelVersion");
        java.util.Objects.requireNonNull(key, "key");
    }

    @Override
    public EventType type() {
        return EventType.ROTATED;
    }
}
