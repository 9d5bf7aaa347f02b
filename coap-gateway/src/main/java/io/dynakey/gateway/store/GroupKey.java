package io.dynakey.gateway.store;

/**
 * A group's current key.
 *
 * @param groupId the group
 * @param version its version, increasing by one on every rekey
 * @param key     the group key
 */
public record GroupKey(String groupId, long version, Secret key) {
}
