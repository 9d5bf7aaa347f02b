/**
 * The Ethereum backend: the {@code DynakeyLedger} Solidity contract (anchors and revocations),
 * web3j calls with nonce management, gas estimation, confirmations and retries that never anchor
 * twice, and a harness that runs a local {@code anvil} node.
 */
package io.dynakey.ledger.ethereum;
