package io.dynakey.ledger.ethereum;

/**
 * One {@code Anchored} log of the contract.
 *
 * @param batchIndex  0, 1, 2, ...
 * @param firstSeq    first event seq of the batch
 * @param count       events in the batch
 * @param root        the batch's Merkle root (32 bytes)
 * @param head        the contract's chain head after this anchor (32 bytes)
 * @param blockNumber block that holds it, or -1 if the node did not say
 * @param blockHash   hash of that block, hex with {@code 0x}, or {@code null} if the node did not say;
 *                    after a reorg the same number names another block, so both identify it
 */
public record Anchor(long batchIndex, long firstSeq, long count, byte[] root, byte[] head, long blockNumber,
                     String blockHash) {

    /** The last seq of the batch. */
    public long lastSeq() {
        return firstSeq + count - 1;
    }
}
