package io.dynakey.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.ledger.event.MemoryEventSource;
import io.dynakey.ledger.event.SampleEvents;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend suite against the journal, plus what only a journal has. */
class JournalLedgerTest extends LedgerBackendSuite {

    @Override
    protected LedgerBackend open(Path dir) throws Exception {
        return Journal.open(eventFile(dir), FsyncPolicy.GROUP_COMMIT);
    }

    @Override
    protected VerificationReport verify(Path dir, long seq) throws Exception {
        return LedgerVerifier.verifyJournal(eventFile(dir), seq);
    }

    @Override
    protected List<String> processArgs(Path dir, long total, long seed, int batch) {
        return List.of("journal", eventFile(dir).toString(), Long.toString(total), Long.toString(seed),
                Integer.toString(batch));
    }

    @Test
    void a_journal_with_a_changed_record_refuses_to_open_and_names_the_record() throws Exception {
        MemoryEventSource source = new MemoryEventSource();
        SampleEvents.events(40, 12).forEach(e -> source.append(e.timeMillis(), e.body()));
        drainIntoNewBackend(this, source, 10);
        Tamper.flipEventByte(eventFile(dir), 2, 0);

        LedgerException e = assertThrows(LedgerException.class, () -> open(dir));

        assertEquals(LedgerException.Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("batch 2"), e.getMessage());
    }

    @Test
    void a_removed_batch_is_named() throws Exception {
        MemoryEventSource source = new MemoryEventSource();
        SampleEvents.events(40, 13).forEach(e -> source.append(e.timeMillis(), e.body()));
        drainIntoNewBackend(this, source, 10);
        byte[] f = Files.readAllBytes(eventFile(dir));
        var rs = io.dynakey.ledger.journal.JournalScan.of(f).records();
        byte[] out = new byte[f.length - rs.get(1).length()];
        System.arraycopy(f, 0, out, 0, (int) rs.get(1).offset());
        System.arraycopy(f, (int) rs.get(2).offset(), out, (int) rs.get(1).offset(), f.length - (int) rs.get(2).offset());
        Files.write(eventFile(dir), out);

        VerificationReport r = verify(dir, 0);

        assertFirstProblem(r, Finding.Kind.BATCH_REMOVED);
        assertEquals(11, r.firstProblem().seq());
    }

    @Test
    void a_careful_rewrite_is_caught_by_the_signed_head_and_by_a_pinned_head() throws Exception {
        MemoryEventSource source = new MemoryEventSource();
        SampleEvents.events(40, 14).forEach(e -> source.append(e.timeMillis(), e.body()));
        drainIntoNewBackend(this, source, 10);
        String pinned = verify(dir, 0).headHex();

        // the attacker rewrites the last batch completely: event, leaves, root and record hash
        Tamper.rewrite(eventFile(dir), 3, (leaves, events) -> events.set(2, io.dynakey.ledger.event.EventCodec.encode(
                new io.dynakey.ledger.event.LedgerEvent(33, 0, new io.dynakey.ledger.event.Revoked("dev-x", 0, 0)))), true);

        assertFirstProblem(verify(dir, 0), Finding.Kind.TAIL_REWRITTEN);
        VerificationReport r = LedgerVerifier.verifyJournal(eventFile(dir), 0, pinned);
        assertTrue(LedgerBackendSuite.has(r, Finding.Kind.PINNED_HEAD_MISSING, -1), r.toText());
    }

    @Test
    void a_foreign_file_is_not_a_journal() throws Exception {
        Files.writeString(eventFile(dir), "hello, not a ledger");

        assertEquals(LedgerException.Reason.CORRUPT, assertThrows(LedgerException.class, () -> open(dir)).reason());
        assertFirstProblem(verify(dir, 0), Finding.Kind.BAD_HEADER);
    }
}
