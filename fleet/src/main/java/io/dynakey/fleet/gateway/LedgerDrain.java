package io.dynakey.fleet.gateway;

import io.dynakey.fleet.FleetException;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.ledger.OutboxEventSource;
import io.dynakey.ledger.Bridge;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * A gateway's outbox drained into an embedded journal ledger, as a deployment's bridge would do:
 * batches of up to {@value #BATCH_EVENTS} events into Merkle trees, each root chained in the journal
 * (group-commit fsync). Not thread-safe: one caller drains at a time.
 */
final class LedgerDrain implements AutoCloseable {

    /** Events per Merkle batch. */
    static final int BATCH_EVENTS = 256;
    /** Longest a partial batch waits before it is anchored, in milliseconds of the gateway's clock. */
    static final long BATCH_WAIT_MS = 1_000;

    private final Path file;
    private final Journal journal;
    private final Bridge bridge;

    private LedgerDrain(Path file, Journal journal, Bridge bridge) {
        this.file = file;
        this.journal = journal;
        this.bridge = bridge;
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

    /** Drains every event the outbox holds now; returns how many were anchored. */
    long drainAll() throws FleetException {
        try {
            return bridge.drainAll();
        } catch (Exception e) {
            throw new FleetException("ledger drain failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws FleetException {
        try {
            journal.close();
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
