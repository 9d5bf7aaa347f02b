package io.dynakey.ledger.event;

import java.util.List;

/**
 * Where the bridge reads events from: the gateway's transactional outbox, or any other store that
 * hands out events in sequence order.
 *
 * <p>Contract: sequence numbers start at 1 and have no gaps; an event, once readable, never
 * changes; {@link #readAfter} may be called again with the same argument (after a crash) and must
 * return the same events. Delivery is at least once: the bridge anchors idempotently, so giving an
 * event twice is harmless, losing one is not. Implementations must be safe to call from one thread
 * at a time; the bridge never calls concurrently.
 */
public interface EventSource {

    /**
     * Up to {@code max} events with {@code seq > afterSeq}, in ascending seq order, starting exactly
     * at {@code afterSeq + 1}; empty if there is none yet.
     *
     * @throws EventSourceException if the store cannot be read (the bridge retries later)
     */
    List<LedgerEvent> readAfter(long afterSeq, int max) throws EventSourceException;

    /**
     * Tells the source that every event with {@code seq <= throughSeq} is anchored durably, so it
     * may mark them delivered or prune them. Must be idempotent; a source may ignore it. Never
     * called with a seq that is not anchored.
     *
     * @throws EventSourceException if the store cannot be written (the bridge retries later)
     */
    void acknowledge(long throughSeq) throws EventSourceException;
}
