package io.dynakey.ledger;

import io.dynakey.ledger.event.EventSource;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.SampleEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A source whose event n is a pure function of (seed, n): two JVMs see the same events, so a
 * bridge process can be killed and another one resume.
 */
final class GeneratedEventSource implements EventSource {

    private final long total;
    private final long seed;
    private long acknowledged;

    GeneratedEventSource(long total, long seed) {
        this.total = total;
        this.seed = seed;
    }

    static LedgerEvent event(long seed, long seq) {
        Random r = new Random(seed * 1_000_003L + seq);
        io.dynakey.ledger.event.EventBody body = SampleEvents.body(r, seq);
        if (body instanceof io.dynakey.ledger.event.Revoked rv && seq % 50 != 0) {
            // revocations are rare in a fleet (and each one is a registry transaction on chain)
            body = new io.dynakey.ledger.event.AnomalyFlagged(rv.deviceId(), 2, 500, 1);
        }
        return new LedgerEvent(seq, 1_764_000_000_000L + seq, body);
    }

    @Override
    public List<LedgerEvent> readAfter(long afterSeq, int max) {
        List<LedgerEvent> out = new ArrayList<>();
        for (long s = afterSeq + 1; s <= total && out.size() < max; s++) {
            out.add(event(seed, s));
        }
        return out;
    }

    @Override
    public void acknowledge(long throughSeq) {
        acknowledged = Math.max(acknowledged, throughSeq);
    }

    long acknowledged() {
        return acknowledged;
    }
}
