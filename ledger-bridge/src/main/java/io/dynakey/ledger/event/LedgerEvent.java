package io.dynakey.ledger.event;

import java.util.Objects;

/**
 * One event as the ledger records it.
 *
 * @param seq        sequence number: 1, 2, 3, ... without gaps, assigned by the outbox in the
 *                   transaction that wrote the event
 * @param timeMillis when the gateway wrote it, milliseconds since the Unix epoch (UTC)
 * @param body       what happened
 */
public record LedgerEvent(long seq, long timeMillis, EventBody body) {

    public LedgerEvent {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1");
        }
        Objects.requireNonNull(body, "body");
    }

    /** The canonical encoding (see {@link EventCodec#encode(LedgerEvent)}). */
    public byte[] encode() {
        return EventCodec.encode(this);
    }
}
