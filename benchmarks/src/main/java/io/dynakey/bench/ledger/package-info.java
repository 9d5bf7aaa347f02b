/**
 * The ledger benchmark behind {@code ./dynakey bench ledger}: events/s into the journal and into
 * anvil, gas per event by batch size, each against a baseline measured in the same run.
 */
package io.dynakey.bench.ledger;
