package io.dynakey.device.governor;

/**
 * The per-group policy table: group id to {@link GroupPolicy}, with a default for groups it does
 * not list. Fixed capacity; lookups allocate nothing. Not thread-safe while being filled.
 */
public final class PolicyTable {

    private final GroupPolicy defaultPolicy;
    private final int[] groupIds;
    private final GroupPolicy[] policies;
    private int size;

    /**
     * @param defaultPolicy policy of any group not in the table
     * @param capacity most groups the table can hold, {@code 0..256}
     */
    public PolicyTable(GroupPolicy defaultPolicy, int capacity) {
        if (defaultPolicy == null) {
            throw new IllegalArgumentException("default policy is required");
        }
        if (capacity < 0 || capacity > 256) {
            throw new IllegalArgumentException("capacity must be 0..256: " + capacity);
        }
        this.defaultPolicy = defaultPolicy;
        this.groupIds = new int[capacity];
        this.policies = new GroupPolicy[capacity];
    }

    /** Sets (or replaces) the policy of a group. */
    public void put(int groupId, GroupPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy is required");
        }
        for (int i = 0; i < size; i++) {
            if (groupIds[i] == groupId) {
                policies[i] = policy;
                return;
            }
        }
        if (size == groupIds.length) {
            throw new IllegalStateException("policy table is full (" + size + " groups)");
        }
        groupIds[size] = groupId;
        policies[size] = policy;
        size++;
    }

    /** The group's policy, or the default one. */
    public GroupPolicy policyFor(int groupId) {
        for (int i = 0; i < size; i++) {
            if (groupIds[i] == groupId) {
                return policies[i];
            }
        }
        return defaultPolicy;
    }

    /** Number of groups listed. */
    public int size() {
        return size;
    }
}
