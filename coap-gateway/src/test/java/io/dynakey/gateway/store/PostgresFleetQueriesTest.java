package io.dynakey.gateway.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet queries on a real PostgreSQL server (a throwaway one per JVM, a new database per test),
 * and that PostgreSQL migration step 2 gives them indexes; skipped, saying why, where PostgreSQL is
 * not installed.
 */
class PostgresFleetQueriesTest extends FleetQueriesContract {

    @BeforeAll
    static void postgresInstalled() {
        TestDatabase.assumeInstalled();
    }

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return TestDatabase.postgres("fleet");
    }

    @Override
    FleetQueries openFleet(DeviceKeyStore store) throws StoreException {
        return PostgresFleetQueries.open((PostgresDeviceKeyStore) store);
    }

    @Test
    void the_queries_can_use_the_indexes() throws Exception {
        register("x", "1", NOW);
        try (Connection c = db.admin(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off"); // a table this small is scanned otherwise: ask whether an index serves
            for (String[] q : new String[][] {
                {"SELECT group_id, COUNT(*) FROM device GROUP BY group_id", "device_group"},
                {"SELECT COUNT(*) FROM device_key WHERE state = 'CURRENT' AND committed_ms > 1 AND committed_ms <= 2",
                    "device_key_current_since"},
                {"SELECT committed_ms / 3600000, reason, COUNT(*) FROM device_key WHERE committed_ms >= 1 AND committed_ms IS NOT NULL"
                        + " AND epoch > 0 GROUP BY 1, 2", "device_key_committed"},
                {"SELECT device_id FROM device d WHERE d.device_id COLLATE \"C\" >= 'a' AND d.device_id COLLATE \"C\" < 'b'"
                        + " ORDER BY d.device_id COLLATE \"C\" LIMIT 10", "device_id_c"}}) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = s.executeQuery("EXPLAIN " + q[0])) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertTrue(plan.toString().contains(q[1]), q[0] + " uses " + q[1] + ":\n" + plan);
            }
        }
    }
}
