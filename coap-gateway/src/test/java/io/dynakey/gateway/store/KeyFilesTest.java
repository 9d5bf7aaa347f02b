package io.dynakey.gateway.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 F7, on the real file system: the gateway's folder is created 700 and its key-encryption
 * key, operator PSK and SQLite files 600; a key file that group or others may read is refused; a
 * database left at the umask's mode by an older version is tightened; a key file is never replaced.
 */
class KeyFilesTest {

    @TempDir
    Path tmp;

    @Test
    void a_new_gateway_creates_its_folders_700_and_every_key_and_database_file_600() throws Exception {
        Path data = tmp.resolve("srv/dynakey/gw");
        try (Gateway g = open(data)) {
            byte[] psk = new byte[16];
            psk[0] = 1;
            g.store().registerDevice("dev-1", new byte[32], "0", new Secret(psk), 1000);
            // while the store is open, SQLite has its -wal and -shm files
            for (String f : new String[] {"kek.hex", "operator.psk", "gateway.db", "gateway.db-wal", "gateway.db-shm"}) {
                assertEquals("rw-------", mode(data.resolve(f)), f);
            }
        }
        for (Path d : new Path[] {tmp.resolve("srv"), tmp.resolve("srv/dynakey"), data}) {
            assertEquals("rwx------", mode(d), d.toString());
        }
        try (Stream<Path> files = Files.list(data)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary file is left");
        }
    }

    @Test
    void a_key_file_that_group_or_others_may_read_is_refused_and_the_message_names_it_but_not_its_key() throws Exception {
        Path data = tmp.resolve("gw");
        open(data).close();
        for (String name : new String[] {"kek.hex", "operator.psk"}) {
            Path file = data.resolve(name);
            String key = Files.readString(file).strip();
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(name.equals("kek.hex") ? "rw-r--r--" : "rw----r--"));

            IOException e = assertThrows(IOException.class, () -> open(data).close());

            assertTrue(e.getMessage().contains(file + ": the ") && e.getMessage().contains("may be read by group or others")
                    && e.getMessage().contains("chmod 600 " + file), e.getMessage());
            assertFalse(e.getMessage().contains(key));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        open(data).close();
    }

    @Test
    void a_database_an_older_version_left_at_644_is_tightened_to_600() throws Exception {
        Path data = tmp.resolve("gw");
        open(data).close();
        Files.setPosixFilePermissions(data.resolve("gateway.db"), PosixFilePermissions.fromString("rw-r--r--"));

        open(data).close();

        assertEquals("rw-------", mode(data.resolve("gateway.db")));
    }

    @Test
    void bad_hex_or_a_wrong_length_in_a_key_file_is_named_in_one_line() throws Exception {
        Path data = tmp.resolve("gw");
        open(data).close();
        Path kek = data.resolve("kek.hex");
        Files.writeString(kek, "zz".repeat(32));
        IOException notHex = assertThrows(IOException.class, () -> open(data).close());
        assertEquals("the key-encryption key in file " + kek + " is not hex", notHex.getMessage());

        Files.delete(kek);
        Files.delete(data.resolve("gateway.db"));
        Path op = data.resolve("operator.psk");
        Files.writeString(op, "00\n");
        IOException shortPsk = assertThrows(IOException.class, () -> open(data).close());
        assertEquals("the operator PSK in file " + op + " must be 32..64 hex characters, not 2", shortPsk.getMessage());
    }

    @Test
    void a_key_file_is_written_whole_and_never_replaced() throws Exception {
        Path file = tmp.resolve("k/key.hex");
        KeyFiles.writeNew(file, "first\n".getBytes(StandardCharsets.US_ASCII));

        assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.writeNew(file, "second\n".getBytes(StandardCharsets.US_ASCII)));

        assertArrayEquals("first\n".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(file));
        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(file.getParent()));
    }

    @Test
    void a_key_file_is_read_with_a_bound() throws Exception {
        Path big = tmp.resolve("big.hex");
        Files.write(big, new byte[KeyFiles.MAX_KEY_FILE_BYTES + 1]);
        Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, () -> KeyFiles.readPrivate(big, "operator PSK"));
        assertEquals(big + ": too large for the operator PSK file (more than 4096 bytes)", e.getMessage());
        IOException folder = assertThrows(IOException.class, () -> KeyFiles.readPrivate(tmp, "operator PSK"));
        assertEquals(tmp + ": the operator PSK file is a folder", folder.getMessage());
    }

    private static Gateway open(Path data) throws Exception {
        return Gateway.open(GatewayConfig.builder().set(GatewaySettings.DATA_DIR, data).build());
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
