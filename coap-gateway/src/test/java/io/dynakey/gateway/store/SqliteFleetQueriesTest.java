package io.dynakey.gateway.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.ledger.LedgerEventBodies;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's fleet queries over a real store file, on their own read-only connection. */
class SqliteFleetQueriesTest {

    static final long HOUR = 3_600_000L;
    static final long NOW = 1_800_000_000_000L;
    @TempDir
    Path dir;
    SqliteDeviceKeyStore store;
    SqliteFleetQueries fleet;

    @BeforeEach
    void open() throws Exception {
        store = SqliteDeviceKeyStore.open(dir.resolve("gw.db"), new KeyWrapper(new byte[32]), new LedgerEventBodies(),
                SqliteDeviceKeyStore.Durability.NORMAL);
        fleet = SqliteFleetQueries.open(dir.resolve("gw.db"));
    }

    @AfterEach
    void close() throws Exception {
        fleet.close();
        store.close();
    }

    void register(String id, String group, long atMs) throws StoreException {
        byte[] psk = new byte[16];
        Arrays.fill(psk, (byte) id.hashCode());
        store.registerDevice(id, new byte[32], group, new Secret(psk), atMs);
    }

    void rotate(String id, int reason, int risk, long atMs) throws StoreException {
        long epoch = store.device(id).orElseThrow().currentEpoch();
        byte[] digest = new byte[32];
        Arrays.fill(digest, (byte) (epoch + 1));
        store.putPending(new PendingKey(id, epoch, epoch + 1, new Secret(new byte[16]), digest, digest, new byte[4], reason, risk, 7),
                atMs);
        assertEquals(CommitOutcome.COMMITTED, store.commit(id, epoch + 1, atMs, 0));
    }

    @Test
    void counts_key_ages_and_rotations_per_hour_follow_the_store() throws Exception {
        // given five devices in two groups, registered 30 h, 10 h and 30 min ago; two rotated in the last hours; one revoked
        register("a-1", "1", NOW - 30 * HOUR);
        register("a-2", "1", NOW - 30 * HOUR);
        register("b-1", "2", NOW - 10 * HOUR);
        register("b-2", "2", NOW - HOUR / 2);
        register("c-1", "10", NOW - HOUR / 2);
        rotate("a-1", RotationReason.RISK, 810, NOW - 2 * HOUR - 5);
        rotate("a-2", RotationReason.KEY_AGE, 10, NOW - 2 * HOUR + 5);
        rotate("a-2", RotationReason.KEY_AGE, 20, NOW - HOUR / 4);
        assertTrue(store.revoke("c-1", RotationReason.COMPROMISE, NOW));

        // then
        assertEquals(List.of(new FleetQueries.GroupCount("1", 2, 0), new FleetQueries.GroupCount("2", 2, 0),
                new FleetQueries.GroupCount("10", 0, 1)), fleet.groupCounts(), "numeric group order");
        // < 1 h: b-2, a-2 (rotated 15 min ago); 1..6 h: a-1; 6..24 h: b-1; older: none; the revoked device has no current key
        assertArrayEquals(new long[] {2, 1, 1, 0}, fleet.keyAges(NOW, new long[] {HOUR, 6 * HOUR, 24 * HOUR}));
        List<FleetQueries.RotationCount> perHour = fleet.rotationsPerHour(NOW - 24 * HOUR);
        long h2 = (NOW - 2 * HOUR - 5) / HOUR * HOUR;
        assertTrue(perHour.contains(new FleetQueries.RotationCount(h2, RotationReason.RISK, 1)), perHour.toString());
        assertEquals(3, perHour.stream().mapToLong(FleetQueries.RotationCount::count).sum(), "factory keys are not rotations");
        assertEquals(0, fleet.abandonedRotations(NOW));

        FleetQueries.DeviceSummary a1 = fleet.device("a-1").orElseThrow();
        assertEquals(new FleetQueries.DeviceSummary("a-1", "1", false, 1, NOW - 2 * HOUR - 5, RotationReason.RISK, 810, 7), a1);
        FleetQueries.DeviceSummary c1 = fleet.device("c-1").orElseThrow();
        assertTrue(c1.revoked());
        assertEquals(-1, c1.keySinceMs(), "a revoked device has no current key");
        assertEquals(3, fleet.keyHistory("a-2").size());
        assertEquals(KeyState.CURRENT, fleet.keyHistory("a-2").get(2).state());
        assertFalse(fleet.device("nobody").isPresent());

        FleetQueries.OutboxStatus o = fleet.outboxStatus();
        assertTrue(o.headSeq() >= 5 + 3 + 1, "Enrolled, Rotated, Revoked events at least");
        assertEquals(o.headSeq(), o.lag(), "nothing anchored yet");
        store.acknowledgeEvents(o.headSeq());
        assertEquals(-1, fleet.outboxStatus().oldestUnanchoredMs());
    }

    @Test
    void devices_are_paged_in_id_order_and_found_by_prefix() throws Exception {
        for (int i = 0; i < 25; i++) {
            register(String.format("dev-%02d", i), "0", NOW);
        }
        register("other", "0", NOW);
        assertEquals("dev-10", fleet.devices("", 10, 5).get(0).deviceId());
        assertEquals(List.of("dev-20", "dev-21", "dev-22", "dev-23", "dev-24"),
                fleet.devices("dev-", 20, 10).stream().map(FleetQueries.DeviceSummary::deviceId).toList());
        assertEquals(List.of("other"), fleet.devices("o", 0, 10).stream().map(FleetQueries.DeviceSummary::deviceId).toList());
        assertEquals(List.of(), fleet.devices("<script>", 0, 10));
        assertThrows(IllegalArgumentException.class, () -> fleet.devices("", -1, 10));
    }

    @Test
    void the_view_is_read_only_and_its_queries_use_the_indexes() throws Exception {
        register("x", "1", NOW);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("gw.db"))) {
            for (String[] q : new String[][] {
                {"SELECT group_id, SUM(revoked = 0) FROM device GROUP BY group_id", "device_group"},
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
        java.lang.reflect.Field f = SqliteFleetQueries.class.getDeclaredField("c");
        f.setAccessible(true);
        Connection view = (Connection) f.get(fleet);
        assertThrows(java.sql.SQLException.class, () -> view.createStatement().execute("DELETE FROM device"), "the view cannot write");
        assertTrue(store.device("x").isPresent());
    }
}
