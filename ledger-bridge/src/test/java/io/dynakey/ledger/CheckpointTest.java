package io.dynakey.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dynakey.ledger.Finding.Kind;
import io.dynakey.ledger.ethereum.Anchor;
import io.dynakey.ledger.ethereum.AnvilNode;
import io.dynakey.ledger.ethereum.EthereumLedger;
import io.dynakey.ledger.ethereum.LedgerContract;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.MemoryEventSource;
import io.dynakey.ledger.event.SampleEvents;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import io.dynakey.ledger.journal.LedgerKey;
import io.dynakey.ledger.verify.Checkpoint;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import io.dynakey.ledger.verify.VerifyOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/** Incremental verification: the signed checkpoint, what it skips, and every way it is not trusted. */
class CheckpointTest {

    @TempDir
    Path dir;

    final MemoryEventSource source = new MemoryEventSource();

    Path journal() {
        return dir.resolve("ledger.journal");
    }

    Path checkpoint() {
        return Checkpoint.defaultFile(journal());
    }

    VerifyOptions incremental() {
        return VerifyOptions.of(0).checkpoint(checkpoint(), false);
    }

    void append(int n, long seed) {
        for (LedgerEvent e : SampleEvents.events(n, seed)) {
            source.append(e.timeMillis(), e.body());
        }
    }

    void drain() throws Exception {
        try (Journal j = Journal.open(journal(), FsyncPolicy.GROUP_COMMIT)) {
            new Bridge(source, j, 100, 60_000, System::currentTimeMillis).drainAll();
        }
    }

    @Test
    void a_second_verification_reads_only_what_was_appended_after_the_checkpoint() throws Exception {
        append(1000, 1);
        drain();
        VerificationReport first = LedgerVerifier.verifyJournal(journal(), incremental());
        assertTrue(first.ok(), first.toText());
        assertEquals(-1, first.resumedAtBatch());
        assertTrue(Files.exists(checkpoint()));

        append(250, 2);
        drain();
        VerificationReport second = LedgerVerifier.verifyJournal(journal(), incremental());

        assertTrue(second.ok(), second.toText());
        assertEquals(10, second.resumedAtBatch());
        assertEquals(1250, second.events());
        assertEquals(13, second.batches());
        assertEquals(LedgerVerifier.verifyJournal(journal(), 0).headHex(), second.headHex());
        // and a third with nothing new resumes at the end
        assertEquals(13, LedgerVerifier.verifyJournal(journal(), incremental()).resumedAtBatch());
    }

    @Test
    void new_tampering_after_the_checkpoint_is_found_and_the_checkpoint_is_not_moved_past_it() throws Exception {
        append(500, 3);
        drain();
        LedgerVerifier.verifyJournal(journal(), incremental());
        byte[] before = Files.readAllBytes(checkpoint());
        append(300, 4);
        drain();
        Tamper.flipEventByte(journal(), 6, 3);

        VerificationReport r = LedgerVerifier.verifyJournal(journal(), incremental());

        assertEquals(5, r.resumedAtBatch());
        assertTrue(LedgerBackendSuite.has(r, Kind.EVENT_MODIFIED, 604), r.toText());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(checkpoint())), "checkpoint unchanged");
    }

    @Test
    void a_journal_rewritten_or_truncated_before_the_checkpoint_is_reported_and_verified_in_full() throws Exception {
        append(500, 5);
        drain();
        LedgerVerifier.verifyJournal(journal(), incremental());
        Path copy = dir.resolve("copy");
        Files.copy(journal(), copy);

        // the last verified batch rewritten carefully (events, leaves, root, record hash)
        Tamper.rewrite(journal(), 4, (leaves, events) -> events.set(0, SampleEvents.events(401, 77).get(400).encode()), true);
        VerificationReport rewritten = LedgerVerifier.verifyJournal(journal(), incremental());
        assertEquals(-1, rewritten.resumedAtBatch());
        assertEquals(Kind.CHECKPOINT_MISMATCH, rewritten.firstProblem().kind(), rewritten.toText());
        assertTrue(rewritten.firstProblem().message().contains("rewritten before the checkpoint"), rewritten.toText());

        // the journal cut back below the checkpoint
        Files.copy(copy, journal(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] f = Files.readAllBytes(journal());
        long cut = io.dynakey.ledger.journal.JournalScan.of(f).records().get(3).offset();
        Files.write(journal(), java.util.Arrays.copyOf(f, (int) cut));
        VerificationReport truncated = LedgerVerifier.verifyJournal(journal(), incremental());
        assertEquals(Kind.CHECKPOINT_MISMATCH, truncated.firstProblem().kind(), truncated.toText());
        assertTrue(truncated.firstProblem().message().contains("truncated"), truncated.toText());
        assertEquals(3, truncated.batches(), "verified in full: the three batches left");
    }

    @Test
    void a_forged_checkpoint_or_one_signed_by_another_key_is_reported_and_not_used() throws Exception {
        append(500, 6);
        drain();
        LedgerVerifier.verifyJournal(journal(), incremental());
        String text = Files.readString(checkpoint());

        Files.writeString(checkpoint(), text.replaceFirst("\nevents 500\n", "\nevents 400\n"));
        VerificationReport forged = LedgerVerifier.verifyJournal(journal(), incremental());
        assertEquals(Kind.CHECKPOINT_MISMATCH, forged.firstProblem().kind(), forged.toText());
        assertTrue(forged.firstProblem().message().contains("signature does not verify"), forged.toText());
        assertEquals(500, forged.events(), "verified in full");

        LedgerKey other = LedgerKey.loadOrCreate(dir.resolve("other.key"));
        new Checkpoint("journal", 5, 501, 500, 0, 0, new byte[32], null, -1, null, 0).write(checkpoint(), other);
        VerificationReport wrongKey = LedgerVerifier.verifyJournal(journal(), incremental());
        assertEquals(Kind.CHECKPOINT_MISMATCH, wrongKey.firstProblem().kind(), wrongKey.toText());
        assertTrue(wrongKey.firstProblem().message().contains("signed by another key"), wrongKey.toText());
        assertFalse(wrongKey.toText().contains(Files.readString(dir.resolve("other.key")).trim().substring(27)),
                "no private key in the report");

        VerificationReport full = LedgerVerifier.verifyJournal(journal(), VerifyOptions.of(0).checkpoint(checkpoint(), true));
        assertTrue(full.ok(), "--full ignores the bad checkpoint and writes a good one: " + full.toText());
        assertEquals(5, LedgerVerifier.verifyJournal(journal(), incremental()).resumedAtBatch());
    }

    @Test
    void on_chain_the_logs_are_read_from_the_checkpoint_block_and_a_rollback_below_it_is_named() throws Exception {
        assumeTrue(AnvilNode.findBinary().isPresent(), "SKIPPED: anvil is not installed (npm install)");
        Credentials gateway = Credentials.create(AnvilNode.GATEWAY_DEV_KEY);
        try (AnvilNode node = AnvilNode.start()) {
            Web3j web3j = node.client();
            try {
                String contract = EthereumLedger.deploy(web3j, gateway);
                LedgerContract reader = LedgerContract.readOnly(web3j, contract);
                String snapshot = node.snapshot();
                append(300, 7);
                drainChain(web3j, gateway, contract);
                VerificationReport first = LedgerVerifier.verifyChain(reader, node.url(), journal(), incremental());
                assertTrue(first.ok(), first.toText());
                assertEquals(-1, first.resumedAtBatch());
                append(200, 8);
                drainChain(web3j, gateway, contract);

                VerificationReport second = LedgerVerifier.verifyChain(reader, node.url(), journal(), incremental());

                assertTrue(second.ok(), second.toText());
                assertEquals(3, second.resumedAtBatch());
                assertEquals(5, second.batches());
                // paged log queries return what one query returns
                List<Anchor> one = reader.anchors(0, 1_000_000);
                List<Anchor> paged = reader.anchors(0, 1);
                assertEquals(5, one.size());
                assertEquals(one.size(), paged.size());
                for (int i = 0; i < one.size(); i++) {
                    assertEquals(one.get(i).blockHash(), paged.get(i).blockHash());
                }

                // the chain rolls back below the checkpoint: named, not trusted, the full check decides
                assertTrue(node.revert(snapshot));
                VerificationReport after = LedgerVerifier.verifyChain(reader, node.url(), journal(), incremental());
                assertTrue(LedgerBackendSuite.has(after, Kind.CHECKPOINT_STALE, -1), after.toText());
                assertEquals(-1, after.resumedAtBatch());
                assertEquals(VerificationReport.Status.ROLLED_BACK, after.status(), after.toText());
            } finally {
                web3j.shutdown();
            }
        }
    }

    private void drainChain(Web3j web3j, Credentials gateway, String contract) throws Exception {
        try (EthereumLedger l = EthereumLedger.open(journal(), FsyncPolicy.GROUP_COMMIT, web3j, gateway, contract, 1)) {
            new Bridge(source, l, 100, 60_000, System::currentTimeMillis).drainAll();
        }
    }
}
