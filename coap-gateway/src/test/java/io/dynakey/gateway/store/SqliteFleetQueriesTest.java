package io.dynakey.gateway.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The fleet queries on SQLite (always run), and that SQLite answers them from migration step 8's indexes. */
class SqliteFleetQueriesTest extends FleetQueriesContract {

    @Override
    TestDatabase newDatabase(Path dir) {
        return TestDatabase.sqlite(dir);
    }

    @Override
    FleetQueries openFleet(DeviceKeyStore store) throws StoreException {
        return SqliteFleetQueries.open(dir.resolve("gw.db"));
    }

    @Test
    void the_queries_use_the_indexes() throws Exception {
        register("x", "1", NOW);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("gw.db"))) {
            for (String[] q : new String[][] {
                {"SELECT group_id, SUM(CASE WHEN revoked = 0 THEN 1 ELSE 0 END) FROM device GROUP BY group_id", "device_group"},
                {"SELECT COUNT(*) FROM device_key WHERE state = 'CURRENT' AND committed_ms > 1 AND committed_ms <= 2",
                    "device_key_current_since"},
                {"SELECT committed_ms / 3600000, reason, COUNT(*) FROM device_key WHERE committed_ms >= 1 AND committed_ms IS NOT NULL"
                        + " AND epoch > 0 GROUP BY 1, 2", "device_key_committed"}}) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN QUERY PLAN " + q[0])) {
                    while (rs.next()) {
                        plan.append(rs.getString(4)).append('\n');
                    }
                }
                assertTrue(plan.toString().contains(q[1]), q[0] + " uses " + q[1] + ":\n" + plan);
            }
        }
    }
}
