package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The federated commands: a first plan, and bad plan or statistics files refused in one line. */
class TrainFederatedCommandTest {

    @TempDir
    Path dir;

    @Test
    void the_coordinator_starts_with_a_ranges_plan_and_refuses_bad_statistics_files() throws Exception {
        Path out = dir.resolve("coord");
        CliRun first = CliRun.of("train", "federated", "--schema", "iot23", "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.isRegularFile(out.resolve("plan-0.dkfp")), first.out());
        Path junk = Files.write(dir.resolve("junk.dkfs"), new byte[] {1, 2, 3, 4, 5});
        CliRun bad = CliRun.of("train", "federated", "--schema", "iot23", "--out", out.toString(), "--site", junk.toString(),
                "/dev/zero");
        assertEquals(1, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains(junk + ": not dynakey federated site statistics"), bad.err());
        CliRun dev = CliRun.of("train", "federated", "--schema", "iot23", "--out", out.toString(), "--site", "/dev/zero");
        assertTrue(dev.err().contains("/dev/zero: no such statistics file"), dev.err());
        CliRun site = CliRun.of("train", "federated-site", "--data", junk.toString(), "--schema", "iot23", "--site", "a",
                "--plan", junk.toString(), "--out", dir.resolve("s").toString());
        assertEquals(1, site.code());
        assertTrue(site.err().contains(junk + ": not a dynakey federated plan"), site.err());
    }
}
