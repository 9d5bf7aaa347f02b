package io.dynakey.ledger;

import static io.dynakey.device.testing.Bytes.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynakey.device.testing.ChildJvm;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.ledger.Finding.Kind;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.Enrolled;
import io.dynakey.ledger.event.GroupRekeyed;
import io.dynakey.ledger.event.KeyCommitment;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.MemoryEventSource;
import io.dynakey.ledger.event.Revoked;
import io.dynakey.ledger.event.Rotated;
import io.dynakey.ledger.event.SampleEvents;
import io.dynakey.ledger.journal.Journal;
import io.dynakey.ledger.merkle.Batch;
import io.dynakey.ledger.verify.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one test suite every ledger backend passes (journal and Ethereum): anchoring, idempotency,
 * gaps, restart, torn writes, a killed bridge process, tampering and key hygiene.
 */
abstract class LedgerBackendSuite {

    @TempDir
    Path dir;

    /** Opens (or reopens) the backend under test, keeping its data in {@code dir}. */
    protected abstract LedgerBackend open(Path dir) throws Exception;

    /** Verifies the backend's data in {@code dir}, proving {@code seq} if > 0. */
    protected abstract VerificationReport verify(Path dir, long seq) throws Exception;

    /** Arguments for {@link BridgeProcessMain} after kind and file: total, seed, batch are added by the suite. */
    protected abstract List<String> processArgs(Path dir, long total, long seed, int batch);

    /** The file that holds the events (journal or archive). */
    protected Path eventFile(Path dir) {
        return dir.resolve("ledger.journal");
    }

    protected static List<LedgerEvent> drainIntoNewBackend(LedgerBackendSuite s, MemoryEventSource source, int batch)
            throws Exception {
        try (LedgerBackend b = s.open(s.dir)) {
            new Bridge(source, b, batch, 60_000, System::currentTimeMillis).drainAll();
        }
        return source.readAfter(0, Integer.MAX_VALUE);
    }

    private MemoryEventSource sourceWith(int n, long seed) {
        MemoryEventSource source = new MemoryEventSource();
        for (LedgerEvent e : SampleEvents.events(n, seed)) {
            source.append(e.timeMillis(), e.body());
        }
        return source;
    }

    @Test
    void anchored_events_verify_and_every_event_has_an_inclusion_proof() throws Exception {
        MemoryEventSource source = sourceWith(250, 1);

        drainIntoNewBackend(this, source, 100);

        assertEquals(250, source.acknowledged());
        for (long seq : new long[] {1, 100, 101, 137, 250}) {
            VerificationReport r = verify(dir, seq);
            assertTrue(r.ok(), r.toText());
            assertEquals(3, r.batches());
            assertTrue(r.proof().verified(), "seq " + seq);
            assertEquals(seq, r.proof().seq());
        }
        assertTrue(verify(dir, 0).toJson().startsWith("{\"ok\":true"));
    }

    @Test
    void the_json_report_parses_and_carries_the_report_and_the_proof() throws Exception {
        drainIntoNewBackend(this, sourceWith(120, 1), 50);
        VerificationReport r = verify(dir, 77);

        JsonNode json = new ObjectMapper().readTree(r.toJson());

        assertEquals(r.ok(), json.get("ok").asBoolean());
        assertEquals(r.source(), json.get("source").asText());
        assertEquals(r.batches(), json.get("batches").asLong());
        assertEquals(r.events(), json.get("events").asLong());
        assertEquals(r.headHex(), json.get("head").asText());
        assertEquals(r.findings().size(), json.get("findings").size());
        JsonNode proof = json.get("proof");
        assertEquals(77, proof.get("seq").asLong());
        assertEquals(r.proof().batchIndex(), proof.get("batch").asLong());
        assertEquals(r.proof().leafHex(), proof.get("leaf").asText());
        assertEquals(r.proof().rootHex(), proof.get("root").asText());
        assertEquals(r.proof().proofHex().size(), proof.get("proof").size());
        for (int i = 0; i < r.proof().proofHex().size(); i++) {
            assertEquals(r.proof().proofHex().get(i), proof.get("proof").get(i).asText());
        }
        assertTrue(proof.get("verified").asBoolean());
    }

    @Test
    void anchoring_the_same_batch_twice_is_harmless() throws Exception {
        Batch batch = Batch.of(SampleEvents.events(10, 2), 0);
        try (LedgerBackend b = open(dir)) {
            assertEquals(LedgerBackend.Outcome.ANCHORED, b.anchor(batch));

            assertEquals(LedgerBackend.Outcome.ALREADY_ANCHORED, b.anchor(batch));
            b.sync();

            assertEquals(11, b.nextSeq());
            assertEquals(10, b.durableSeq());
        }
        assertTrue(verify(dir, 0).ok());
    }

    @Test
    void a_gap_and_a_different_batch_for_anchored_seqs_are_refused() throws Exception {
        List<LedgerEvent> events = SampleEvents.events(20, 3);
        try (LedgerBackend b = open(dir)) {
            b.anchor(Batch.of(events.subList(0, 10), 0));

            LedgerException gap = assertThrows(LedgerException.class, () -> b.anchor(Batch.of(events.subList(11, 20), 0)));
            LedgerException conflict = assertThrows(LedgerException.class,
                    () -> b.anchor(Batch.of(SampleEvents.events(10, 99), 0)));

            assertEquals(LedgerException.Reason.GAP, gap.reason());
            assertEquals(LedgerException.Reason.CONFLICT, conflict.reason());
            assertEquals(11, b.nextSeq());
        }
    }

    @Test
    void a_reopened_ledger_resumes_where_it_ended_and_anchors_nothing_twice() throws Exception {
        MemoryEventSource source = sourceWith(100, 4);
        drainIntoNewBackend(this, source, 30);
        for (LedgerEvent e : SampleEvents.events(50, 5)) {
            source.append(e.timeMillis(), e.body());
        }

        drainIntoNewBackend(this, source, 30);

        VerificationReport r = verify(dir, 150);
        assertTrue(r.ok(), r.toText());
        assertEquals(150, r.events());
        assertEquals(4 + 2, r.batches());
        assertEquals(150, source.acknowledged());
    }

    @Test
    void a_torn_write_keeps_every_complete_record_reports_the_cut_and_loses_no_event() throws Exception {
        MemoryEventSource source = sourceWith(95, 6);
        drainIntoNewBackend(this, source, 20);
        long lastRecordOffset = Tamper.tearLastRecord(eventFile(dir), 37);

        try (LedgerBackend b = open(dir)) {
            Journal journal = b instanceof Journal j ? j : ((io.dynakey.ledger.ethereum.EthereumLedger) b).archive();
            assertTrue(journal.recovery().cut());
            assertEquals(lastRecordOffset, journal.recovery().cutOffset());
            assertEquals(37, journal.recovery().cutBytes());
            assertEquals(4, journal.recovery().records());
            assertEquals(81, b.nextSeq());
            new Bridge(source, b, 20, 60_000, System::currentTimeMillis).drainAll();
        }

        VerificationReport r = verify(dir, 95);
        assertTrue(r.ok(), r.toText());
        assertEquals(95, r.events());
        assertEquals(5, r.batches());
    }

    @Test
    void a_killed_bridge_process_loses_and_duplicates_nothing() throws Exception {
        long total = 3_000;
        String[] args = processArgs(dir, total, 7, 10).toArray(new String[0]);
        try (ChildJvm bridge = ChildJvm.start(BridgeProcessMain.class, List.of(), null, args)) {
            String line;
            long durable = 0;
            while (durable < 500 && (line = bridge.readLine()) != null) {
                if (line.startsWith("durable ")) {
                    durable = Long.parseLong(line.substring(8));
                }
            }
            bridge.kill();
            assertTrue(durable >= 500 && durable < total, "killed mid-run at " + durable);
        }

        try (ChildJvm again = ChildJvm.start(BridgeProcessMain.class, List.of(), null, args)) {
            String log = again.remainingOutput();
            assertEquals(0, again.waitFor(Duration.ofSeconds(60)), log);
        }

        VerificationReport r = verify(dir, total);
        assertTrue(r.ok(), r.toText());
        assertEquals(total, r.events());
        List<byte[]> expected = new ArrayList<>();
        for (long s = 1; s <= total; s++) {
            expected.add(GeneratedEventSource.event(7, s).encode());
        }
        List<byte[]> stored = EventFiles.events(eventFile(dir));
        assertEquals(expected.size(), stored.size());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(java.util.Arrays.equals(expected.get(i), stored.get(i)), "seq " + (i + 1));
        }
    }

    @Test
    void a_modified_event_is_named_by_its_seq() throws Exception {
        drainIntoNewBackend(this, sourceWith(60, 8), 20);

        Tamper.flipEventByte(eventFile(dir), 1, 5);

        VerificationReport r = verify(dir, 0);
        assertFalse(r.ok());
        assertTrue(has(r, Kind.EVENT_MODIFIED, 26), r.toText());
    }

    @Test
    void a_removed_event_is_named_by_its_seq() throws Exception {
        drainIntoNewBackend(this, sourceWith(60, 9), 20);

        Tamper.rewrite(eventFile(dir), 2, (leaves, events) -> {
            leaves.remove(3);
            events.remove(3);
        }, false);

        VerificationReport r = verify(dir, 0);
        assertFalse(r.ok());
        assertTrue(has(r, Kind.EVENT_REMOVED, 44), r.toText());
    }

    @Test
    void reordered_events_are_named() throws Exception {
        drainIntoNewBackend(this, sourceWith(60, 10), 20);

        Tamper.rewrite(eventFile(dir), 2, (leaves, events) -> {
            leaves.add(6, leaves.remove(5));
            events.add(6, events.remove(5));
        }, false);

        VerificationReport r = verify(dir, 0);
        assertFalse(r.ok());
        assertTrue(has(r, Kind.EVENTS_REORDERED, 46), r.toText());
    }

    @Test
    void an_inserted_event_is_named() throws Exception {
        drainIntoNewBackend(this, sourceWith(60, 11), 20);
        LedgerEvent forged = new LedgerEvent(50, 0, new Revoked("dev-innocent", 1, RotationReason.COMPROMISE));

        Tamper.rewrite(eventFile(dir), 2, (leaves, events) -> {
            byte[] e = EventCodec.encode(forged);
            events.add(10, e);
            leaves.add(10, io.dynakey.ledger.merkle.MerkleTree.leaf(new io.dynakey.ledger.merkle.Keccak(), e));
        }, false);

        VerificationReport r = verify(dir, 0);
        assertFalse(r.ok());
        assertTrue(has(r, Kind.EVENT_INSERTED, 50), r.toText());
    }

    @Test
    void no_encoded_event_of_a_rotation_run_holds_key_bytes() throws Exception {
        // given a full rotation run with real random keys: enrol, five rotations, group rekeys, a revocation
        SecureRandom rnd = new SecureRandom();
        List<byte[]> keys = new ArrayList<>();
        MemoryEventSource source = new MemoryEventSource();
        for (int d = 0; d < 20; d++) {
            String dev = "dev-" + d;
            for (int epoch = 0; epoch <= 5; epoch++) {
                byte[] psk = new byte[16 + 16 * (d % 2)];
                rnd.nextBytes(psk);
                keys.add(psk);
                KeyCommitment c = SampleEvents.commitment(dev, epoch, psk);
                source.append(epoch, epoch == 0 ? new Enrolled(dev, 0, c)
                        : new Rotated(dev, epoch, RotationReason.RISK, 700 + epoch, 3, c));
            }
        }
        for (int v = 1; v <= 3; v++) {
            byte[] groupKey = new byte[32];
            rnd.nextBytes(groupKey);
            keys.add(groupKey);
            source.append(v, new GroupRekeyed("group-a", v, RotationReason.MEMBER_LEFT, 19, KeyCommitment.of(KeyCommitment.Kind.GROUP_KEY, new byte[KeyCommitment.SALT_LENGTH], "group-a", v, groupKey)));
        }
        source.append(9, new Revoked("dev-3", 5, RotationReason.COMPROMISE));

        // when it is anchored
        drainIntoNewBackend(this, source, 16);

        // then neither any encoded event nor the whole file holds any 8-byte window of any key
        List<byte[]> encoded = EventFiles.events(eventFile(dir));
        assertEquals(source.size(), encoded.size());
        byte[] file = Files.readAllBytes(eventFile(dir));
        for (byte[] key : keys) {
            for (int i = 0; i + 8 <= key.length; i++) {
                byte[] window = java.util.Arrays.copyOfRange(key, i, i + 8);
                assertFalse(contains(file, window), "key bytes found in the ledger file");
                for (byte[] e : encoded) {
                    assertFalse(contains(e, window), "key bytes found in an event");
                }
            }
        }
        assertTrue(verify(dir, 0).ok());
    }

    static boolean has(VerificationReport r, Kind kind, long seq) {
        for (Finding f : r.findings()) {
            if (f.kind() == kind && f.seq() == seq) {
                return true;
            }
        }
        return false;
    }

    static void assertFirstProblem(VerificationReport r, Kind kind) {
        assertNotNull(r.firstProblem(), r.toText());
        assertEquals(kind, r.firstProblem().kind(), r.toText());
    }
}
