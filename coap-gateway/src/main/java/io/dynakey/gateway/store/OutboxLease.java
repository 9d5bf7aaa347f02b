package io.dynakey.gateway.store;

/**
 * The right to drain the outbox into the ledger: held by one node at a time among every gateway on
 * a store, so each event is anchored by one drainer. A holder that dies (process or session) loses
 * it, and another node's next {@link #tryHold()} takes it over. Not thread-safe: one drainer thread.
 */
public interface OutboxLease extends AutoCloseable {

    /**
     * Takes the lease if nobody holds it, or checks that this node still does.
     *
     * @return true while this node may drain; false if another holds it or this node just lost it
     *         (then it must stop writing to the ledger before it tries again)
     */
    boolean tryHold();

    /** Releases the lease (if held) and its resources. */
    @Override
    void close();

    /** A lease that is always held: the store has one gateway (SQLite). */
    static OutboxLease sole() {
        return new OutboxLease() {
            @Override
            public boolean tryHold() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
