/**
 * The verifier: checks the whole chain of batches (journal file or contract plus archive), proves
 * one event's inclusion, and names what was modified, removed, reordered or inserted.
 */
package io.dynakey.ledger.verify;
