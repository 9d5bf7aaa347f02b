package io.dynakey.gateway.store;

/** What {@link DeviceKeyStore#commit} did. */
public enum CommitOutcome {
    /** The pending key became current; the previous key is retiring. */
    COMMITTED,
    /** The key was already current: nothing to do. */
    ALREADY_CURRENT,
    /** No pending key at that epoch (retiring, retired, revoked, unknown): nothing changed. */
    NOT_PENDING
}
