package io.dynakey.gateway.ledger;

import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.OutboxEvent;
import io.dynakey.gateway.store.StoreException;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.EventFormatException;
import io.dynakey.ledger.event.EventSource;
import io.dynakey.ledger.event.EventSourceException;
import io.dynakey.ledger.event.LedgerEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's transactional outbox as an {@link EventSource} for the ledger bridge. Events are
 * written by the key store in the same transaction as the key change they record; this class only
 * reads them and records the bridge's acknowledgement. Thread-safe (the store serialises access).
 */
public final class OutboxEventSource implements EventSource {

    private final DeviceKeyStore store;

    /** A source reading {@code store}'s outbox. */
    public OutboxEventSource(DeviceKeyStore store) {
        this.store = store;
    }

    @Override
    public List<LedgerEvent> readAfter(long afterSeq, int max) throws EventSourceException {
        try {
            List<OutboxEvent> rows = store.eventsAfter(afterSeq, max);
            List<LedgerEvent> out = new ArrayList<>(rows.size());
            for (OutboxEvent row : rows) {
                out.add(new LedgerEvent(row.seq(), row.timeMillis(), EventCodec.decodeBody(row.body())));
            }
            return out;
        } catch (StoreException e) {
            throw new EventSourceException("outbox unreadable: " + e.getMessage(), e);
        } catch (EventFormatException e) {
            throw new EventSourceException("outbox holds an undecodable event: " + e.getMessage(), e);
        }
    }

    @Override
    public void acknowledge(long throughSeq) throws EventSourceException {
        try {
            store.acknowledgeEvents(throughSeq);
        } catch (StoreException e) {
            throw new EventSourceException("cannot record acknowledgement: " + e.getMessage(), e);
        }
    }
}
