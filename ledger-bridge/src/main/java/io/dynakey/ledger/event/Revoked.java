package io.dynakey.ledger.event;

import io.dynakey.device.wire.RotationReason;

/**
 * A device was revoked: none of its keys is accepted any more.
 *
 * @param deviceId device id, 1..64 printable ASCII characters
 * @param epoch    the last epoch the device held (>= 0)
 * @param reason   reason code, 0..255 ({@link RotationReason}, e.g. {@code DECOMMISSIONED})
 */
public record Revoked(String deviceId, long epoch, int reason) implements EventBody {

    public Revoked {
        Ids.require(deviceId, "deviceId");
        Ids.requireNonNegative(epoch, "epoch");
        Ids.requireRange(reason, 0, 255, "reason");
    }

    @Override
    public EventType type() {
        return EventType.REVOKED;
    }
}
