package io.dynakey.ledger;

import io.dynakey.ledger.event.EventSourceException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Runs a {@link Bridge} on its own daemon thread: drains every {@code pollMillis}, backs off (up to
 * 5 s) while the source or backend is unavailable, and on {@link #close()} anchors what is left and
 * closes the backend. A non-retryable failure (gap, conflict, corrupt ledger) stops the runner and
 * is kept in {@link #failure()}. Thread-safe.
 */
public final class BridgeRunner implements AutoCloseable {

    private final Bridge bridge;
    private final LedgerBackend backend;
    private final long pollMillis;
    private final Thread thread;
    private final AtomicReference<Exception> lastError = new AtomicReference<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Object sleepLock = new Object();
    private volatile boolean running = true;
    private volatile long anchored;

    /**
     * Starts draining {@code source} into {@code backend}.
     *
     * @param maxBatch     events per batch at most
     * @param maxAgeMillis a batch closes when its oldest event waited this long
     * @param pollMillis   pause between rounds when there was nothing to do
     */
    public BridgeRunner(io.dynakey.ledger.event.EventSource source, LedgerBackend backend, int maxBatch,
                        long maxAgeMillis, long pollMillis, LongSupplier clock) {
        this.bridge = new Bridge(source, backend, maxBatch, maxAgeMillis, clock);
        this.backend = backend;
        this.pollMillis = pollMillis;
        this.thread = new Thread(this::loop, "dynakey-ledger-bridge");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        long backoff = pollMillis;
        while (running) {
            try {
                int n;
                synchronized (bridge) {
                    n = bridge.drainOnce(false);
                }
                anchored += n;
                lastError.set(null);
                backoff = pollMillis;
                if (n == 0) {
                    sleep(pollMillis);
                }
            } catch (LedgerException e) {
                lastError.set(e);
                if (!e.retryable()) {
                    failure.set(e);
                    running = false;
                    return;
                }
                sleep(backoff);
                backoff = Math.min(5_000, backoff * 2);
            } catch (EventSourceException | RuntimeException e) {
                lastError.set(e);
                sleep(backoff);
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    /** Events anchored so far by this runner (re-anchored duplicates included). */
    public long anchored() {
        return anchored;
    }

    /** Highest seq durably anchored. */
    public long durableSeq() {
        return backend.durableSeq();
    }

    /** The last error of a round that failed, or {@code null} if the last round succeeded. */
    public Exception lastError() {
        return lastError.get();
    }

    /** The error that stopped the runner, or {@code null} while it runs. */
    public Exception failure() {
        return failure.get();
    }

    /** Stops the thread, anchors what is pending if the backend is reachable, closes the backend. */
    @Override
    public void close() throws LedgerException {
        running = false;
        // no interrupt: it would close a FileChannel in the middle of a write
        synchronized (sleepLock) {
            sleepLock.notifyAll();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (failure.get() == null) {
                synchronized (bridge) {
                    bridge.drainAll();
                }
            }
        } catch (EventSourceException | LedgerException e) {
            lastError.set(e);
        } finally {
            backend.close();
        }
    }

    private void sleep(long millis) {
        synchronized (sleepLock) {
            if (!running) {
                return;
            }
            try {
                sleepLock.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
