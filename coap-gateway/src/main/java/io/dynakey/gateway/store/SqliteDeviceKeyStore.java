package io.dynakey.gateway.store;

import io.dynakey.gateway.store.StoreException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * {@link DeviceKeyStore} in one SQLite file (xerial sqlite-jdbc) in WAL mode, for one gateway.
 * SQLite has a single writer, so it needs no row locks: a transaction that may write takes the
 * write lock before it reads, and a second connection on the same file (the CLI, another store)
 * waits up to 5 s for it, then fails as {@code BUSY}. The database file and its {@code -wal} and {@code -shm}
 * files are readable by their owner only (mode 600; SQLite gives the latter two the database's
 * mode). The shared logic is {@link JdbcDeviceKeyStore}'s.
 */
public final class SqliteDeviceKeyStore extends JdbcDeviceKeyStore {

    /** How strictly commits reach the disk ({@code PRAGMA synchronous}). */
    public enum Durability {
        /** WAL + NORMAL: safe against process crashes; the last commits may roll back on power loss. */
        NORMAL,
        /** WAL + FULL: every commit is fsync'd. */
        FULL
    }

    /** The SQLite files beside the database that hold its data too. */
    private static final String[] COMPANION_SUFFIXES = {"-wal", "-shm", "-journal"};

    private SqliteDeviceKeyStore(Connection c, KeyWrapper wrapper, EventBodies events) throws StoreException {
        super(c, wrapper, events);
    }

    /**
     * Opens (creating and migrating as needed) the store at {@code file}. A new database file is
     * created with mode 600; an existing one, and its {@code -wal}/{@code -shm} files, lose any
     * permission of group and others (versions before h17 left them at the umask's mode).
     */
    public static SqliteDeviceKeyStore open(Path file, KeyWrapper wrapper, EventBodies events, Durability durability)
            throws StoreException {
        try {
            KeyFiles.ensureOwnerOnly(file);
            for (String suffix : COMPANION_SUFFIXES) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(companion)) {
                    KeyFiles.restrictToOwner(companion);
                }
            }
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "open " + file + " failed: " + e.getMessage(), e);
        }
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = " + durability.name());
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("PRAGMA busy_timeout = 5000");
            }
            c.setAutoCommit(false);
            Migrations.apply(c, Migrations.SQLITE);
            return new SqliteDeviceKeyStore(c, wrapper, events);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException(isBusyCode(e) ? Reason.BUSY : Reason.IO, "open " + file + " failed: " + e.getMessage(), e);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** One gateway per SQLite file: its drainer always holds the lease. */
    @Override
    public OutboxLease outboxLease(String node) {
        return OutboxLease.sole();
    }

    @Override
    String lockClause() {
        return "";
    }

    /** A write that changes nothing: SQLite takes the write lock, waiting up to the busy timeout for it. */
    @Override
    String writeLockSql() {
        return "UPDATE outbox_ack SET through_seq = through_seq WHERE id = 0";
    }

    /** No: xerial runs BEGIN and COMMIT for each switch, and a read costs no round trip anyway. */
    @Override
    boolean autoCommitReads() {
        return false;
    }

    @Override
    String appendOutboxSql() {
        // the single writer holds the database's write lock from its first write until commit
        return "INSERT INTO outbox (seq, time_ms, body) SELECT COALESCE(MAX(seq), 0) + 1, ?, ? FROM outbox RETURNING seq";
    }

    @Override
    String greatest() {
        return "MAX";
    }

    @Override
    String least() {
        return "MIN";
    }

    /**
     * {@code SQLITE_BUSY_SNAPSHOT}: this transaction read a snapshot that another connection's
     * write made stale before this one could write. SQLite reports it at once, without waiting;
     * a plain {@code SQLITE_BUSY} has already waited the busy timeout and is not retried.
     */
    @Override
    boolean isTransient(SQLException e) {
        return e instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT;
    }

    @Override
    boolean isBusy(SQLException e) {
        return isBusyCode(e);
    }

    /** {@code SQLITE_BUSY} or {@code SQLITE_LOCKED}, extended codes included. */
    private static boolean isBusyCode(SQLException e) {
        return (e.getErrorCode() & 0xff) == 5 || (e.getErrorCode() & 0xff) == 6;
    }

    @Override
    void engineCheck(Statement s, List<String> problems) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                if (!"ok".equals(rs.getString(1))) {
                    problems.add("sqlite: " + rs.getString(1));
                }
            }
        }
    }
}
