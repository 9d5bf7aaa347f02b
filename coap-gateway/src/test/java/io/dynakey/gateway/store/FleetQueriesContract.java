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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's fleet queries over a real store, on their own read-only connection; run against
 * every engine by a subclass each ({@link SqliteFleetQueriesTest}, {@link PostgresFleetQueriesTest}).
 */
abstract class FleetQueriesContract {

    static final long HOUR = 3_600_000L;
    static final long NOW = 1_800_000_000_000L;
    @TempDir
    Path dir;
    TestDatabase db;
    DeviceKeyStore store;
    FleetQueries fleet;

    /** A fresh database for one test. */
    abstract TestDatabase newDatabase(Path dir) throws Exception;

    /** The engine's fleet view of the database {@code store} has opened. */
    abstract FleetQueries openFleet(DeviceKeyStore store) throws Exception;

    @BeforeEach
    void open() throws Exception {
        db = newDatabase(dir);
        store = db.open(new KeyWrapper(new byte[32]), new LedgerEventBodies());
        fleet = openFleet(store);
    }

    @AfterEach
    void close() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
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
    void devices_are_listed_in_code_point_order_whatever_the_collation() throws Exception {
        for (String id : new String[] {"a", "_x", "B", "-x", ".x", "A"}) {
            register(id, "0", NOW);
        }
        assertEquals(List.of("-x", ".x", "A", "B", "_x", "a"),
                fleet.devices("", 0, 10).stream().map(FleetQueries.DeviceSummary::deviceId).toList());
        assertEquals(List.of("_x"), fleet.devices("_", 0, 10).stream().map(FleetQueries.DeviceSummary::deviceId).toList(),
                "a prefix is not a LIKE pattern");
    }

    /** The view's own connection, to try a write through it. */
    Connection viewConnection() throws Exception {
        java.lang.reflect.Field f = JdbcFleetQueries.class.getDeclaredField("c");
        f.setAccessible(true);
        return (Connection) f.get(fleet);
    }

    @Test
    void the_view_cannot_write() throws Exception {
        register("x", "1", NOW);
        Connection view = viewConnection();
        assertThrows(java.sql.SQLException.class, () -> view.createStatement().execute("DELETE FROM device"), "the view cannot write");
        assertTrue(store.device("x").isPresent());
        assertEquals(1, fleet.groupCounts().size(), "the view still reads after the refused write");
    }
}
