package io.dynakey.ledger.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Merkle tree over event leaves, compatible with OpenZeppelin's {@code MerkleProof}.
 *
 * <p>Leaf of an encoded event {@code e}: {@code keccak256(keccak256(e))} (the double hash keeps a
 * 64-byte event from posing as an inner node). Inner node: {@code keccak256(min(a,b) || max(a,b))},
 * comparing as unsigned big-endian integers, exactly OpenZeppelin's {@code _hashPair}. Levels pair
 * nodes left to right; an odd last node moves up unchanged. A single leaf is its own root.
 * Immutable after construction; thread-safe.
 */
public final class MerkleTree {

    private final List<byte[][]> levels;

    private MerkleTree(List<byte[][]> levels) {
        this.levels = levels;
    }

    /** The leaf hash of one canonical event encoding. */
    public static byte[] leaf(Keccak k, byte[] encodedEvent) {
        return k.hash(k.hash(encodedEvent));
    }

    /** Builds the tree over leaves (32 bytes each, not copied; callers must not change them). */
    public static MerkleTree of(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a tree needs at least one leaf");
        }
        List<byte[][]> levels = new ArrayList<>();
        byte[][] level = leaves.toArray(new byte[0][]);
        levels.add(level);
        while (level.length > 1) {
            byte[][] below = level;
            byte[][] up = new byte[(below.length + 1) / 2][];
            if (up.length >= PARALLEL_FROM) {
                java.util.stream.IntStream.range(0, up.length).parallel().forEach(i -> up[i] = parent(below, i));
            } else {
                for (int i = 0; i < up.length; i++) {
                    up[i] = parent(below, i);
                }
            }
            levels.add(up);
            level = up;
        }
        return new MerkleTree(levels);
    }

    private static final int PARALLEL_FROM = 128;
    private static final ThreadLocal<Keccak> KECCAK = ThreadLocal.withInitial(Keccak::new);

    private static byte[] parent(byte[][] below, int i) {
        int l = 2 * i;
        return l + 1 < below.length ? hashPair(KECCAK.get(), below[l], below[l + 1]) : below[l];
    }

    /** The root (a copy). */
    public byte[] root() {
        return levels.get(levels.size() - 1)[0].clone();
    }

    /** Number of leaves. */
    public int size() {
        return levels.get(0).length;
    }

    /** The proof for leaf {@code index}: sibling hashes from the bottom up (copies). */
    public List<byte[]> proof(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("leaf " + index + " of " + size());
        }
        List<byte[]> proof = new ArrayList<>();
        int i = index;
        for (int d = 0; d < levels.size() - 1; d++) {
            byte[][] level = levels.get(d);
            int sibling = i ^ 1;
            if (sibling < level.length) {
                proof.add(level[sibling].clone());
            }
            i >>= 1;
        }
        return proof;
    }

    /** OpenZeppelin's {@code MerkleProof.verify}: folds the proof into the leaf and compares. */
    public static boolean verify(List<byte[]> proof, byte[] root, byte[] leaf) {
        Keccak k = new Keccak();
        byte[] h = leaf;
        for (byte[] p : proof) {
            h = hashPair(k, h, p);
        }
        return Arrays.equals(h, root);
    }

    /** keccak256 of the two nodes in ascending unsigned order. */
    public static byte[] hashPair(Keccak k, byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) <= 0 ? k.hash(a, b) : k.hash(b, a);
    }
}
