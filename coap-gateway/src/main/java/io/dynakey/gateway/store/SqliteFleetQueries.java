package io.dynakey.gateway.store;

import io.dynakey.gateway.store.StoreException.Reason;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * {@link FleetQueries} over the store's SQLite file, opened read-only: in WAL mode a reader never
 * waits for the writer nor holds it up. Answered from the indexes of migration step 8.
 */
public final class SqliteFleetQueries extends JdbcFleetQueries {

    private SqliteFleetQueries(Connection c) {
        super(c, "d.device_id"); // TEXT compares bytewise (BINARY collation)
    }

    /** Opens a read-only view of the store at {@code file}. */
    public static SqliteFleetQueries open(Path file) throws StoreException {
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        p.setProperty("busy_timeout", "5000");
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
            return new SqliteFleetQueries(c);
        } catch (SQLException e) {
            throw new StoreException(Reason.IO, "open the fleet view of " + file + " failed: " + e.getMessage(), e);
        }
    }
}
