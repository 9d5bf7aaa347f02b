package io.dynakey.gateway.ledger;

import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.OutboxLease;
import io.dynakey.ledger.Bridge;
import io.dynakey.ledger.LedgerBackend;
import io.dynakey.ledger.LedgerException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox into the ledger on one node of several that share a store, exactly once: only
 * while this node holds the store's {@link OutboxLease}. Each time it becomes the leader it opens
 * the ledger anew and resumes from the ledger's own next seq (a {@link Bridge} keeps no other
 * checkpoint), so what a previous leader anchored is never anchored again and what it had not
 * anchored is read again from the outbox. When the lease is lost it closes the ledger before it
 * competes again.
 *
 * <p>A lease alone cannot stop a leader that has not yet noticed its loss from writing once more,
 * so a ledger that lives in a file is also fenced by an exclusive lock on a fence file, held from
 * opening the ledger to closing it: a new leader waits until the old one has let go. A chain
 * backend needs no fence: anchoring there is idempotent by seq.
 *
 * <p>Runs on its own daemon thread; {@link #close()} drains what is left if it leads.
 */
public final class LeaderDrain implements AutoCloseable {

    /** Opens the ledger when this node becomes the leader. */
    @FunctionalInterface
    public interface LedgerOpener {
        LedgerBackend open() throws LedgerException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LeaderDrain.class);
    /** Polls a node waits after losing the lease before it competes again. */
    static final int LOST_LEASE_PAUSE_POLLS = 10;

    private final DeviceKeyStore store;
    private final OutboxLease lease;
    private final LedgerOpener opener;
    private final Path fenceFile;
    private final int maxBatch;
    private final long maxAgeMillis;
    private final long pollMillis;
    private final LongSupplier clock;
    private final Thread thread;
    private final Object lock = new Object();
    private volatile boolean running = true;
    private volatile boolean leading;
    private volatile long terms;
    private volatile long anchored;
    private FileChannel fenceChannel;
    private FileLock fence;
    private LedgerBackend backend;
    private Bridge bridge;

    /**
     * Starts competing for the lease of {@code store}'s outbox.
     *
     * @param fenceFile    file locked while this node has the ledger open (null: no fence, for a chain backend)
     * @param maxBatch     events per batch at most
     * @param maxAgeMillis a batch closes when its oldest event waited this long (by {@code clock})
     * @param pollMillis   pause between rounds with nothing to do, and between tries for the lease
     */
    public LeaderDrain(DeviceKeyStore store, OutboxLease lease, LedgerOpener opener, Path fenceFile, int maxBatch,
                       long maxAgeMillis, long pollMillis, LongSupplier clock) {
        this.store = store;
        this.lease = lease;
        this.opener = opener;
        this.fenceFile = fenceFile;
        this.maxBatch = maxBatch;
        this.maxAgeMillis = maxAgeMillis;
        this.pollMillis = pollMillis;
        this.clock = clock;
        this.thread = new Thread(this::loop, "dynakey-leader-drain");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            boolean idle = true;
            boolean lost = false;
            synchronized (lock) {
                if (running) {
                    boolean led = leading;
                    idle = round(false) == 0;
                    lost = led && !leading;
                }
            }
            if (lost) {
                // a node whose session just died may be the sick one: let a live peer take over first
                pause(LOST_LEASE_PAUSE_POLLS * pollMillis);
            } else if (idle) {
                pause(pollMillis);
            }
        }
    }

    /** One round under {@link #lock}: lead or step down, then drain once. Returns the events anchored. */
    private int round(boolean flush) {
        if (!lease.tryHold()) {
            stepDown();
            return 0;
        }
        try {
            if (bridge == null && !takeOver()) {
                return 0;
            }
            int n = bridge.drainOnce(flush);
            anchored += n;
            return n;
        } catch (Exception e) {
            // the events stay in the outbox; the ledger is reopened and resumes from its own next seq
            LOG.warn("outbox drain round failed: {}", e.getMessage());
            stepDown();
            return 0;
        }
    }

    private boolean takeOver() throws IOException, LedgerException {
        if (fenceFile != null) {
            if (fenceChannel == null) {
                fenceChannel = FileChannel.open(fenceFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            try {
                fence = fenceChannel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                fence = null;
            }
            if (fence == null) {
                return false; // the previous leader still has the ledger open
            }
        }
        backend = opener.open();
        bridge = new Bridge(new OutboxEventSource(store), backend, maxBatch, maxAgeMillis, clock);
        leading = true;
        terms++;
        LOG.info("leading the outbox drain from ledger seq {}", backend.nextSeq());
        return true;
    }

    private void stepDown() {
        bridge = null;
        leading = false;
        if (backend != null) {
            try {
                backend.close();
            } catch (LedgerException e) {
                LOG.warn("closing the ledger failed: {}", e.getMessage());
            }
            backend = null;
        }
        if (fence != null) {
            try {
                fence.release();
            } catch (IOException e) {
                LOG.warn("releasing the ledger fence failed: {}", e.getMessage());
            }
            fence = null;
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** True while this node leads (holds the lease and has the ledger open). */
    public boolean leading() {
        return leading;
    }

    /** How many times this node became the leader. */
    public long terms() {
        return terms;
    }

    /** Events this node anchored (a batch re-anchored after a crash counts again). */
    public long anchored() {
        return anchored;
    }

    /**
     * Drains until the outbox has nothing new, if this node leads (flushing the open batch).
     *
     * @return events anchored, 0 if another node leads
     */
    public long drainAll() {
        synchronized (lock) {
            return drainAllLocked();
        }
    }

    /** Stops; if it leads, anchors what is left first; then closes the ledger and releases the lease. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            if (leading) {
                drainAllLocked();
            }
            stepDown();
            lease.close();
            if (fenceChannel != null) {
                try {
                    fenceChannel.close();
                } catch (IOException ignored) {
                    // nothing is locked any more
                }
            }
        }
    }

    private long drainAllLocked() {
        long total = 0;
        int n;
        do {
            n = round(true);
            total += n;
        } while (n > 0 && leading);
        return total;
    }
}
