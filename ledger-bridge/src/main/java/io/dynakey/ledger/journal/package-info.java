/**
 * The embedded ledger: an append-only file of hash-chained batch records, fsync'd by policy,
 * recovered after a torn write, with tamper detection. Format in {@code docs/ledger.md}.
 */
package io.dynakey.ledger.journal;
