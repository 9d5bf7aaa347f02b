package io.dynakey.fleet.gateway;

import io.dynakey.fleet.FleetException;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.ledger.OutboxEventSource;
import io.dynakey.ledger.Bridge;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's outbox drained into an embedded journal ledger, as a deployment's bridge would do:
 * batches of up to {@value #BATCH_EVENTS} events into Merkle trees, each root chained in the journal
 * (group-commit fsync). Drains as the run goes, every {@value #DRAIN_EVERY_MS} ms on its own thread,
 * so a run killed midway leaves a journal that holds what was anchored until then (the rest is
 * safe in the outbox and drains on the next open). Thread-safe.
 */
final class LedgerDrain implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerDrain.class);
    /** Events per Merkle batch. */
    static final int BATCH_EVENTS = 256;
    /** Longest a partial batch waits before it is anchored, in milliseconds of the gateway's clock. */
    static final long BATCH_WAIT_MS = 1_000;
    /** Wall-clock period of the background drain. */
    static final long DRAIN_EVERY_MS = 500;

    private final Path file;
    private final Journal journal;
    private final Bridge bridge;
    private final ScheduledExecutorService drainer;

    private LedgerDrain(Path file, Journal journal, Bridge bridge) {
        this.file = file;
        this.journal = journal;
        this.bridge = bridge;
        this.drainer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dynakey-ledger-drain");
            t.setDaemon(true);
            return t;
        });
        drainer.scheduleWithFixedDelay(this::drainSome, DRAIN_EVERY_MS, DRAIN_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized void drainSome() {
        try {
            bridge.drainOnce(false);
        } catch (Exception e) {
            // the events stay in the outbox; the next round or the final drain reads them again
            LOG.warn("background ledger drain failed: {}", e.getMessage());
        }
    }

    /** Opens (or creates) the journal {@code file} for the gateway's outbox; {@code clock} is the gateway's. */
    static LedgerDrain open(Gateway gateway, Path file, LongSupplier clock) throws FleetException {
        Journal journal = null;
        try {
            journal = Journal.open(file, FsyncPolicy.GROUP_COMMIT);
            Bridge bridge = new Bridge(new OutboxEventSource(gateway.store()), journal, BATCH_EVENTS, BATCH_WAIT_MS,
                    clock);
            return new LedgerDrain(file, journal, bridge);
        } catch (Exception e) {
            closeQuietly(journal);
            throw new FleetException("cannot open the journal ledger " + file + ": " + e.getMessage(), e);
        }
    }

    /** The journal file. */
    Path file() {
        return file;
    }

    /** Drains every event the outbox holds now, flushing the open batch; returns how many were anchored. */
    synchronized long drainAll() throws FleetException {
        try {
            return bridge.drainAll();
        } catch (Exception e) {
            throw new FleetException("ledger drain failed: " + e.getMessage(), e);
        }
    }

    /** Events anchored in the journal so far (its next sequence number minus one). */
    synchronized long anchored() {
        return journal.nextSeq() - 1;
    }

    @Override
    public void close() throws FleetException {
        drainer.shutdownNow();
        try {
            drainer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (this) {
                journal.close();
            }
        } catch (Exception e) {
            throw new FleetException("closing the journal failed: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Journal j) {
        if (j != null) {
            try {
                j.close();
            } catch (Exception ignored) {
                // already failing; the first error is the one reported
            }
        }
    }
}
