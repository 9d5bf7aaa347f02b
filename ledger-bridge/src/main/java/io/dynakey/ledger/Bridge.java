package io.dynakey.ledger;

import io.dynakey.ledger.event.EventSource;
import io.dynakey.ledger.event.EventSourceException;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.merkle.Batch;
import io.dynakey.ledger.merkle.Batcher;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Drains an {@link EventSource} into a {@link LedgerBackend}, exactly once: it resumes from the
 * backend's {@code nextSeq()} (the only checkpoint), anchors idempotently, and acknowledges the
 * source only through {@code durableSeq()}. A crash at any point re-reads what was not anchored.
 * Not thread-safe: one bridge, one thread.
 */
public final class Bridge {

    private final EventSource source;
    private final LedgerBackend backend;
    private final Batcher batcher;
    private final int readLimit;
    private final LongSupplier clock;
    private long readThrough = -1;
    private long acknowledged;

    /**
     * @param maxBatch     events per batch at most
     * @param maxAgeMillis a batch closes when its oldest event waited this long
     * @param clock        milliseconds, e.g. {@code System::currentTimeMillis}
     */
    public Bridge(EventSource source, LedgerBackend backend, int maxBatch, long maxAgeMillis, LongSupplier clock) {
        this.source = source;
        this.backend = backend;
        this.batcher = new Batcher(maxBatch, maxAgeMillis);
        this.readLimit = (int) Math.min(65_536L, Math.max(64L * maxBatch, 1024L));
        this.clock = clock;
    }

    /**
     * One round: read what is new, anchor every closed batch, make it durable, acknowledge.
     *
     * @param flush close the open batch even if it is young (e.g. at shutdown)
     * @return events anchored in this round
     * @throws LedgerException      if the backend failed (open events are dropped and re-read later)
     * @throws EventSourceException if the source failed
     */
    public int drainOnce(boolean flush) throws LedgerException, EventSourceException {
        if (readThrough < 0) {
            readThrough = backend.nextSeq() - 1;
        }
        int anchored = 0;
        try {
            List<LedgerEvent> events = source.readAfter(readThrough, readLimit);
            for (LedgerEvent e : events) {
                if (e.seq() != readThrough + 1) {
                    throw new EventSourceException("source gave seq " + e.seq() + " after " + readThrough);
                }
                readThrough = e.seq();
                if (batcher.pending() == 0) {
                    int fixed = backend.fixedBatchSize(e.seq());
                    if (fixed > 0) {
                        batcher.fixNextSize(fixed);
                    }
                }
                Batch b = batcher.add(e, clock.getAsLong());
                if (b != null) {
                    anchored += anchor(b);
                }
            }
            Batch b = flush ? batcher.flush(clock.getAsLong()) : batcher.poll(clock.getAsLong());
            if (b != null) {
                anchored += anchor(b);
            }
            backend.sync();
        } catch (LedgerException | EventSourceException | RuntimeException e) {
            batcher.discard();
            readThrough = -1;
            throw e;
        }
        long durable = backend.durableSeq();
        if (durable > acknowledged) {
            source.acknowledge(durable);
            acknowledged = durable;
        }
        return anchored;
    }

    /** Drains until the source has nothing new, flushing the last batch. Returns events anchored. */
    public long drainAll() throws LedgerException, EventSourceException {
        long total = 0;
        while (true) {
            int n = drainOnce(true);
            total += n;
            if (n == 0) {
                return total;
            }
        }
    }

    private int anchor(Batch b) throws LedgerException {
        backend.anchor(b);
        return b.count();
    }
}
