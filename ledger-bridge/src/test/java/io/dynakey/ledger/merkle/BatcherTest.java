package io.dynakey.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.SampleEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatcherTest {

    @Test
    void a_batch_closes_when_full() {
        Batcher b = new Batcher(3, 60_000);
        List<LedgerEvent> events = SampleEvents.events(4, 1);

        assertNull(b.add(events.get(0), 0));
        assertNull(b.add(events.get(1), 1));
        Batch closed = b.add(events.get(2), 2);

        assertNotNull(closed);
        assertEquals(1, closed.firstSeq());
        assertEquals(3, closed.count());
        assertEquals(0, b.pending());
    }

    @Test
    void a_batch_closes_when_its_oldest_event_is_old_enough() {
        Batcher b = new Batcher(1000, 50);
        List<LedgerEvent> events = SampleEvents.events(2, 2);
        b.add(events.get(0), 100);
        b.add(events.get(1), 120);

        assertNull(b.poll(149));
        Batch closed = b.poll(150);

        assertEquals(2, closed.count());
    }

    @Test
    void a_seq_that_does_not_follow_is_refused() {
        Batcher b = new Batcher(10, 1000);
        List<LedgerEvent> events = SampleEvents.events(3, 3);
        b.add(events.get(0), 0);

        assertThrows(IllegalArgumentException.class, () -> b.add(events.get(2), 0));
    }
}
