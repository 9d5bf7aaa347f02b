package io.dynakey.gateway.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable state of the key service. Every method is one transaction: it either completes or
 * changes nothing, and every key change writes its ledger event to the outbox in the same
 * transaction. Implementations are thread-safe. SQLite ({@link SqliteDeviceKeyStore}) is the
 * default; a PostgreSQL implementation serves several gateways sharing one fleet.
 */
public interface DeviceKeyStore extends AutoCloseable {

    /**
     * Registers a device with its identity public key and its factory pre-shared key at epoch 0
     * (which becomes current), and writes an {@code Enrolled} event.
     *
     * @param groupId the device's group number in decimal ({@link DeviceIds#validGroup})
     * @throws IllegalArgumentException if the device id or group is not valid ({@link DeviceIds}), the
     *                                  identity key not 32 bytes, or the PSK's length outside {@link PskLength}
     * @throws StoreException {@code DUPLICATE_DEVICE} if the id is taken
     */
    void registerDevice(String deviceId, byte[] identityPublicKey, String groupId, Secret initialPsk, long nowMs)
            throws StoreException;

    /** The device, if registered. */
    Optional<DeviceRecord> device(String deviceId) throws StoreException;

    /** Number of registered devices. */
    int deviceCount() throws StoreException;

    /**
     * The key of {@code deviceId} at {@code epoch} if it may open a session at {@code nowMs}:
     * pending, current, or retiring before its grace window ends; never for a revoked device.
     */
    Optional<UsableKey> usableKey(String deviceId, long epoch, long nowMs) throws StoreException;

    /** The pending rotation to {@code toEpoch}, if any (for the idempotent-retry fast path). */
    Optional<PendingKey> pending(String deviceId, long toEpoch) throws StoreException;

    /** The transcript hash of the rotation that produced the key at {@code epoch}, if it is pending or current. */
    Optional<byte[]> transcriptHash(String deviceId, long epoch) throws StoreException;

    /**
     * Stores a rotation as pending if {@code pending.fromEpoch()} is the device's current epoch.
     * The identical request (same digest) seen before returns the first response and changes
     * nothing; a different request for the same unused epoch replaces it (the device lost its
     * ephemeral key).
     */
    PendingOutcome putPending(PendingKey pending, long nowMs) throws StoreException;

    /**
     * Makes the pending key at {@code epoch} current (it opened a session), moves the previous
     * current key to retiring until {@code nowMs + graceMs}, and writes a {@code Rotated} event.
     */
    CommitOutcome commit(String deviceId, long epoch, long nowMs, long graceMs) throws StoreException;

    /** Retires every retiring key whose grace window ended by {@code nowMs}; erases their bytes. */
    int retireExpired(long nowMs) throws StoreException;

    /**
     * Revokes the device: every key becomes revoked and is erased, a {@code Revoked} event is
     * written, and the device's group gets a new key version (a {@code GroupRekeyed} event with
     * reason {@code MEMBER_LEFT}) if it had one, so the revoked device keeps no current group key.
     * Returns false (and changes nothing) if it was already revoked.
     */
    boolean revoke(String deviceId, int reason, long nowMs) throws StoreException;

    /**
     * Devices revoked after outbox position {@code afterSeq}, oldest first, at most {@code max}:
     * how a running gateway learns of revocations written by another process on the same store
     * (the CLI, another gateway). Each names the outbox seq of its {@code Revoked} event.
     */
    List<RevokedDevice> revocationsAfter(long afterSeq, int max) throws StoreException;

    /**
     * What opens the ledger commitment to the device's key at {@code epoch} (its salt), if the
     * store has a key row for it. The key itself is never returned.
     */
    Optional<CommitmentOpening> openCommitment(String deviceId, long epoch) throws StoreException;

    /** Every key row of the device, oldest first, without key bytes. */
    List<KeyRow> keys(String deviceId) throws StoreException;

    /** The group's current key, created (version 0, with a {@code GroupRekeyed} event) if absent. */
    GroupKey groupKey(String groupId, long nowMs) throws StoreException;

    /** Replaces the group key with a fresh one of the next version and writes a {@code GroupRekeyed} event. */
    GroupKey rekeyGroup(String groupId, int reason, long nowMs) throws StoreException;

    /**
     * The group key a member may receive now: the group's current key, unless that key is from
     * before the device joined (backward secrecy). Then, once {@code rekeyDelayMs} have passed since
     * the join, the group is rekeyed ({@code GroupRekeyed}, reason {@code MEMBER_JOINED}; one rekey
     * covers every device that joined before it) and the new key is returned; before that, empty:
     * the newcomer waits for the batch.
     *
     * @throws StoreException {@code UNKNOWN_DEVICE} if not registered
     */
    Optional<GroupKey> memberGroupKey(String deviceId, long rekeyDelayMs, long nowMs) throws StoreException;

    /**
     * Rekeys ({@code MEMBER_JOINED}) every group with an active member that joined by
     * {@code joinedByMs} and has no key from after its join: the batch of joins whose delay ended.
     *
     * @return the groups rekeyed
     */
    List<String> rekeyJoinedGroups(long joinedByMs, long nowMs) throws StoreException;

    /**
     * Moves the device to {@code groupId}: it leaves its group, which is rekeyed at once
     * ({@code MEMBER_LEFT}, forward secrecy) if it has a key, and joins the new one (it receives only
     * that group's keys from after the move).
     *
     * @throws StoreException {@code UNKNOWN_DEVICE} if not registered
     */
    void moveDevice(String deviceId, String groupId, long nowMs) throws StoreException;

    /** The current key version of every group that has a key. */
    Map<String, Long> groupKeyVersions() throws StoreException;

    /** A named gateway secret (e.g. its signing seed), created at random with {@code length} bytes if absent. */
    Secret gatewaySecret(String name, int length) throws StoreException;

    /** Appends a ledger event body that is not a key change (e.g. an anomaly) to the outbox. */
    long appendEvent(byte[] body, long nowMs) throws StoreException;

    /**
     * Records a step of a group's model rollout in one transaction: {@code newFile} (if not null)
     * joins the group's kept model files, {@code state} replaces the group's rollout state, and
     * {@code eventBody} goes to the outbox.
     *
     * @return the event's outbox seq
     */
    long recordRollout(ModelFile newFile, RolloutState state, byte[] eventBody, long nowMs) throws StoreException;

    /** Every kept model file of every group, by group and version. */
    List<ModelFile> modelFiles() throws StoreException;

    /** The rollout state of every group that has one. */
    List<RolloutState> rolloutStates() throws StoreException;

    /**
     * Every non-revoked device of {@code groupId}, with the number of its keys committed at or after
     * {@code sinceMs} for reason {@code RISK} (its false rotations, unless it is later revoked).
     */
    Map<String, Long> riskRotationsSince(String groupId, long sinceMs) throws StoreException;

    /** Records the model version {@code deviceId} reported it runs. */
    void recordDeviceModel(String deviceId, long version, long nowMs) throws StoreException;

    /** The last model version each device reported (devices that never reported one are absent). */
    Map<String, Long> deviceModelVersions() throws StoreException;

    /** Up to {@code max} outbox events with {@code seq > afterSeq}, in order. */
    List<OutboxEvent> eventsAfter(long afterSeq, int max) throws StoreException;

    /** Records that the ledger anchored every event up to {@code throughSeq} (never moves back). */
    void acknowledgeEvents(long throughSeq) throws StoreException;

    /** The highest acknowledged outbox seq (0 if none). */
    long acknowledgedEvents() throws StoreException;

    /**
     * A new lease on the right to drain this store's outbox, for the node named {@code node}: one
     * holder at a time among every gateway on the store (SQLite, with one gateway: always held).
     */
    OutboxLease outboxLease(String node);

    /** Checks the store's consistency; returns the problems found (empty when sound). */
    List<String> check() throws StoreException;

    @Override
    void close() throws StoreException;
}
