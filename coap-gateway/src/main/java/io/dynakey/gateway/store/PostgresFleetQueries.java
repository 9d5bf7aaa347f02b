package io.dynakey.gateway.store;

import io.dynakey.gateway.store.StoreException.Reason;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link FleetQueries} over a PostgreSQL store, on a connection of its own whose session is read
 * only (every statement auto-commits, so it holds no snapshot between queries). The SQL is the
 * SQLite view's; device ids compare under {@code COLLATE "C"}, so paging is in the same order on a
 * database of any collation, and PostgreSQL migration step 2 indexes that expression and the
 * columns the counts read.
 */
public final class PostgresFleetQueries extends JdbcFleetQueries {

    private PostgresFleetQueries(Connection c) {
        super(c, "d.device_id COLLATE \"C\"");
    }

    /** Opens a read-only view of the database {@code store} is on (which has migrated it). */
    public static PostgresFleetQueries open(PostgresDeviceKeyStore store) throws StoreException {
        return open(store.url());
    }

    /** Opens a read-only view of the (migrated) store database at {@code url}. */
    static PostgresFleetQueries open(PostgresUrl url) throws StoreException {
        Connection c = null;
        try {
            c = PostgresDeviceKeyStore.connect(url, "dynakey-fleet-view");
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            }
            c.setReadOnly(true);
            return new PostgresFleetQueries(c);
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the open failure is what counts
                }
            }
            throw new StoreException(Reason.IO, "open the fleet view of " + url.redacted() + " failed: " + e.getMessage(), e);
        }
    }
}
