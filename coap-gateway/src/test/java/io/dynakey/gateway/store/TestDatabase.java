package io.dynakey.gateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database for one test of a {@link DeviceKeyStore}: an SQLite file in the test's
 * folder, or a new database in the JVM's one throwaway PostgreSQL server. Every {@link #open} is a
 * new store with its own connection, as a second gateway on the same database would have.
 */
public abstract class TestDatabase implements AutoCloseable {

    /** A new store on this database (a new connection). */
    public abstract DeviceKeyStore open(KeyWrapper wrapper, EventBodies events) throws StoreException;

    /** True if any file the engine keeps this database in (data, WAL) contains {@code needle}; call with every store closed. */
    public abstract boolean storageContains(byte[] needle) throws Exception;

    @Override
    public void close() throws Exception {
    }

    /** The PostgreSQL URL, for a PostgreSQL database. */
    public Optional<PostgresUrl> url() {
        return Optional.empty();
    }

    /** An administrative connection (auto-commit) to a PostgreSQL database, e.g. to end a session. */
    public Connection admin() throws SQLException {
        throw new UnsupportedOperationException("not a PostgreSQL database");
    }

    /** An SQLite file {@code gw.db} in {@code dir}. */
    public static TestDatabase sqlite(Path dir) {
        Path file = dir.resolve("gw.db");
        return new TestDatabase() {
            @Override
            public DeviceKeyStore open(KeyWrapper wrapper, EventBodies events) throws StoreException {
                return SqliteDeviceKeyStore.open(file, wrapper, events, SqliteDeviceKeyStore.Durability.NORMAL);
            }

            @Override
            public boolean storageContains(byte[] needle) throws IOException {
                return filesContain(dir, needle);
            }

            @Override
            public String toString() {
                return "SQLite " + file;
            }
        };
    }

    /** A new database in the shared throwaway PostgreSQL server; skips the test if PostgreSQL is not installed. */
    public static TestDatabase postgres(String prefix) throws Exception {
        ThrowawayPostgres server = PostgresForTests.server();
        PostgresUrl url = server.createDatabase(prefix);
        return new TestDatabase() {
            @Override
            public Optional<PostgresUrl> url() {
                return Optional.of(url);
            }

            @Override
            public Connection admin() throws SQLException {
                return server.admin(url.database());
            }

            @Override
            public DeviceKeyStore open(KeyWrapper wrapper, EventBodies events) throws StoreException {
                return PostgresDeviceKeyStore.open(url, wrapper, events);
            }

            @Override
            public boolean storageContains(byte[] needle) throws Exception {
                try (Connection c = server.admin(url.database()); Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT"); // every page of the database written to its files
                }
                return filesContain(server.directory(), needle);
            }

            @Override
            public String toString() {
                return "PostgreSQL " + url;
            }
        };
    }

    private static boolean filesContain(Path dir, byte[] needle) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (io.dynakey.device.testing.Bytes.contains(Files.readAllBytes(f), needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Skips the calling test (or class, from {@code @BeforeAll}) where PostgreSQL's server binaries are not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(ThrowawayPostgres.binaries().isPresent(),
                "PostgreSQL server binaries not installed (Debian package postgresql): the PostgreSQL store tests are skipped");
    }

    /** The JVM's one PostgreSQL server, started on first use and stopped when the JVM exits. */
    static final class PostgresForTests {
        private static ThrowawayPostgres server;
        private static String unavailable;

        private PostgresForTests() {
        }

        static synchronized ThrowawayPostgres server() throws IOException {
            assumeInstalled();
            if (server == null && unavailable == null) {
                try {
                    server = ThrowawayPostgres.start(Path.of(System.getProperty("java.io.tmpdir")));
                } catch (IOException e) {
                    unavailable = e.getMessage();
                    throw e;
                }
            }
            if (server == null) {
                throw new IOException("the throwaway PostgreSQL server did not start: " + unavailable);
            }
            return server;
        }
    }
}
