package io.dynakey.device.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    private static final List<String> SMALL = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1");

    /** Prints a progress line, then READY with its arguments, then stays up until killed. */
    public static final class Server {
        public static void main(String[] args) throws Exception {
            System.out.println("starting");
            System.err.println("a line on stderr");
            System.out.println("READY " + String.join(" ", args));
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    /** Prints its arguments one per line and exits with code 3. */
    public static final class Echo {
        public static void main(String[] args) {
            for (String a : args) {
                System.out.println(a);
            }
            System.exit(3);
        }
    }

    @TempDir
    Path dir;

    @Test
    void a_server_child_hands_back_its_ready_fields_and_dies_when_killed() throws Exception {
        Path log = dir.resolve("server.log");
        try (ChildJvm child = ChildJvm.start(Server.class, SMALL, log, "4711", "cafe")) {
            assertArrayEquals(new String[] {"4711", "cafe"}, child.awaitReady(Duration.ofSeconds(30)));
            assertTrue(child.cpuMillis() != 0);
            child.kill();
            assertFalse(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false));
        }
        assertTrue(Files.readString(log).contains("a line on stderr"));
    }

    @Test
    void output_and_exit_code_of_a_short_child_are_read_to_the_end() throws Exception {
        try (ChildJvm child = ChildJvm.start(Echo.class, SMALL, null, "one", "two")) {
            assertEquals("one", child.readLine());
            assertEquals("two\n", child.remainingOutput());
            assertEquals(3, child.waitFor(Duration.ofSeconds(30)));
        }
    }

    @Test
    void a_child_that_ends_without_the_awaited_line_is_named_in_the_failure() throws Exception {
        try (ChildJvm child = ChildJvm.start(Echo.class, SMALL, null, "no ready line")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> child.awaitReady(Duration.ofSeconds(30)));
            assertTrue(e.getMessage().startsWith("Echo did not print 'READY'"), e.getMessage());
        }
    }
}
