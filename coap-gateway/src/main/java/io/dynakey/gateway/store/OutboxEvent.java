package io.dynakey.gateway.store;

/**
 * One row of the transactional outbox.
 *
 * @param seq        gap-free sequence number, from 1
 * @param timeMillis when it was written (Unix ms)
 * @param body       the ledger's canonical body encoding ({@code EventCodec.encodeBody})
 */
public record OutboxEvent(long seq, long timeMillis, byte[] body) {
}
