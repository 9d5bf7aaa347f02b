package io.dynakey.gateway.store;

/**
 * What {@link DeviceKeyStore#putPending} did.
 *
 * @param status   the outcome
 * @param response for {@link Status#STORED} the new response; for {@link Status#RETRY} the one
 *                 stored by the first identical request; otherwise null
 */
public record PendingOutcome(Status status, byte[] response) {

    /** Outcomes of storing a pending key. */
    public enum Status {
        /** Stored as pending (replacing an unused pending key of the same epoch, if any). */
        STORED,
        /** The identical request was seen before: its stored response is returned, nothing changed. */
        RETRY,
        /** {@code fromEpoch} is not the device's current epoch (replay or rollback); nothing changed. */
        STALE_EPOCH,
        /** The device is revoked; nothing changed. */
        REVOKED,
        /** The device is unknown; nothing changed. */
        UNKNOWN_DEVICE
    }
}
