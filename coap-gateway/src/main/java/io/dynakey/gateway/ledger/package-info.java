/**
 * The gateway's side of the ledger contract: event bodies in the ledger's canonical encoding
 * ({@link io.dynakey.gateway.ledger.LedgerEventBodies}) and the outbox as the bridge's
 * {@link io.dynakey.ledger.event.EventSource} ({@link io.dynakey.gateway.ledger.OutboxEventSource}).
 */
package io.dynakey.gateway.ledger;
