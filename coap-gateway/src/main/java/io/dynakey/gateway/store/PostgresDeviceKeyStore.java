package io.dynakey.gateway.store;

import io.dynakey.gateway.store.StoreException.Reason;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * {@link DeviceKeyStore} in a PostgreSQL database (pgjdbc) that several gateways share. Each store
 * holds one connection (one gateway node, or one worker of it), in READ COMMITTED. What keeps
 * concurrent gateways correct:
 * <ul>
 *   <li>a writer locks the device's row ({@code SELECT ... FOR UPDATE}) before it reads the epoch
 *       it is about to change, so two nodes cannot both store or commit a rotation from the same
 *       epoch: the second sees the first's result (an epoch is never issued twice);</li>
 *   <li>an outbox event takes its seq from the one row of {@code outbox_head}, locked until commit,
 *       so seqs are gapless and become visible in seq order (a reader never skips one that commits
 *       later); the lock is taken last in each transaction, so it is held briefly;</li>
 *   <li>a transaction that hits a deadlock ({@code 40P01}), a serialisation failure ({@code 40001})
 *       or a unique-key race ({@code 23505}, e.g. two nodes rekeying one group) runs again, and on
 *       its second run sees what the other committed (a duplicate device then fails as
 *       {@code DUPLICATE_DEVICE}).</li>
 * </ul>
 * Keys are wrapped under the KEK exactly as in SQLite: the database never sees a plaintext key.
 * Server error details (which may quote row values) are not requested from the server.
 */
public final class PostgresDeviceKeyStore extends JdbcDeviceKeyStore {

    private final PostgresUrl url;

    private PostgresDeviceKeyStore(Connection c, PostgresUrl url, KeyWrapper wrapper, EventBodies events) throws StoreException {
        super(c, wrapper, events);
        this.url = url;
    }

    /**
     * Connects to {@code url} ({@link PostgresUrl}), creates or migrates the schema (several
     * gateways may start at once: migrations run under an advisory lock) and reads or creates the
     * commitment secret.
     *
     * @throws StoreException {@code IO} if the server cannot be reached, {@code UNWRAP_FAILED} under another KEK
     */
    public static PostgresDeviceKeyStore open(PostgresUrl url, KeyWrapper wrapper, EventBodies events) throws StoreException {
        Connection c = null;
        try {
            c = connect(url, "dynakey-store");
            c.setAutoCommit(false);
            Migrations.apply(c, Migrations.POSTGRES);
            return new PostgresDeviceKeyStore(c, url, wrapper, events);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException(Reason.IO, "open " + url.redacted() + " failed: " + e.getMessage(), e);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The database's URL, password included: for a view of the same database, never to print. */
    PostgresUrl url() {
        return url;
    }

    /** A new connection to {@code url}, named {@code application} in {@code pg_stat_activity}, without server error details. */
    static Connection connect(PostgresUrl url, String application) throws SQLException {
        Properties p = url.properties();
        p.setProperty("ApplicationName", application);
        p.setProperty("logServerErrorDetail", "false");
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    /** A {@link PostgresOutboxLease} on this store's database (a connection of its own). */
    @Override
    public OutboxLease outboxLease(String node) {
        return new PostgresOutboxLease(url, node);
    }

    @Override
    String lockClause() {
        return " FOR UPDATE";
    }

    @Override
    String writeLockSql() {
        return null;
    }

    /** Yes: pgjdbc switches auto-commit without a round trip when no transaction is open. */
    @Override
    boolean autoCommitReads() {
        return true;
    }

    /** The head row's update locks it until commit: writers of events queue there, in seq order. */
    @Override
    String appendOutboxSql() {
        return "WITH h AS (UPDATE outbox_head SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq)"
                + " INSERT INTO outbox (seq, time_ms, body) SELECT last_seq, ?, ? FROM h RETURNING seq";
    }

    @Override
    String greatest() {
        return "GREATEST";
    }

    @Override
    String least() {
        return "LEAST";
    }

    @Override
    boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "23505".equals(state);
    }

    @Override
    void engineCheck(Statement s, List<String> problems) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT h.last_seq, (SELECT COALESCE(MAX(seq), 0) FROM outbox) FROM outbox_head h")) {
            if (rs.next() && rs.getLong(1) != rs.getLong(2)) {
                problems.add("outbox head " + rs.getLong(1) + " differs from the last event " + rs.getLong(2));
            }
        }
    }
}
