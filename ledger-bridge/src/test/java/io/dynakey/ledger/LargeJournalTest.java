package io.dynakey.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal larger than the heap is written and verified in a 64 MB heap: the writer keeps 16
 * bytes per batch, the verifier one record at a time (reading the file whole would not fit).
 */
class LargeJournalTest {

    static final long EVENTS = Long.getLong("dynakey.ledger.largeEvents", 1_000_000);

    @TempDir
    Path dir;

    @Test
    void a_journal_larger_than_the_heap_is_written_and_verified_in_64_mb() throws Exception {
        Path file = dir.resolve("ledger.journal");

        String[] written = run("write", file.toString(), Long.toString(EVENTS), "1000");
        String[] verified = run("verify", file.toString());

        assertEquals("true", written[1], String.join(" ", written));
        assertTrue(Files.size(file) > 64L << 20, "the journal (" + Files.size(file) + " bytes) is larger than the heap");
        assertEquals("true", verified[1], String.join(" ", verified));
        assertEquals(EVENTS, Long.parseLong(verified[2]));
        assertEquals((EVENTS + 999) / 1000, Long.parseLong(verified[3]));
        assertTrue(Long.parseLong(verified[4]) <= 64L << 20, "peak heap " + verified[4]);
    }

    private String[] run(String... args) throws Exception {
        Path log = dir.resolve("child-" + args[0] + ".log");
        try (ChildJvm child = ChildJvm.start(LargeJournalMain.class, List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
                log, args)) {
            String[] line = child.awaitLine("RESULT ", Duration.ofMinutes(5));
            assertEquals(0, child.waitFor(Duration.ofSeconds(30)), Files.readString(log));
            return line;
        }
    }
}
