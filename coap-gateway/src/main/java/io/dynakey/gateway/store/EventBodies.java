package io.dynakey.gateway.store;

/**
 * Builds the ledger event bodies the store writes to its outbox with each key change. The
 * store passes the key only so that the implementation can compute the ledger's key commitment;
 * no implementation may put key bytes into a body.
 */
public interface EventBodies {

    /** The ledger's key commitment (16 bytes) to {@code key} of {@code scope} at {@code epoch}. */
    byte[] commitment(String scope, long epoch, byte[] key);

    /** Body of a device-enrolled event. */
    byte[] enrolled(String deviceId, long epoch, byte[] commitment);

    /** Body of a key-rotated event. */
    byte[] rotated(String deviceId, long epoch, int reason, int riskPermille, long modelVersion, byte[] commitment);

    /** Body of a device-revoked event. */
    byte[] revoked(String deviceId, long lastEpoch, int reason);

    /** Body of a group-rekeyed event. */
    byte[] groupRekeyed(String groupId, long version, int reason, int memberCount, byte[] commitment);
}
