/**
 * Ledger events: what the gateway writes into its transactional outbox and the bridge anchors.
 *
 * <p>Each {@link io.dynakey.ledger.event.LedgerEvent} has a contiguous sequence number, a time and
 * an {@link io.dynakey.ledger.event.EventBody}; {@link io.dynakey.ledger.event.EventCodec} gives the
 * one canonical, versioned byte encoding that the Merkle leaves commit to. Keys never appear in an
 * event: they are named by a {@link io.dynakey.ledger.event.KeyCommitment}. The bridge drains any
 * {@link io.dynakey.ledger.event.EventSource}, e.g. the gateway's SQLite outbox. The schema is
 * written down in {@code docs/ledger.md}.
 */
package io.dynakey.ledger.event;
