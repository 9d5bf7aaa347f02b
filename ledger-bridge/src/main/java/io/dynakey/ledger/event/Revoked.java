package io.dynakey.ledger.event;

/**
 * A device was revoked: none of its keys is accepted any more.
 *
 * @param deviceId device id, 1..64 printable ASCII characters
 * @param epoch    the last epoch the device held (>= 0)
 * @param reason   revocation reason code, 0..255 (see {@link ReasonCodes})
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
