package io.dynakey.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.ledger.Finding.Kind;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.MemoryEventSource;
import io.dynakey.ledger.event.Revoked;
import io.dynakey.ledger.event.SampleEvents;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import io.dynakey.ledger.journal.JournalHead;
import io.dynakey.ledger.journal.JournalScan;
import io.dynakey.ledger.journal.LedgerKey;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's signed head: a rewritten or cut tail is found without a pinned head; so are a forged head and a wrong key. */
class SignedHeadTest {

    @TempDir
    Path dir;

    Path journal;
    Path head;
    Path key;

    @BeforeEach
    void fortyEventsInFourBatches() throws Exception {
        journal = dir.resolve("ledger.journal");
        head = JournalHead.defaultFile(journal);
        key = LedgerKey.defaultFile(journal);
        MemoryEventSource source = new MemoryEventSource();
        SampleEvents.events(40, 21).forEach(e -> source.append(e.timeMillis(), e.body()));
        try (Journal j = Journal.open(journal, FsyncPolicy.GROUP_COMMIT)) {
            new Bridge(source, j, 10, 60_000, System::currentTimeMillis).drainAll();
        }
    }

    VerificationReport verify() throws IOException {
        return LedgerVerifier.verifyJournal(journal, 0);
    }

    @Test
    void an_intact_journal_has_a_signed_head_and_a_key_only_its_owner_can_read() throws Exception {
        assertTrue(verify().ok(), verify().toText());
        assertTrue(Files.readString(head).contains("\nbatches 4\n"), Files.readString(head));
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
            IOException e = assertThrows(IOException.class, () -> LedgerKey.load(key));
            assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        }
    }

    @Test
    void a_rewritten_tail_is_found_without_a_pinned_head_and_the_journal_refuses_to_open() throws Exception {
        rewriteLastBatch();

        VerificationReport r = verify();

        assertEquals(Kind.TAIL_REWRITTEN, r.firstProblem().kind(), r.toText());
        assertEquals(3, r.firstProblem().batchIndex());
        assertTrue(r.firstProblem().message().contains("rewritten"), r.toText());
        LedgerException e = assertThrows(LedgerException.class, () -> Journal.open(journal, FsyncPolicy.GROUP_COMMIT));
        assertEquals(LedgerException.Reason.CORRUPT, e.reason());
    }

    @Test
    void a_truncated_tail_is_found_and_the_journal_refuses_to_open() throws Exception {
        byte[] f = Files.readAllBytes(journal);
        long cut = JournalScan.of(f).records().get(2).offset();
        Files.write(journal, Arrays.copyOf(f, (int) cut));

        VerificationReport r = verify();

        assertEquals(Kind.TAIL_TRUNCATED, r.firstProblem().kind(), r.toText());
        assertTrue(r.firstProblem().message().contains("ends at batch 1"), r.toText());
        assertEquals(2, r.batches());
        assertEquals(LedgerException.Reason.CORRUPT,
                assertThrows(LedgerException.class, () -> Journal.open(journal, FsyncPolicy.GROUP_COMMIT)).reason());
    }

    @Test
    void a_forged_head_file_is_found() throws Exception {
        String text = Files.readString(head);
        rewriteLastBatch();
        String newHash = verify().headHex();
        // the attacker puts the new hash into the head file but cannot sign it
        Files.writeString(head, text.replaceFirst("\nrecord-hash [0-9a-f]+\n", "\nrecord-hash " + newHash + "\n"));

        VerificationReport r = verify();

        assertEquals(Kind.HEAD_SIGNATURE_BAD, r.firstProblem().kind(), r.toText());
        assertTrue(r.firstProblem().message().contains("does not verify"), r.toText());
    }

    @Test
    void a_head_signed_with_another_key_is_found_and_no_key_is_printed() throws Exception {
        rewriteLastBatch();
        LedgerKey attacker = LedgerKey.loadOrCreate(dir.resolve("attacker.key"));
        JournalHead forged = new JournalHead(4, 41, JournalScan.of(journal).records().get(3).offset(), Files.size(journal),
                java.util.HexFormat.of().parseHex(verify().headHex()), 0);
        forged.write(head, attacker);

        VerificationReport r = verify();

        assertEquals(Kind.HEAD_SIGNATURE_BAD, r.firstProblem().kind(), r.toText());
        assertTrue(r.firstProblem().message().contains("signed by another key"), r.toText());
        for (Path k : new Path[] {key, dir.resolve("attacker.key")}) {
            String secret = Files.readString(k).trim();
            secret = secret.substring(secret.lastIndexOf(' ') + 1);
            assertFalse(r.toText().contains(secret) || r.toJson().contains(secret), "a private key in the report");
        }
    }

    @Test
    void an_auditor_with_the_public_key_only_checks_the_head_and_writes_no_checkpoint() throws Exception {
        Path pub = dir.resolve("ledger.pub");
        Files.writeString(pub, LedgerKey.load(key).publicKeyLine());
        Path cp = io.dynakey.ledger.verify.Checkpoint.defaultFile(journal);
        var options = io.dynakey.ledger.verify.VerifyOptions.of(0).checkpoint(cp, false).key(pub);

        VerificationReport intact = LedgerVerifier.verifyJournal(journal, options);
        rewriteLastBatch();
        VerificationReport rewritten = LedgerVerifier.verifyJournal(journal, options);

        assertTrue(intact.ok(), intact.toText());
        assertFalse(Files.exists(cp), "no checkpoint without the private key");
        assertEquals(Kind.TAIL_REWRITTEN, rewritten.firstProblem().kind(), rewritten.toText());
    }

    @Test
    void a_deleted_head_file_is_found() throws Exception {
        Files.delete(head);

        VerificationReport r = verify();

        assertEquals(Kind.HEAD_MISSING, r.firstProblem().kind(), r.toText());
    }

    @Test
    void appending_moves_the_head_and_a_torn_write_does_not_trip_it() throws Exception {
        long lastOffset = Tamper.tearLastRecord(journal, 30);
        try (Journal j = Journal.open(journal, FsyncPolicy.GROUP_COMMIT)) {
            assertTrue(j.recovery().cutSignedRecord(), j.recovery().toString());
            assertEquals(lastOffset, j.recovery().cutOffset());
        }
        VerificationReport r = verify();
        assertTrue(r.ok(), r.toText());
        assertEquals(3, r.batches());
    }

    private void rewriteLastBatch() throws IOException {
        Tamper.rewrite(journal, 3, (leaves, events) -> events.set(2, io.dynakey.ledger.event.EventCodec.encode(
                new LedgerEvent(33, 0, new Revoked("dev-x", 0, 0)))), true);
    }
}
