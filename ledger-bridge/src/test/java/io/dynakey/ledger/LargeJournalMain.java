package io.dynakey.ledger;

import io.dynakey.device.testing.ChildJvm;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import java.nio.file.Path;

/**
 * A child JVM for the bounded-memory tests: {@code write FILE EVENTS BATCH} fills a journal through
 * the bridge; {@code verify FILE} verifies it. Each prints one line
 * {@code RESULT ok events batches peakHeapBytes millis}.
 */
public final class LargeJournalMain {

    private LargeJournalMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        long t0 = System.nanoTime();
        boolean ok;
        long events;
        long batches;
        if (args[0].equals("write")) {
            long total = Long.parseLong(args[2]);
            int batch = Integer.parseInt(args[3]);
            try (Journal j = Journal.open(file, FsyncPolicy.ON_SYNC)) {
                new Bridge(new GeneratedEventSource(total, 5), j, batch, 60_000, System::currentTimeMillis).drainAll();
                ok = j.nextSeq() == total + 1;
                events = j.nextSeq() - 1;
                batches = j.batchCount();
            }
        } else {
            VerificationReport r = LedgerVerifier.verifyJournal(file, 0);
            ok = r.ok();
            events = r.events();
            batches = r.batches();
            if (!ok) {
                System.err.println(r.toText());
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("RESULT " + ok + " " + events + " " + batches + " " + ChildJvm.peakHeapOfThisJvm() + " " + ms);
    }
}
