/**
 * The verifier: checks the whole chain of batches (journal file or contract plus archive), or
 * only what follows a signed {@link io.dynakey.ledger.verify.Checkpoint}, proves one event's
 * inclusion, and names what was modified, removed, reordered, inserted, cut off or rolled back.
 */
package io.dynakey.ledger.verify;
