package io.dynakey.ledger.merkle;

import io.dynakey.ledger.event.LedgerEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A closed batch: consecutive events {@code firstSeq .. firstSeq+count-1}, their canonical
 * encodings, leaves and Merkle root. Immutable (arrays are not exposed for writing by contract:
 * callers must not modify what the accessors return).
 */
public final class Batch {

    private final long firstSeq;
    private final long closedAtMillis;
    private final List<byte[]> encoded;
    private final List<byte[]> leaves;
    private final MerkleTree tree;

    private Batch(long firstSeq, long closedAtMillis, List<byte[]> encoded, List<byte[]> leaves) {
        this.firstSeq = firstSeq;
        this.closedAtMillis = closedAtMillis;
        this.encoded = encoded;
        this.leaves = leaves;
        this.tree = MerkleTree.of(leaves);
    }

    /** A batch of events whose seqs are consecutive. */
    public static Batch of(List<LedgerEvent> events, long closedAtMillis) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
        long first = events.get(0).seq();
        List<byte[]> enc = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).seq() != first + i) {
                throw new IllegalArgumentException("seq " + events.get(i).seq() + " where " + (first + i) + " was due");
            }
            enc.add(events.get(i).encode());
        }
        return ofEncoded(first, closedAtMillis, enc);
    }

    /** A batch from canonical encodings whose seqs are {@code firstSeq, firstSeq+1, ...} (not checked). */
    public static Batch ofEncoded(long firstSeq, long closedAtMillis, List<byte[]> encoded) {
        byte[][] leaves = new byte[encoded.size()][];
        if (encoded.size() >= PARALLEL_FROM) {
            // two leaves per keccak permutation pair dominate; spread them over the cores
            java.util.stream.IntStream.range(0, leaves.length).parallel()
                    .forEach(i -> leaves[i] = MerkleTree.leaf(KECCAK.get(), encoded.get(i)));
        } else {
            Keccak k = KECCAK.get();
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = MerkleTree.leaf(k, encoded.get(i));
            }
        }
        return new Batch(firstSeq, closedAtMillis, List.copyOf(encoded), List.of(leaves));
    }

    private static final int PARALLEL_FROM = 256;
    private static final ThreadLocal<Keccak> KECCAK = ThreadLocal.withInitial(Keccak::new);

    public long firstSeq() {
        return firstSeq;
    }

    public int count() {
        return encoded.size();
    }

    /** Seq of the last event. */
    public long lastSeq() {
        return firstSeq + encoded.size() - 1;
    }

    public long closedAtMillis() {
        return closedAtMillis;
    }

    /** Canonical encodings, in seq order. */
    public List<byte[]> encodedEvents() {
        return encoded;
    }

    /** Leaves, in seq order. */
    public List<byte[]> leaves() {
        return leaves;
    }

    public byte[] root() {
        return tree.root();
    }

    public MerkleTree tree() {
        return tree;
    }
}
