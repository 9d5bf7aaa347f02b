package io.dynakey.gateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OutboxLease} as a PostgreSQL session advisory lock ({@code pg_try_advisory_lock}) on a
 * connection of its own: the server releases it the moment that session ends (process killed,
 * connection cut, {@code pg_terminate_backend}), and this node notices on its next
 * {@link #tryHold()}, which checks the session before it says yes. After a loss it reconnects and
 * competes again.
 */
public final class PostgresOutboxLease implements OutboxLease {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresOutboxLease.class);
    /** Key of the advisory lock ("dk-outbx"); advisory locks are per database. */
    static final long LOCK_KEY = 0x646b2d6f75746278L;

    private final PostgresUrl url;
    private final String node;
    private Connection session;
    private boolean held;

    /** A lease on {@code url}'s database for the node named {@code node} (shown in {@code pg_stat_activity}). */
    public PostgresOutboxLease(PostgresUrl url, String node) {
        this.url = url;
        this.node = node;
    }

    @Override
    public boolean tryHold() {
        try {
            if (session == null) {
                session = PostgresDeviceKeyStore.connect(url, "dynakey-outbox-lease " + node);
                session.setAutoCommit(true);
            }
            try (Statement s = session.createStatement();
                 ResultSet rs = s.executeQuery(held ? "SELECT 1" : "SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                rs.next();
                if (!held && rs.getBoolean(1)) {
                    held = true;
                    LOG.info("node {} leads the outbox drain", node);
                }
            }
        } catch (SQLException e) {
            if (held) {
                LOG.warn("node {} lost the outbox lease: {}", node, e.getMessage());
            }
            drop();
        }
        return held;
    }

    /** The backend pid of the lease's session, or -1 without one: what an operator (or a test) ends to force a failover. */
    public int sessionPid() {
        if (session == null) {
            return -1;
        }
        try (Statement s = session.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private void drop() {
        held = false;
        JdbcDeviceKeyStore.closeQuietly(session);
        session = null;
    }

    @Override
    public void close() {
        // closing the session releases the lock
        drop();
    }
}
