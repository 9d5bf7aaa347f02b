package io.dynakey.ledger.merkle;

import io.dynakey.ledger.event.LedgerEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects events into batches, closing one when it holds {@code maxEvents} or when its oldest
 * event has waited {@code maxAgeMillis} (checked on {@link #add} and {@link #poll}). Not thread-safe.
 */
public final class Batcher {

    private final int maxEvents;
    private final long maxAgeMillis;
    private final List<LedgerEvent> open = new ArrayList<>();
    private long openedAtMillis;
    private int fixedSize;

    public Batcher(int maxEvents, long maxAgeMillis) {
        if (maxEvents < 1 || maxAgeMillis < 0) {
            throw new IllegalArgumentException("maxEvents >= 1 and maxAgeMillis >= 0 required");
        }
        this.maxEvents = maxEvents;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** Adds the next event (its seq must follow the previous one); returns a batch if one closed. */
    public Batch add(LedgerEvent e, long nowMillis) {
        if (!open.isEmpty() && e.seq() != open.get(open.size() - 1).seq() + 1) {
            throw new IllegalArgumentException("seq " + e.seq() + " does not follow " + open.get(open.size() - 1).seq());
        }
        if (open.isEmpty()) {
            openedAtMillis = nowMillis;
        }
        open.add(e);
        if (fixedSize > 0) {
            return open.size() == fixedSize ? close(nowMillis) : null;
        }
        return open.size() >= maxEvents || nowMillis - openedAtMillis >= maxAgeMillis ? close(nowMillis) : null;
    }

    /**
     * Makes the next batch hold exactly {@code n} events, whatever size and age say: used to
     * re-create a batch that a backend already anchored with these boundaries.
     */
    public void fixNextSize(int n) {
        if (!open.isEmpty() || n < 1) {
            throw new IllegalStateException("only an empty batcher can fix the next size");
        }
        fixedSize = n;
    }

    /** Closes the open batch if it is old enough; else {@code null}. */
    public Batch poll(long nowMillis) {
        return !open.isEmpty() && fixedSize == 0 && nowMillis - openedAtMillis >= maxAgeMillis ? close(nowMillis) : null;
    }

    /** Closes the open batch whatever its age; {@code null} if empty. */
    public Batch flush(long nowMillis) {
        return open.isEmpty() || fixedSize > 0 ? null : close(nowMillis);
    }

    /** Drops the open events (after a failure, the bridge re-reads them from the source). */
    public void discard() {
        open.clear();
        fixedSize = 0;
    }

    /** Events waiting in the open batch. */
    public int pending() {
        return open.size();
    }

    private Batch close(long nowMillis) {
        Batch b = Batch.of(open, nowMillis);
        open.clear();
        fixedSize = 0;
        return b;
    }
}
