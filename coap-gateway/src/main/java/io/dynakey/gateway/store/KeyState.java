package io.dynakey.gateway.store;

/**
 * The life of one device key (one epoch). {@code PENDING -> CURRENT -> RETIRING -> RETIRED};
 * any state may become {@code REVOKED}. Only pending, current and (inside the grace window)
 * retiring keys open a DTLS session.
 */
public enum KeyState {
    /** Agreed by a rotation, not yet used in a handshake. */
    PENDING,
    /** The device's key. */
    CURRENT,
    /** Replaced by a newer key; accepted until its grace window ends. */
    RETIRING,
    /** Never accepted again; the key bytes are erased. */
    RETIRED,
    /** The device was revoked; never accepted again; the key bytes are erased. */
    REVOKED
}
