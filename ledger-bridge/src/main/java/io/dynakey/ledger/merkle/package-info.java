/**
 * Merkle batching: keccak-256 leaves and sorted-pair internal nodes, so that OpenZeppelin's
 * {@code MerkleProof.verify(proof, root, leaf)} accepts our proofs; batches closed by size or age.
 */
package io.dynakey.ledger.merkle;
