package io.dynakey.ledger.event;

/**
 * A device was enrolled with its first pre-shared key.
 *
 * @param deviceId device id, 1..64 printable ASCII characters
 * @param epoch    epoch of the first key (>= 0)
 * @param key      commitment to that key
 */
public record Enrolled(String deviceId, long epoch, KeyCommitment key) implements EventBody {

    public Enrolled {
        Ids.require(deviceId, "deviceId");
        Ids.requireNonNegative(epoch, "epoch");
        java.util.Objects.requireNonNull(key, "key");
    }

    @Override
    public EventType type() {
        return EventType.ENROLLED;
    }
}
