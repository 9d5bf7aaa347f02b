package io.dynakey.gateway.service;

import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.DeviceRecord;
import io.dynakey.gateway.store.StoreException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a telemetry acknowledgement tells a device about its group key: the current key version
 * of the device's group, so a member that missed a rekey learns of it at its next contact and
 * fetches {@code /group-key}. Kept in memory: the device's group is read from the store once per
 * device (and forgotten on a move), the versions of all groups are re-read at every
 * {@link #refresh} (each session sweep, and after this gateway's own rekeys), which also brings in
 * rekeys written by another process on the store. Thread-safe.
 */
public final class GroupDirectory {

    private final DeviceKeyStore store;
    private final ConcurrentHashMap<String, String> groupOf = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> groupNames = new ConcurrentHashMap<>();
    private volatile Map<String, Long> versions = Map.of();

    public GroupDirectory(DeviceKeyStore store) {
        this.store = store;
    }

    /** The current group key version of {@code deviceId}'s group, -1 when it has none or the device is unknown. */
    public long versionFor(String deviceId) {
        String group = groupFor(deviceId);
        if (group == null) {
            return -1;
        }
        Long v = versions.get(group);
        return v == null ? -1 : v;
    }

    /** The group of {@code deviceId}, read from the store the first time; null when unknown or unreadable. */
    public String groupFor(String deviceId) {
        String group = groupOf.get(deviceId);
        if (group == null) {
            try {
                Optional<DeviceRecord> d = store.device(deviceId);
                if (d.isEmpty()) {
                    return null;
                }
                group = groupNames.computeIfAbsent(d.get().groupId(), g -> g);
                groupOf.put(deviceId, group);
            } catch (StoreException e) {
                return null;
            }
        }
        return group;
    }

    /** The group of {@code deviceId} as last read (after {@link #versionFor}), or null when not known yet. */
    public String groupOf(String deviceId) {
        return groupOf.get(deviceId);
    }

    /** Re-reads every group's key version from the store. */
    public void refresh() throws StoreException {
        versions = Map.copyOf(store.groupKeyVersions());
    }

    /** Forgets the group of {@code deviceId} (after it moved). */
    public void forget(String deviceId) {
        groupOf.remove(deviceId);
    }
}
