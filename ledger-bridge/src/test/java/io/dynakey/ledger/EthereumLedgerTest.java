package io.dynakey.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.ledger.ethereum.AnvilNode;
import io.dynakey.ledger.ethereum.ChainException;
import io.dynakey.ledger.ethereum.EthereumLedger;
import io.dynakey.ledger.ethereum.LedgerContract;
import io.dynakey.ledger.ethereum.TxSender;
import io.dynakey.ledger.event.MemoryEventSource;
import io.dynakey.ledger.event.SampleEvents;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.merkle.Batch;
import io.dynakey.ledger.merkle.Keccak;
import io.dynakey.ledger.merkle.MerkleTree;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/** The backend suite against a real anvil node, plus what only the chain has. */
class EthereumLedgerTest extends LedgerBackendSuite {

    static AnvilNode anvil;
    static Web3j web3j;
    static final Credentials GATEWAY = Credentials.create(AnvilNode.GATEWAY_DEV_KEY);
    String contract;

    @BeforeAll
    static void startAnvil() throws Exception {
        Assumptions.assumeTrue(AnvilNode.findBinary().isPresent(),
                "SKIPPED: anvil is not installed (run `npm install` in the project root); Ethereum ledger tests skipped");
        anvil = AnvilNode.start();
        web3j = AnvilNode.client(anvil.url(), 2_000);
    }

    @AfterAll
    static void stopAnvil() {
        if (web3j != null) {
            web3j.shutdown();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @BeforeEach
    void deployContract() throws Exception {
        contract = EthereumLedger.deploy(web3j, GATEWAY);
    }

    @Override
    protected LedgerBackend open(Path dir) throws Exception {
        return EthereumLedger.open(eventFile(dir), FsyncPolicy.GROUP_COMMIT, web3j, GATEWAY, contract, 1);
    }

    @Override
    protected VerificationReport verify(Path dir, long seq) throws Exception {
        return LedgerVerifier.verifyChain(LedgerContract.readOnly(web3j, contract), anvil.url(), eventFile(dir), seq);
    }

    @Override
    protected List<String> processArgs(Path dir, long total, long seed, int batch) {
        return List.of("ethereum", eventFile(dir).toString(), Long.toString(total), Long.toString(seed),
                Integer.toString(batch), anvil.url(), contract);
    }

    @Test
    void an_archive_rewritten_to_hide_a_change_is_caught_by_the_anchored_root() throws Exception {
        drainIntoNewBackend(this, sourceOf(60, 20), 20);

        // the attacker rewrites batch 1 completely: new event, new leaves, new root, new record hash
        Tamper.rewrite(eventFile(dir), 1, (leaves, events) -> events.set(4,
                io.dynakey.ledger.event.EventCodec.encode(new io.dynakey.ledger.event.LedgerEvent(25, 0,
                        new io.dynakey.ledger.event.Revoked("dev-x", 0, 0)))), true);

        VerificationReport r = verify(dir, 0);
        assertFalse(r.ok());
        assertTrue(r.findings().stream().anyMatch(f -> f.kind() == Finding.Kind.ROOT_MISMATCH && f.batchIndex() == 1),
                r.toText());
        assertFalse(verify(dir, 25).proof().verified());
    }

    @Test
    void stopping_the_node_mid_run_loses_and_duplicates_nothing() throws Exception {
        MemoryEventSource source = sourceOf(2_000, 21);
        AtomicBoolean paused = new AtomicBoolean();
        int[] failures = {0};
        try (LedgerBackend b = open(dir)) {
            Bridge bridge = new Bridge(source, b, 20, 60_000, System::currentTimeMillis);
            // when the node is frozen after a few batches and thawed a little later
            Thread thaw = null;
            while (b.durableSeq() < 2_000) {
                if (b.durableSeq() >= 400 && !paused.getAndSet(true)) {
                    anvil.pause();
                    thaw = new Thread(() -> {
                        try {
                            Thread.sleep(2_500);
                            anvil.resume();
                        } catch (Exception ignored) {
                            // the test fails on its own if the node stays frozen
                        }
                    });
                    thaw.start();
                }
                try {
                    bridge.drainOnce(true);
                } catch (LedgerException e) {
                    assertTrue(e.retryable(), e.getMessage());
                    failures[0]++;
                }
            }
            thaw.join();
        } finally {
            anvil.resume();
        }

        // then the anchors still cover every event exactly once
        assertTrue(failures[0] > 0, "the node was really unavailable");
        VerificationReport r = verify(dir, 2_000);
        assertTrue(r.ok(), r.toText());
        assertEquals(2_000, r.events());
        assertEquals(2_001, LedgerContract.readOnly(web3j, contract).nextSeq());
        assertEquals(2_000, source.acknowledged());
    }

    @Test
    void a_node_stopped_and_restarted_mid_run_loses_and_duplicates_nothing() throws Exception {
        // given its own node that keeps its chain in a state file across a restart
        AnvilNode node = AnvilNode.start("--state", dir.resolve("anvil-state.json").toString());
        AnvilNode[] current = {node};
        Web3j client = AnvilNode.client(node.url(), 2_000);
        try {
            String address = EthereumLedger.deploy(client, GATEWAY);
            MemoryEventSource source = sourceOf(1_500, 26);
            int failures = 0;
            Thread restarter = null;
            try (LedgerBackend b = EthereumLedger.open(eventFile(dir), FsyncPolicy.GROUP_COMMIT, client, GATEWAY, address, 1)) {
                Bridge bridge = new Bridge(source, b, 20, 60_000, System::currentTimeMillis);
                while (b.durableSeq() < 1_500) {
                    if (b.durableSeq() >= 300 && restarter == null) {
                        // when the node is stopped mid-run and started again a moment later
                        restarter = new Thread(() -> {
                            try {
                                current[0] = current[0].restart();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        restarter.start();
                    }
                    try {
                        bridge.drainOnce(true);
                    } catch (LedgerException e) {
                        assertTrue(e.retryable(), e.getMessage());
                        failures++;
                        Thread.sleep(50);
                    }
                }
                restarter.join();
            }

            // then every event is anchored exactly once
            assertTrue(failures > 0, "the node was really down");
            VerificationReport r = LedgerVerifier.verifyChain(LedgerContract.readOnly(client, address), node.url(),
                    eventFile(dir), 1_500);
            assertTrue(r.ok(), r.toText());
            assertEquals(1_501, LedgerContract.readOnly(client, address).nextSeq());
            assertEquals(1_500, source.acknowledged());
        } finally {
            client.shutdown();
            current[0].close();
        }
    }

    /**
     * The restart test twenty times in a row, on demand (it takes minutes):
     * {@code -Ddynakey.ledger.soak=true -Dtest=EthereumLedgerTest#a_node_restarted_twenty_times_in_a_row}.
     */
    @RepeatedTest(20)
    @EnabledIfSystemProperty(named = "dynakey.ledger.soak", matches = "true")
    void a_node_restarted_twenty_times_in_a_row() throws Exception {
        a_node_stopped_and_restarted_mid_run_loses_and_duplicates_nothing();
    }

    @Test
    void a_retry_after_a_lost_answer_does_not_anchor_twice() throws Exception {
        Batch batch = Batch.of(SampleEvents.events(5, 22), 0);
        LedgerContract c = gatewayContract();
        c.anchor(1, 5, batch.root());

        // a second bridge that never saw the answer sends the same batch again
        try (LedgerBackend b = open(dir)) {
            assertEquals(LedgerBackend.Outcome.ANCHORED, b.anchor(batch)); // new in its archive
            b.sync();
            assertEquals(5, b.durableSeq());
        }

        assertEquals(1, c.batchCount());
        assertEquals(6, c.nextSeq());
    }

    @Test
    void only_the_gateway_may_anchor_or_revoke_and_anyone_may_read_revocations() throws Exception {
        LedgerContract other = new LedgerContract(web3j, contract,
                new TxSender(web3j, Credentials.create(AnvilNode.OTHER_DEV_KEY), AnvilNode.CHAIN_ID, 1, 5_000));
        ChainException refused = assertThrows(ChainException.class, () -> other.anchor(1, 1, new byte[32]));
        assertFalse(refused.unavailable());
        assertThrows(ChainException.class, () -> other.revoke("dev-7", 3));

        gatewayContract().revoke("dev-7", 3);

        LedgerContract reader = LedgerContract.readOnly(web3j, contract);
        assertEquals(3, reader.revokedEpoch("dev-7"));
        assertEquals(-1, reader.revokedEpoch("dev-8"));
        assertEquals(GATEWAY.getAddress(), reader.gateway().toLowerCase());
    }

    @Test
    void the_contract_accepts_our_proofs_as_openzeppelin_merkleproof_does() throws Exception {
        Keccak k = new Keccak();
        List<byte[]> leaves = new ArrayList<>();
        for (var e : SampleEvents.events(13, 23)) {
            leaves.add(MerkleTree.leaf(k, e.encode()));
        }
        MerkleTree tree = MerkleTree.of(leaves);
        LedgerContract reader = LedgerContract.readOnly(web3j, contract);

        for (int i = 0; i < leaves.size(); i++) {
            assertTrue(reader.verifyProof(tree.proof(i), tree.root(), leaves.get(i)), "leaf " + i);
        }
        assertFalse(reader.verifyProof(tree.proof(3), tree.root(), leaves.get(4)));
    }

    @Test
    void an_anchor_counts_only_once_it_is_under_the_confirmation_depth() throws Exception {
        LedgerContract c = new LedgerContract(web3j, contract, new TxSender(web3j, GATEWAY, AnvilNode.CHAIN_ID, 3, 10_000));
        Batch batch = Batch.of(SampleEvents.events(3, 24), 0);

        java.util.concurrent.CompletableFuture<org.web3j.protocol.core.methods.response.TransactionReceipt> sent =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return c.anchor(1, 3, batch.root());
                    } catch (ChainException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(500);
        assertFalse(sent.isDone(), "one block is not three confirmations");
        org.web3j.protocol.http.HttpService rpc = new org.web3j.protocol.http.HttpService(anvil.url());
        for (int i = 0; i < 2; i++) {
            new org.web3j.protocol.core.Request<>("evm_mine", List.<Object>of(), rpc,
                    org.web3j.protocol.core.methods.response.VoidResponse.class).send();
        }

        var receipt = sent.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(receipt.isStatusOK());
        assertTrue(web3j.ethBlockNumber().send().getBlockNumber().longValue() >= receipt.getBlockNumber().longValue() + 2);
    }

    @Test
    void revoked_events_reach_the_registry_once_their_batch_is_anchored() throws Exception {
        MemoryEventSource source = sourceOf(15, 25);
        source.append(1, new io.dynakey.ledger.event.Revoked("dev-9", 4, io.dynakey.device.wire.RotationReason.COMPROMISE));

        drainIntoNewBackend(this, source, 10);

        LedgerContract reader = LedgerContract.readOnly(web3j, contract);
        assertEquals(4, reader.revokedEpoch("dev-9"));
    }

    private LedgerContract gatewayContract() {
        return new LedgerContract(web3j, contract, new TxSender(web3j, GATEWAY, AnvilNode.CHAIN_ID, 1, 5_000));
    }

    private static MemoryEventSource sourceOf(int n, long seed) {
        MemoryEventSource source = new MemoryEventSource();
        SampleEvents.events(n, seed).forEach(e -> source.append(e.timeMillis(), e.body()));
        return source;
    }
}
