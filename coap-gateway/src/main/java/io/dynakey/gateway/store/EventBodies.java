package io.dynakey.gateway.store;

/**
 * Builds the ledger event bodies the store writes to its outbox with each key change, and the
 * ledger's key commitments. The store passes the key only so that the implementation can compute
 * the commitment, and its commitment secret so that the commitment is salted (nobody without the
 * secret can test a guess of the key against it); no implementation may put key bytes or the
 * secret into a body.
 */
public interface EventBodies {

    /** Version of the commitment scheme the methods below compute (recorded with each key row). */
    int commitmentVersion();

    /** The ledger's commitment (16 bytes) to device {@code deviceId}'s {@code key} at {@code epoch}. */
    byte[] deviceKeyCommitment(Secret commitmentSecret, String deviceId, long epoch, byte[] key);

    /** The ledger's commitment (16 bytes) to group {@code groupId}'s {@code key} of {@code version}. */
    byte[] groupKeyCommitment(Secret commitmentSecret, String groupId, long version, byte[] key);

    /** The salt of {@link #deviceKeyCommitment}: disclosing it opens that one commitment to whoever holds the key. */
    byte[] deviceKeySalt(Secret commitmentSecret, String deviceId, long epoch);

    /** Body of a device-enrolled event. */
    byte[] enrolled(String deviceId, long epoch, byte[] commitment);

    /** Body of a key-rotated event. */
    byte[] rotated(String deviceId, long epoch, int reason, int riskPermille, long modelVersion, byte[] commitment);

    /** Body of a device-revoked event. */
    byte[] revoked(String deviceId, long lastEpoch, int reason);

    /** Body of a group-rekeyed event. */
    byte[] groupRekeyed(String groupId, long version, int reason, int memberCount, byte[] commitment);
}
