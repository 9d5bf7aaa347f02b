package io.dynakey.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.ledger.event.MemoryEventSource;
import io.dynakey.ledger.event.SampleEvents;
import io.dynakey.ledger.verify.LedgerVerifier;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeRunnerTest {

    @TempDir
    Path dir;

    @Test
    void events_appended_while_the_runner_runs_are_anchored_by_age_and_on_close() throws Exception {
        MemoryEventSource source = new MemoryEventSource();
        Path file = dir.resolve("ledger.journal");
        BridgeRunner runner = new BridgeRunner(source, LedgerConfig.journal(file).open(), 100, 50, 10,
                System::currentTimeMillis);

        SampleEvents.events(30, 1).forEach(e -> source.append(e.timeMillis(), e.body()));
        long deadline = System.currentTimeMillis() + 10_000;
        while (runner.durableSeq() < 30 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(30, runner.durableSeq(), "a young batch closes by age");
        SampleEvents.events(7, 2).forEach(e -> source.append(e.timeMillis(), e.body()));
        runner.close();

        assertNull(runner.failure());
        assertEquals(37, source.acknowledged());
        assertTrue(LedgerVerifier.verifyJournal(file, 37).ok());
    }

    @Test
    void the_config_never_prints_the_gateway_key() {
        String key = "0x" + "ab".repeat(32);

        String text = LedgerConfig.ethereum(dir.resolve("a"), "http://127.0.0.1:1", "0x01", key, 1).toString();

        assertTrue(!text.contains("abab"), text);
    }

    @Test
    void a_confirmation_depth_below_one_is_refused_with_a_message_that_names_it() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LedgerConfig.ethereum(dir.resolve("a"), "http://127.0.0.1:1", "0x01", "0x" + "ab".repeat(32), 0));

        assertTrue(e.getMessage().contains("confirmation depth must be >= 1"), e.getMessage());
        assertTrue(!e.getMessage().contains("abab"), e.getMessage());
    }
}
