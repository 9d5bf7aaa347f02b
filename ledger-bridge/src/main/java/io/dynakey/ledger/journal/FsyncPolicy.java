package io.dynakey.ledger.journal;

/**
 * When the journal forces its file to disk.
 *
 * @param everyBatches force after this many unsynced batches (1: every batch)
 * @param maxDelayMillis force when the oldest unsynced batch is this old (checked on append)
 */
public record FsyncPolicy(int everyBatches, long maxDelayMillis) {

    /** Force after every batch: one fsync per append. */
    public static final FsyncPolicy EVERY_BATCH = new FsyncPolicy(1, 0);

    /** Group commit: one fsync for up to 64 batches or 5 ms, and at every {@code sync()}. */
    public static final FsyncPolicy GROUP_COMMIT = new FsyncPolicy(64, 5);

    /** Only at {@code sync()} and close (the bridge syncs once per drain round). */
    public static final FsyncPolicy ON_SYNC = new FsyncPolicy(Integer.MAX_VALUE, Long.MAX_VALUE);

    public FsyncPolicy {
        if (everyBatches < 1 || maxDelayMillis < 0) {
            throw new IllegalArgumentException("everyBatches >= 1 and maxDelayMillis >= 0 required");
        }
    }
}
