package io.dynakey.console.metrics;

import io.dynakey.gateway.store.FleetQueries;
import io.dynakey.gateway.store.StoreException;
import java.util.function.LongSupplier;

/**
 * The fleet's counts for gauges, read from {@link FleetQueries} at most once per
 * {@code maxAgeMs}: a scrape, a page and the next scrape share one read. Thread-safe.
 */
public final class FleetSnapshots {

    /** A pending rotation older than this is counted as abandoned, ms. */
    public static final long ABANDONED_AFTER_MS = 10 * 60_000L;

    /**
     * One reading.
     *
     * @param anchoringLagMs age of the oldest event not anchored, 0 when all are
     */
    public record Snapshot(long active, long revoked, FleetQueries.OutboxStatus outbox, long anchoringLagMs,
                           long abandonedRotations, long takenMs) {
    }

    private final FleetQueries fleet;
    private final LongSupplier clock;
    private final long maxAgeMs;
    private volatile Snapshot last;

    public FleetSnapshots(FleetQueries fleet, LongSupplier clock, long maxAgeMs) {
        this.fleet = fleet;
        this.clock = clock;
        this.maxAgeMs = maxAgeMs;
    }

    /** A snapshot at most {@code maxAgeMs} old; the last good one (or zeros) when the store cannot be read. */
    public Snapshot get() {
        Snapshot s = last;
        long now = clock.getAsLong();
        if (s != null && now - s.takenMs() < maxAgeMs) {
            return s;
        }
        synchronized (this) {
            s = last;
            if (s != null && now - s.takenMs() < maxAgeMs) {
                return s;
            }
            try {
                long active = 0;
                long revoked = 0;
                for (FleetQueries.GroupCount g : fleet.groupCounts()) {
                    active += g.active();
                    revoked += g.revoked();
                }
                FleetQueries.OutboxStatus o = fleet.outboxStatus();
                long lag = o.oldestUnanchoredMs() < 0 ? 0 : Math.max(0, now - o.oldestUnanchoredMs());
                last = new Snapshot(active, revoked, o, lag, fleet.abandonedRotations(now - ABANDONED_AFTER_MS), now);
            } catch (StoreException e) {
                if (last == null) {
                    last = new Snapshot(0, 0, new FleetQueries.OutboxStatus(0, 0, -1), 0, 0, now);
                }
            }
            return last;
        }
    }
}
