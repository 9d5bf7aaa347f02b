package io.dynakey.ledger.journal;

/**
 * Where a recorded batch sits in the sequence, and its root: what idempotent re-anchoring compares.
 *
 * @param firstSeq first event seq
 * @param count    events in the batch
 * @param root     Merkle root (32 bytes; callers must not modify it)
 */
public record BatchRef(long firstSeq, int count, byte[] root) {
}
