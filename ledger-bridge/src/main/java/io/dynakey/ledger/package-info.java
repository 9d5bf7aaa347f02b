/**
 * Ledger events, Merkle batching, the journal and Ethereum backends and the verifier.
 */
package io.dynakey.ledger;
