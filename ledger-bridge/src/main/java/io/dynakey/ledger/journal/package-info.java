/**
 * The embedded ledger: an append-only file of hash-chained batch records, fsync'd by policy,
 * recovered after a torn write, with tamper detection; read one record at a time
 * ({@link io.dynakey.ledger.journal.JournalReader}); its head signed beside it with the ledger's
 * Ed25519 key ({@link io.dynakey.ledger.journal.JournalHead}, {@link io.dynakey.ledger.journal.LedgerKey}).
 * Formats in {@code docs/ledger.md}.
 */
package io.dynakey.ledger.journal;
