package io.dynakey.ledger;

import io.dynakey.ledger.merkle.Batch;

/**
 * Where batch roots are anchored: the journal file or an Ethereum contract. Anchoring is
 * idempotent: the same batch twice is harmless, a gap or a different batch for the same seqs is
 * refused. Used by one thread at a time.
 */
public interface LedgerBackend extends AutoCloseable {

    /** What {@link #anchor} did. */
    enum Outcome { ANCHORED, ALREADY_ANCHORED }

    /** The seq the next batch must start at (1 for an empty ledger). */
    long nextSeq();

    /**
     * If a batch starting at {@code firstSeq} is already anchored somewhere this backend must match
     * (the chain, when the local archive lost its tail), its event count; else 0. The bridge then
     * re-creates that batch with the same boundaries, so it anchors as "already anchored".
     */
    default int fixedBatchSize(long firstSeq) {
        return 0;
    }

    /** Highest seq that is durable (synced to disk, confirmed on chain); 0 if none. */
    long durableSeq();

    /**
     * Records a batch starting at {@link #nextSeq()}; a batch that is already recorded with the
     * same root returns {@link Outcome#ALREADY_ANCHORED}.
     *
     * @throws LedgerException GAP, CONFLICT, UNAVAILABLE (retry later), CORRUPT or IO
     */
    Outcome anchor(Batch batch) throws LedgerException;

    /** Makes everything recorded so far durable; afterwards {@code durableSeq() == nextSeq() - 1}. */
    void sync() throws LedgerException;

    @Override
    void close() throws LedgerException;
}
