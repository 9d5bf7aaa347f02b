package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.ledger.Bridge;
import io.dynakey.ledger.ethereum.AnvilNode;
import io.dynakey.ledger.ethereum.EthereumLedger;
import io.dynakey.ledger.event.KeyCommitment;
import io.dynakey.ledger.event.MemoryEventSource;
import io.dynakey.ledger.event.Rotated;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;

class LedgerVerifyCommandTest {

    @TempDir
    Path dir;

    /** Device i's rotation to epoch i (the events every test here journals). */
    private static Rotated rotated(int i) {
        return new Rotated("dev-" + i, i, RotationReason.KEY_AGE, 10, 1, KeyCommitment.of(KeyCommitment.Kind.DEVICE_KEY,
                new byte[KeyCommitment.SALT_LENGTH], "dev-" + i, i, new byte[] {1, (byte) i}));
    }

    @Test
    void an_intact_journal_verifies_and_a_changed_event_fails_with_its_seq_in_the_json() throws Exception {
        Path file = dir.resolve("ledger.journal");
        MemoryEventSource source = new MemoryEventSource();
        for (int i = 1; i <= 30; i++) {
            source.append(i, rotated(i));
        }
        try (Journal j = Journal.open(file, FsyncPolicy.GROUP_COMMIT)) {
            new Bridge(source, j, 10, 60_000, System::currentTimeMillis).drainAll();
        }

        Result ok = run("ledger", "verify", "--journal", file.toString(), "--event", "17");
        assertEquals(0, ok.code, ok.out);
        assertTrue(ok.out.contains("event 17 in batch 1: INCLUDED"), ok.out);

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 40] ^= 1; // inside the last event of the last batch (seq 30)
        Files.write(file, bytes);
        Result bad = run("ledger", "verify", "--journal", file.toString(), "--json");
        assertEquals(1, bad.code, bad.out);
        JsonNode json = new ObjectMapper().readTree(bad.out);
        assertFalse(json.get("ok").asBoolean(), bad.out);
        JsonNode modified = null;
        for (JsonNode f : json.get("findings")) {
            if (f.get("kind").asText().equals("EVENT_MODIFIED")) {
                modified = f;
            }
        }
        assertNotNull(modified, bad.out);
        assertEquals(2, modified.get("batch").asLong(), bad.out);
        assertEquals(30, modified.get("seq").asLong(), bad.out);
        assertFalse(modified.get("benign").asBoolean(), bad.out);
    }

    @Test
    void a_chain_that_rolled_back_exits_with_3_and_says_so_in_the_json() throws Exception {
        assumeTrue(AnvilNode.findBinary().isPresent(),
                "SKIPPED: anvil is not installed (run `npm install` in the project root)");
        Path file = dir.resolve("archive.journal");
        try (var node = AnvilNode.start()) {
            var web3j = node.client();
            var gateway = Credentials.create(AnvilNode.GATEWAY_DEV_KEY);
            String contract = EthereumLedger.deploy(web3j, gateway);
            MemoryEventSource source = new MemoryEventSource();
            for (int i = 1; i <= 20; i++) {
                source.append(i, rotated(i));
            }
            try (var ledger = EthereumLedger.open(file, FsyncPolicy.GROUP_COMMIT, web3j,
                    gateway, contract, 1)) {
                Bridge bridge = new Bridge(source, ledger, 10, 60_000, System::currentTimeMillis);
                // given a chain that held both batches and then lost the second one (evm_revert)
                source.acknowledge(0);
                bridge.drainOnce(true);
                String snapshot = node.snapshot();
                for (int i = 21; i <= 30; i++) {
                    source.append(i, rotated(i));
                }
                bridge.drainOnce(true);
                assertTrue(node.revert(snapshot));
            } finally {
                web3j.shutdown();
            }

            Result r = run("ledger", "verify", "--rpc", node.url(), "--contract", contract, "--journal", file.toString(),
                    "--json");

            assertEquals(3, r.code, r.out);
            JsonNode json = new ObjectMapper().readTree(r.out);
            assertEquals("ROLLED_BACK", json.get("status").asText(), r.out);
            assertEquals(1, json.get("rolledBack").asLong(), r.out);
            assertEquals(0, json.get("tampered").asLong(), r.out);
            assertFalse(json.get("ok").asBoolean(), r.out);
        }
    }

    @Test
    void a_second_verify_continues_from_the_default_checkpoint_and_full_ignores_it() throws Exception {
        Path file = dir.resolve("ledger.journal");
        MemoryEventSource source = new MemoryEventSource();
        for (int i = 1; i <= 30; i++) {
            source.append(i, rotated(i));
        }
        try (Journal j = Journal.open(file, FsyncPolicy.GROUP_COMMIT)) {
            new Bridge(source, j, 10, 60_000, System::currentTimeMillis).drainAll();
        }

        Result first = run("ledger", "verify", "--journal", file.toString(), "--json");
        Result second = run("ledger", "verify", "--journal", file.toString(), "--json");
        Result full = run("ledger", "verify", "--journal", file.toString(), "--json", "--full");
        Result none = run("ledger", "verify", "--journal", file.toString(), "--json", "--no-checkpoint");

        ObjectMapper m = new ObjectMapper();
        assertEquals(0, first.code, first.out);
        assertEquals(-1, m.readTree(first.out).get("resumedAtBatch").asLong(), first.out);
        assertTrue(Files.exists(dir.resolve("ledger.journal.checkpoint")));
        assertEquals(0, second.code, second.out);
        assertEquals(3, m.readTree(second.out).get("resumedAtBatch").asLong(), second.out);
        assertEquals(-1, m.readTree(full.out).get("resumedAtBatch").asLong(), full.out);
        assertEquals(-1, m.readTree(none.out).get("resumedAtBatch").asLong(), none.out);
    }

    @Test
    void a_cut_tail_fails_verification_without_a_pinned_head() throws Exception {
        Path file = dir.resolve("ledger.journal");
        MemoryEventSource source = new MemoryEventSource();
        for (int i = 1; i <= 30; i++) {
            source.append(i, rotated(i));
        }
        try (Journal j = Journal.open(file, FsyncPolicy.GROUP_COMMIT)) {
            new Bridge(source, j, 10, 60_000, System::currentTimeMillis).drainAll();
        }
        byte[] bytes = Files.readAllBytes(file);
        long last = io.dynakey.ledger.journal.JournalScan.of(bytes).records().get(2).offset();
        Files.write(file, java.util.Arrays.copyOf(bytes, (int) last));

        Result r = run("ledger", "verify", "--journal", file.toString(), "--json");

        assertEquals(1, r.code, r.out);
        JsonNode json = new ObjectMapper().readTree(r.out);
        assertEquals("TAIL_TRUNCATED", json.get("findings").get(0).get("kind").asText(), r.out);
        assertEquals(2, json.get("batches").asLong(), r.out);
    }

    @Test
    void a_missing_file_or_missing_options_exit_with_2() {
        assertEquals(2, run("ledger", "verify").code);
        assertEquals(2, run("ledger", "verify", "--journal", dir.resolve("nope").toString()).code);
    }

    private record Result(int code, String out) {
    }

    private static Result run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.commandLine().execute(args);
            return new Result(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }
}
