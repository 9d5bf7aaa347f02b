package io.dynakey.ledger.event;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link EventSource}: append bodies, they get the next seq. For tests, benchmarks
 * and embedding. Thread-safe.
 */
public final class MemoryEventSource implements EventSource {

    private final List<LedgerEvent> events = new ArrayList<>();
    private long acknowledged;

    /** Appends a body with the next seq and the given time; returns the event. */
    public synchronized LedgerEvent append(long timeMillis, EventBody body) {
        LedgerEvent e = new LedgerEvent(events.size() + 1L, timeMillis, body);
        events.add(e);
        return e;
    }

    @Override
    public synchronized List<LedgerEvent> readAfter(long afterSeq, int max) {
        if (afterSeq < 0 || max < 1) {
            throw new IllegalArgumentException("afterSeq >= 0 and max >= 1 required");
        }
        int from = (int) Math.min(afterSeq, events.size());
        int to = (int) Math.min(events.size(), (long) from + max);
        return List.copyOf(events.subList(from, to));
    }

    @Override
    public synchronized void acknowledge(long throughSeq) {
        acknowledged = Math.max(acknowledged, throughSeq);
    }

    /** The highest seq acknowledged so far. */
    public synchronized long acknowledged() {
        return acknowledged;
    }

    /** Number of events appended. */
    public synchronized int size() {
        return events.size();
    }
}
