package io.dynakey.gateway.store;

import java.util.List;
import java.util.Optional;

/**
 * Read-only views of the fleet for the operator console and metrics: paged, and answered from
 * indexes, so each stays in milliseconds at 100,000 devices. No method returns key bytes or a
 * commitment salt. Implementations are thread-safe and never block the store's writer.
 */
public interface FleetQueries extends AutoCloseable {

    /** Devices of one group: not revoked, revoked. */
    record GroupCount(String groupId, long active, long revoked) {
    }

    /**
     * One device as the console lists it.
     *
     * @param currentEpoch epoch of its current key (-1 if none)
     * @param keySinceMs   when its current key became current, -1 if none (revoked)
     * @param lastReason   reason code of the rotation that made its current key (0 for the factory key)
     * @param lastRisk     risk (permille) the device reported with that rotation
     * @param modelVersion model version the device reported with that rotation (0 if none)
     */
    record DeviceSummary(String deviceId, String groupId, boolean revoked, long currentEpoch, long keySinceMs,
                         int lastReason, int lastRisk, long modelVersion) {
    }

    /**
     * One key of a device's history, without key bytes.
     *
     * @param committedMs when it became current, -1 if never
     */
    record KeyHistory(long epoch, KeyState state, int reason, int riskPermille, long modelVersion, long createdMs,
                      long committedMs) {
    }

    /** Rotations committed in one hour ({@code hourStartMs}, Unix ms) for one reason code. */
    record RotationCount(long hourStartMs, int reason, long count) {
    }

    /** How many active devices of a group last reported a model version. */
    record ModelUse(String groupId, long modelVersion, long devices) {
    }

    /**
     * The outbox as the ledger bridge sees it.
     *
     * @param headSeq                the newest event's seq (0 if none)
     * @param acknowledgedSeq        the newest event the ledger anchored
     * @param oldestUnanchoredMs     time of the oldest event not anchored yet, -1 when all are
     */
    record OutboxStatus(long headSeq, long acknowledgedSeq, long oldestUnanchoredMs) {
        /** Events written but not anchored yet. */
        public long lag() {
            return Math.max(0, headSeq - acknowledgedSeq);
        }
    }

    /** Devices per group, ordered by group id. */
    List<GroupCount> groupCounts() throws StoreException;

    /**
     * Ages of the active devices' current keys: {@code result[i]} counts keys younger than
     * {@code upperBoundsMs[i]} (and not younger than the bound before), the last element those older
     * than every bound. Bounds ascend.
     */
    long[] keyAges(long nowMs, long[] upperBoundsMs) throws StoreException;

    /** Rotations (keys of epoch 1 and later) committed since {@code sinceMs}, by hour and reason, oldest first. */
    List<RotationCount> rotationsPerHour(long sinceMs) throws StoreException;

    /** Pending rotations started before {@code beforeMs} and never committed (given up by their device). */
    long abandonedRotations(long beforeMs) throws StoreException;

    /** A page of devices in id order: {@code limit} after skipping {@code offset}; ids starting with {@code prefix} if not empty. */
    List<DeviceSummary> devices(String prefix, int offset, int limit) throws StoreException;

    /** One device, if registered. */
    Optional<DeviceSummary> device(String deviceId) throws StoreException;

    /** Every key of the device, oldest first. */
    List<KeyHistory> keyHistory(String deviceId) throws StoreException;

    /** Model versions the active devices reported with their last rotation, by group. */
    List<ModelUse> modelUse() throws StoreException;

    /** Outbox head, anchored position and the age of the oldest event not anchored. */
    OutboxStatus outboxStatus() throws StoreException;

    @Override
    void close() throws StoreException;
}
