package io.dynakey.ledger;

/**
 * One thing the verifier found wrong (or, for {@link Kind#TORN_TAIL}, worth knowing).
 *
 * @param kind       what is wrong
 * @param batchIndex the batch it is in, or -1
 * @param seq        the event it concerns, or -1
 * @param message    a sentence for people
 */
public record Finding(Kind kind, long batchIndex, long seq, String message) {

    /** Kinds of finding. */
    public enum Kind {
        /** Not a journal, or an unknown version. */
        BAD_HEADER,
        /** An incomplete last record (a torn write); the next open cuts it. Not tampering. */
        TORN_TAIL,
        /** Bytes that do not parse as records. */
        DAMAGED,
        /** A record's contents do not match its hash. */
        RECORD_MODIFIED,
        /** A whole batch is missing from the chain. */
        BATCH_REMOVED,
        /** A batch appears that the chain does not link to (inserted or duplicated). */
        BATCH_INSERTED,
        /** Batches are out of order. */
        BATCHES_REORDERED,
        /** An event's bytes differ from what was anchored. */
        EVENT_MODIFIED,
        /** An event is missing from its batch. */
        EVENT_REMOVED,
        /** An event was added to a batch. */
        EVENT_INSERTED,
        /** Events of a batch are out of order. */
        EVENTS_REORDERED,
        /** A batch's Merkle root does not match its leaves or the anchored root. */
        ROOT_MISMATCH,
        /** A batch has no anchor on the chain, or the chain has an anchor the journal lacks. */
        ANCHOR_MISSING,
        /** A head hash pinned earlier is not in the journal's chain: it was rewritten or cut. */
        PINNED_HEAD_MISSING,
        /**
         * An archived batch after the chain's last anchor, every anchor before it matching the
         * archive: the chain rolled back (a reorg, a node restored from an older state) or the bridge
         * has not anchored it yet; the bridge anchors it (again). Not tampering, but not proven on
         * chain either: verification fails until it is anchored.
         */
        ANCHOR_PENDING,
        /**
         * The verifier's checkpoint disagrees with the journal (the record it vouches for is gone
         * or changed: the journal was truncated or rewritten before it), or its signature does not
         * verify under the ledger key (forged, changed, or another key): it is not trusted, and the
         * journal is verified in full instead.
         */
        CHECKPOINT_MISMATCH,
        /**
         * The chain no longer holds the block of the checkpoint's last anchor (a reorg or a
         * rollback deeper than the checkpoint): it is not used, and everything is verified in full
         * instead, whose findings decide. Not tampering by itself.
         */
        CHECKPOINT_STALE,
        /** A journal with records but no signed head file beside it: its tail is not protected. */
        HEAD_MISSING,
        /**
         * The signed head file does not verify under the ledger key: forged, changed, signed by
         * another key, or there is no key to check it with.
         */
        HEAD_SIGNATURE_BAD,
        /** The record the signed head names has another hash: the journal was rewritten up to there. */
        TAIL_REWRITTEN,
        /** The journal ends before the record the signed head names: its tail was cut off. */
        TAIL_TRUNCATED
    }

    /**
     * True for a torn tail, which recovery repairs, and a stale checkpoint (the full verification
     * that replaces it decides); every other kind fails verification.
     */
    public boolean benign() {
        return kind == Kind.TORN_TAIL || kind == Kind.CHECKPOINT_STALE;
    }

    /** True for a batch waiting to be anchored again after a rollback ({@link Kind#ANCHOR_PENDING}). */
    public boolean pending() {
        return kind == Kind.ANCHOR_PENDING;
    }

    /** True if this finding means tampering or damage: neither benign nor pending. */
    public boolean tampering() {
        return !benign() && !pending();
    }

    @Override
    public String toString() {
        return kind + (batchIndex >= 0 ? " batch " + batchIndex : "") + (seq >= 0 ? " seq " + seq : "") + ": " + message;
    }
}
