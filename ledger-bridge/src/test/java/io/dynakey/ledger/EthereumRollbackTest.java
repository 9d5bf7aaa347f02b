package io.dynakey.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynakey.ledger.ethereum.Anchor;
import io.dynakey.ledger.ethereum.AnvilNode;
import io.dynakey.ledger.ethereum.EthereumLedger;
import io.dynakey.ledger.ethereum.LedgerContract;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.MemoryEventSource;
import io.dynakey.ledger.event.Revoked;
import io.dynakey.ledger.event.SampleEvents;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import io.dynakey.ledger.verify.VerificationReport.Status;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * The Ethereum backend under real rollbacks of a real anvil node, at random points of a run:
 * {@code evm_revert} to an earlier snapshot, {@code anvil_reorg} of the last blocks, and a node
 * killed and restored from a state file saved earlier. After every rollback the verifier must say
 * "rolled back", never "tampered"; after the next round everything is on chain again; at the end
 * every event is anchored exactly once, in order, byte for byte, and the revocation registry
 * holds every revocation. 50 rollbacks in all, each one of which took anchors off the chain.
 */
class EthereumRollbackTest {

    static final Credentials GATEWAY = Credentials.create(AnvilNode.GATEWAY_DEV_KEY);
    static final int BATCH = 10;

    @TempDir
    Path dir;
    AnvilNode node;
    Web3j web3j;
    String address;

    @BeforeEach
    void startNode() throws Exception {
        Assumptions.assumeTrue(AnvilNode.findBinary().isPresent(),
                "SKIPPED: anvil is not installed (run `npm install` in the project root); rollback tests skipped");
        node = AnvilNode.start("--state", dir.resolve("anvil-state.json").toString());
        web3j = AnvilNode.client(node.url(), 3_000);
        address = EthereumLedger.deploy(web3j, GATEWAY);
    }

    @AfterEach
    void stopNode() {
        if (web3j != null) {
            web3j.shutdown();
        }
        if (node != null) {
            node.close();
        }
    }

    /** Takes anchors off the chain between two rounds of the bridge. */
    interface Rollback {
        /** Called before every round (to take a snapshot, save a state). */
        void beforeRound(int round) throws Exception;

        /** Rolls the chain back by a random amount. */
        void rollBack(Random rnd) throws Exception;
    }

    @Test
    void twenty_random_evm_reverts_lose_and_duplicate_nothing() throws Exception {
        Deque<String> snapshots = new ArrayDeque<>();
        run(20, 101, new Rollback() {
            @Override
            public void beforeRound(int round) throws Exception {
                snapshots.push(node.snapshot());
            }

            @Override
            public void rollBack(Random rnd) throws Exception {
                // back by 1 or 2 rounds; a revert uses up its snapshot and every later one
                int back = 1 + rnd.nextInt(Math.min(2, snapshots.size()));
                String id = null;
                for (int i = 0; i < back; i++) {
                    id = snapshots.pop();
                }
                assertTrue(node.revert(id), "snapshot " + id);
            }
        });
    }

    @Test
    void twenty_random_reorgs_lose_and_duplicate_nothing() throws Exception {
        run(20, 202, new Rollback() {
            @Override
            public void beforeRound(int round) {
            }

            @Override
            public void rollBack(Random rnd) throws Exception {
                // deep enough to take the last anchor, and up to 3 blocks deeper
                List<Anchor> anchors = reader().anchors(0);
                long head = web3j.ethBlockNumber().send().getBlockNumber().longValue();
                long depth = head - anchors.get(anchors.size() - 1).blockNumber() + 1 + rnd.nextInt(3);
                node.reorg((int) Math.min(depth, head - 1));
            }
        });
    }

    @Test
    void ten_restarts_from_a_lagging_state_file_lose_and_duplicate_nothing() throws Exception {
        Deque<Path> saved = new ArrayDeque<>();
        run(10, 303, new Rollback() {
            @Override
            public void beforeRound(int round) throws Exception {
                Path file = dir.resolve("saved-" + round + ".json");
                node.dumpState(file); // between rounds nothing is mined: a consistent state
                saved.push(file);
                if (saved.size() > 3) {
                    saved.removeLast();
                }
            }

            @Override
            public void rollBack(Random rnd) throws Exception {
                Path lagging = null;
                for (int back = 1 + rnd.nextInt(saved.size()); back > 0; back--) {
                    lagging = saved.pop();
                }
                node = node.restartFrom(lagging);
                saved.clear(); // later saves describe a chain that no longer exists
            }
        });
    }

    @Test
    void an_anchor_is_final_only_at_the_confirmation_depth_and_a_reorg_before_that_costs_no_event() throws Exception {
        // given a bridge whose operator set a confirmation depth of 3, and 20 events (no revocations)
        MemoryEventSource source = new MemoryEventSource();
        for (int i = 0; i < 20; i++) {
            source.append(i, new io.dynakey.ledger.event.Enrolled("dev-" + i, 0,
                    SampleEvents.commitment("dev-" + i, 0, new byte[] {(byte) i, 1, 2, 3})));
        }
        try (EthereumLedger ledger = EthereumLedger.open(dir.resolve("ledger.journal"), FsyncPolicy.GROUP_COMMIT,
                web3j, GATEWAY, address, 3)) {
            Bridge bridge = new Bridge(source, ledger, BATCH, 60_000, System::currentTimeMillis);

            // when both batches are anchored (one block each), nothing is final yet
            bridge.drainOnce(true);
            assertEquals(21, reader().nextSeq());
            assertEquals(0, ledger.durableSeq());
            assertEquals(0, source.acknowledged());

            // when a reorg replaces the second batch's block (same height) before it was final,
            // it is anchored again, one block higher: the first batch is now three deep, the second one
            node.reorg(1);
            assertEquals(11, reader().nextSeq());
            bridge.drainOnce(true);
            assertEquals(1, ledger.rollbacks(), ledger.lastRollback());
            assertEquals(21, reader().nextSeq());
            assertEquals(10, source.acknowledged());

            // then the second counts once its block is three deep too
            node.mine(1);
            bridge.drainOnce(true);
            assertEquals(10, source.acknowledged());
            node.mine(1);
            bridge.drainOnce(true);
            assertEquals(20, source.acknowledged());
            assertEquals(20, ledger.durableSeq());
        }
        assertExactlyOnce(source, 1);
    }

    @Test
    void a_rolled_back_archive_that_was_also_tampered_with_is_reported_tampered_with_both_counts() throws Exception {
        MemoryEventSource source = new MemoryEventSource();
        SampleEvents.events(60, 404).forEach(e -> source.append(e.timeMillis(), e.body()));
        try (EthereumLedger ledger = EthereumLedger.open(dir.resolve("ledger.journal"), FsyncPolicy.GROUP_COMMIT,
                web3j, GATEWAY, address, 1)) {
            Bridge bridge = new Bridge(new io.dynakey.ledger.event.EventSource() {
                long limit = 40;

                @Override
                public List<LedgerEvent> readAfter(long afterSeq, int max) {
                    return source.readAfter(afterSeq, (int) Math.max(0, Math.min(max, limit - afterSeq)));
                }

                @Override
                public void acknowledge(long throughSeq) {
                    source.acknowledge(throughSeq);
                    limit = 60;
                }
            }, ledger, 20, 60_000, System::currentTimeMillis);
            bridge.drainOnce(true);
            String snapshot = node.snapshot();
            bridge.drainOnce(true);
            assertEquals(61, reader().nextSeq());

            // when the chain rolls back the last batch, that alone is "rolled back"
            assertTrue(node.revert(snapshot));
            VerificationReport rolledBack = verify();
            assertEquals(Status.ROLLED_BACK, rolledBack.status(), rolledBack::toText);
            assertEquals(1, rolledBack.pendingBatches());
            assertTrue(rolledBack.toText().startsWith("ROLLED BACK, re-anchoring pending"), rolledBack.toText());

            // and when an anchored event is changed besides, it is tampering, and the JSON counts both
            Tamper.flipEventByte(dir.resolve("ledger.journal"), 0, 3);
            VerificationReport r = verify();
            assertEquals(Status.TAMPERED, r.status(), r::toText);
            assertTrue(LedgerBackendSuite.has(r, Finding.Kind.EVENT_MODIFIED, 4), r.toText());
            JsonNode json = new ObjectMapper().readTree(r.toJson());
            assertEquals("TAMPERED", json.get("status").asText());
            assertTrue(json.get("tampered").asLong() >= 1, r.toJson());
            assertEquals(1, json.get("rolledBack").asLong(), r.toJson());
        }
    }

    /**
     * Drives a bridge over random chunks of events, one round at a time, and rolls the chain back
     * at random rounds until {@code rollbacks} rollbacks took anchors off the chain.
     */
    private void run(int rollbacks, long seed, Rollback rollback) throws Exception {
        Random rnd = new Random(seed);
        List<LedgerEvent> events = SampleEvents.events(2_000, seed);
        MemoryEventSource source = new MemoryEventSource();
        int fed = 0;
        int effective = 0;
        int round = 0;
        try (EthereumLedger ledger = EthereumLedger.open(dir.resolve("ledger.journal"), FsyncPolicy.GROUP_COMMIT,
                web3j, GATEWAY, address, 1)) {
            Bridge bridge = new Bridge(source, ledger, BATCH, 60_000, System::currentTimeMillis);
            while (effective < rollbacks) {
                assertTrue(round < 5 * rollbacks, "only " + effective + " rollbacks took anchors off in " + round + " rounds");
                rollback.beforeRound(round);
                int chunk = 5 + rnd.nextInt(21);
                for (int i = 0; i < chunk && fed < events.size(); i++, fed++) {
                    source.append(events.get(fed).timeMillis(), events.get(fed).body());
                }
                drainRetrying(bridge);
                assertEquals(Status.INTACT, verify().status(), () -> verifyText());
                round++;
                if (rnd.nextInt(2) == 0 && round > 2) {
                    long before = reader().nextSeq();
                    rollback.rollBack(rnd);
                    long after = reader().nextSeq();
                    if (after < before) {
                        effective++;
                        // when the chain lost anchors, the verifier says so, and not "tampered"
                        VerificationReport r = verify();
                        assertEquals(Status.ROLLED_BACK, r.status(), r::toText);
                        assertEquals(0, r.tamperedFindings(), r::toText);
                        assertTrue(r.pendingBatches() >= 1, r::toText);
                        JsonNode json = new ObjectMapper().readTree(r.toJson());
                        assertEquals("ROLLED_BACK", json.get("status").asText());
                        assertEquals(0, json.get("tampered").asLong());
                        assertEquals(r.pendingBatches(), json.get("rolledBack").asLong());
                        assertFalse(json.get("ok").asBoolean());
                    }
                }
            }
            // then one more round puts everything back
            drainRetrying(bridge);
            // (a rollback that took only a revocation off counts for the bridge, not here)
            assertTrue(ledger.rollbacks() >= effective, ledger.rollbacks() + " rollbacks noticed by the bridge");
            assertTrue(ledger.reanchoredBatches() >= effective, "re-anchored " + ledger.reanchoredBatches());
        }
        assertExactlyOnce(source, effective);
    }

    /** One round; a node that is still starting or a nonce that was stale is retried. */
    private static void drainRetrying(Bridge bridge) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                bridge.drainOnce(true);
                return;
            } catch (LedgerException e) {
                assertTrue(e.retryable() && attempt < 20, e.getMessage());
                Thread.sleep(20);
            }
        }
    }

    private void assertExactlyOnce(MemoryEventSource source, int rollbacks) throws Exception {
        long n = source.size();
        LedgerContract reader = reader();
        List<Anchor> anchors = reader.anchors(0);
        long expect = 1;
        for (int i = 0; i < anchors.size(); i++) {
            Anchor a = anchors.get(i);
            assertEquals(i, a.batchIndex());
            assertEquals(expect, a.firstSeq(), "anchor " + i + " after " + rollbacks + " rollbacks");
            expect = a.lastSeq() + 1;
        }
        assertEquals(n + 1, expect, "every event anchored once");
        assertEquals(n + 1, reader.nextSeq());
        assertEquals(anchors.size(), reader.batchCount());
        assertEquals(n, source.acknowledged());
        VerificationReport r = verify();
        assertEquals(Status.INTACT, r.status(), r::toText);
        assertEquals(n, r.events());
        List<byte[]> stored = EventFiles.events(dir.resolve("ledger.journal"));
        List<LedgerEvent> sent = source.readAfter(0, Integer.MAX_VALUE);
        assertEquals(sent.size(), stored.size());
        Map<String, Long> revoked = new LinkedHashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i).encode(), stored.get(i), "seq " + (i + 1));
            if (sent.get(i).body() instanceof Revoked rv) {
                revoked.put(rv.deviceId(), rv.epoch());
            }
        }
        // revocations rolled back with their blocks are mirrored again
        for (Map.Entry<String, Long> e : revoked.entrySet()) {
            assertEquals(e.getValue(), reader.revokedEpoch(e.getKey()), e.getKey());
        }
    }

    private LedgerContract reader() {
        return LedgerContract.readOnly(web3j, address);
    }

    private VerificationReport verify() throws Exception {
        return LedgerVerifier.verifyChain(reader(), node.url(), dir.resolve("ledger.journal"), 0);
    }

    private String verifyText() {
        try {
            return verify().toText();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
