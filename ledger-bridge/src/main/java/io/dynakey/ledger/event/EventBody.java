package io.dynakey.ledger.event;

/**
 * What happened, without when or in which order (that is {@link LedgerEvent}). One record per
 * {@link EventType}; constructors validate every field and throw {@link IllegalArgumentException}
 * on misuse. No body holds key material.
 */
public sealed interface EventBody
        permits Enrolled, Rotated, GroupRekeyed, Revoked, ModelPublished, AnomalyFlagged, ModelRollout {

    /** The event's type. */
    EventType type();
}
