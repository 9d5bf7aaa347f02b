package io.dynakey.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MerkleTreeTest {

    /** Seeds of the generated cases: a failure names its seed, so it replays exactly. */
    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** 1 to 70 random 32-byte leaves. */
    private static List<byte[]> leaves(Random random) {
        int n = 1 + random.nextInt(70);
        List<byte[]> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] leaf = new byte[32];
            random.nextBytes(leaf);
            leaves.add(leaf);
        }
        return leaves;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void every_leafs_proof_verifies_against_the_root(long seed) {
        List<byte[]> leaves = leaves(new Random(seed));
        MerkleTree tree = MerkleTree.of(leaves);

        for (int i = 0; i < leaves.size(); i++) {
            assertTrue(MerkleTree.verify(tree.proof(i), tree.root(), leaves.get(i)), "leaf " + i);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void a_changed_leaf_proof_element_or_root_fails(long seed) {
        Random random = new Random(seed);
        List<byte[]> leaves = leaves(random);
        int pick = random.nextInt(1001);
        int bit = random.nextInt(256);
        MerkleTree tree = MerkleTree.of(leaves);
        int i = pick % leaves.size();
        List<byte[]> proof = tree.proof(i);
        byte[] root = tree.root();

        byte[] leaf = flip(leaves.get(i), bit);
        assertFalse(MerkleTree.verify(proof, root, leaf), "changed leaf");
        assertFalse(MerkleTree.verify(proof, flip(root, bit), leaves.get(i)), "changed root");
        if (!proof.isEmpty()) {
            List<byte[]> bad = new ArrayList<>(proof);
            int j = pick % bad.size();
            bad.set(j, flip(bad.get(j), bit));
            assertFalse(MerkleTree.verify(bad, root, leaves.get(i)), "changed proof element");
        }
    }

    @Test
    void roots_match_openzeppelin_sorted_pair_hashing() {
        // given three leaves, the tree is hashPair(hashPair(l0, l1), l2)
        Keccak k = new Keccak();
        byte[] l0 = k.hash(new byte[] {0});
        byte[] l1 = k.hash(new byte[] {1});
        byte[] l2 = k.hash(new byte[] {2});

        byte[] root = MerkleTree.of(List.of(l0, l1, l2)).root();

        byte[] expected = MerkleTree.hashPair(k, MerkleTree.hashPair(k, l0, l1), l2);
        assertArrayEquals(expected, root);
        assertEquals(1, MerkleTree.of(List.of(l2)).size());
        assertArrayEquals(l2, MerkleTree.of(List.of(l2)).root());
    }

    @Test
    void keccak_is_ethereums_keccak_not_sha3() {
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                HexFormat.of().formatHex(Keccak.of(new byte[0])));
    }

    private static byte[] flip(byte[] b, int bit) {
        byte[] c = b.clone();
        c[(bit / 8) % c.length] ^= (byte) (1 << (bit % 8));
        return c;
    }
}
