package io.dynakey.gateway.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.gateway.ledger.LedgerEventBodies;
import io.dynakey.gateway.ledger.OutboxEventSource;
import io.dynakey.ledger.event.EventType;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.GroupRekeyed;
import io.dynakey.ledger.event.Rotated;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link DeviceKeyStore} contract, run against every engine by a subclass each
 * ({@link SqliteDeviceKeyStoreTest}, {@link PostgresDeviceKeyStoreTest}) that names the database.
 */
abstract class DeviceKeyStoreContract {

    static final byte[] KEK = new byte[32];
    static final byte[] IDENTITY = new byte[32];

    @TempDir
    Path dir;
    TestDatabase db;
    DeviceKeyStore store;

    /** A fresh database for one test. */
    abstract TestDatabase newDatabase(Path dir) throws Exception;

    @BeforeEach
    void open() throws Exception {
        db = newDatabase(dir);
        store = db.open(new KeyWrapper(KEK), new LedgerEventBodies());
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
    }

    static Secret key(int fill) {
        byte[] k = new byte[16];
        Arrays.fill(k, (byte) fill);
        return new Secret(k);
    }

    private static PendingKey pending(long from, int fill, int digest) {
        byte[] d = new byte[32];
        d[0] = (byte) digest;
        return new PendingKey("dev-1", from, from + 1, key(fill), d, new byte[32], new byte[] {(byte) digest}, 1, 500, 7);
    }

    @Test
    void model_rollout_steps_kept_files_and_reported_versions_survive_a_reopen() throws Exception {
        store.registerDevice("dev-1", IDENTITY, "7", key(1), 1000);
        store.registerDevice("dev-2", IDENTITY, "7", key(2), 1000);
        store.registerDevice("dev-3", IDENTITY, "8", key(3), 1000);
        store.putPending(pending(0, 5, 1), 1100); // reason RISK
        store.commit("dev-1", 1, 1200, 500);
        byte[] file = {1, 2, 3};
        byte[] digest = new byte[32];
        digest[0] = 9;
        byte[] body = io.dynakey.ledger.event.EventCodec.encodeBody(new io.dynakey.ledger.event.ModelRollout("7",
                io.dynakey.ledger.event.ModelRollout.CANARY, 2, digest));
        long seq = store.recordRollout(new ModelFile("7", 2, file, 1300), new RolloutState("7", 1, 2, 250, 1300), body, 1300);
        store.recordRollout(null, new RolloutState("7", 2, 0, 0, 0), body, 1400);
        store.recordDeviceModel("dev-1", 2, 1500);
        store.recordDeviceModel("dev-1", 3, 1600);
        assertEquals(Map.of("dev-1", 1L, "dev-2", 0L), store.riskRotationsSince("7", 1100), "RISK rotations of the group since");
        assertEquals(Map.of("dev-1", 0L, "dev-2", 0L), store.riskRotationsSince("7", 1201));
        // a file of a version already kept is refused, and nothing of that step is written
        assertThrows(StoreException.class, () -> store.recordRollout(new ModelFile("7", 2, file, 1700),
                new RolloutState("7", 9, 0, 0, 0), body, 1700));
        store.close();
        store = db.open(new KeyWrapper(KEK), new LedgerEventBodies());
        List<ModelFile> files = store.modelFiles();
        assertEquals(1, files.size());
        assertArrayEquals(file, files.get(0).file());
        assertEquals(2, files.get(0).version());
        assertEquals(List.of(new RolloutState("7", 2, 0, 0, 0)), store.rolloutStates());
        assertEquals(Map.of("dev-1", 3L), store.deviceModelVersions());
        List<OutboxEvent> events = store.eventsAfter(seq - 1, 10);
        assertEquals(2, events.size(), "one event per step, none for the refused one");
        assertArrayEquals(body, events.get(0).body());
    }

    @Test
    void a_rotation_is_pending_then_current_and_the_old_key_retires_after_the_grace_window() throws Exception {
        // given a registered device at epoch 0
        store.registerDevice("dev-1", IDENTITY, "1", key(1), 1000);
        // when a rotation is stored and then committed
        assertEquals(PendingOutcome.Status.STORED, store.putPending(pending(0, 2, 9), 1100).status());
        assertEquals(KeyState.PENDING, store.usableKey("dev-1", 1, 1100).orElseThrow().state());
        assertEquals(CommitOutcome.COMMITTED, store.commit("dev-1", 1, 1200, 500));
        // then epoch 1 is current, epoch 0 works inside the grace window only
        assertEquals(1, store.device("dev-1").orElseThrow().currentEpoch());
        assertTrue(store.usableKey("dev-1", 0, 1600).isPresent());
        assertEquals(1, store.retireExpired(1700));
        assertTrue(store.usableKey("dev-1", 0, 1700).isEmpty());
        assertTrue(store.usableKey("dev-1", 1, 1700).orElseThrow().key().matches(key(2).bytes()));
        assertEquals(CommitOutcome.ALREADY_CURRENT, store.commit("dev-1", 1, 1800, 500));
        assertEquals(List.of(), store.check());
    }

    @Test
    void an_identical_retry_returns_the_first_response_and_a_stale_epoch_changes_nothing() throws Exception {
        store.registerDevice("dev-1", IDENTITY, "1", key(1), 1000);
        store.putPending(pending(0, 2, 9), 1100);
        // when the same request comes again
        PendingOutcome retry = store.putPending(pending(0, 3, 9), 1150);
        // then the first answer comes back and the pending key is unchanged
        assertEquals(PendingOutcome.Status.RETRY, retry.status());
        assertArrayEquals(new byte[] {9}, retry.response());
        assertTrue(store.usableKey("dev-1", 1, 1150).orElseThrow().key().matches(key(2).bytes()));
        // and a request from an epoch that is not current is refused
        assertEquals(PendingOutcome.Status.STALE_EPOCH, store.putPending(pending(1, 4, 10), 1160).status());
        assertEquals(0, store.device("dev-1").orElseThrow().currentEpoch());
    }

    @Test
    void every_key_change_has_its_outbox_event_in_order() throws Exception {
        store.registerDevice("dev-1", IDENTITY, "1", key(1), 1000);
        store.putPending(pending(0, 2, 9), 1100);
        store.commit("dev-1", 1, 1200, 500);
        store.revoke("dev-1", 9, 1300);
        List<LedgerEvent> events = new OutboxEventSource(store).readAfter(0, 100);
        assertEquals(List.of(EventType.ENROLLED, EventType.ROTATED, EventType.REVOKED),
                events.stream().map(e -> e.body().type()).toList());
        assertEquals(List.of(1L, 2L, 3L), events.stream().map(LedgerEvent::seq).toList());
        assertTrue(store.usableKey("dev-1", 1, 1300).isEmpty());
        assertFalse(store.revoke("dev-1", 9, 1400));
        assertEquals(3, store.eventsAfter(0, 100).size());
    }

    @Test
    void keys_do_not_unwrap_under_another_key_encryption_key_and_are_not_stored_in_clear() throws Exception {
        byte[] psk = new byte[16];
        for (int i = 0; i < psk.length; i++) {
            psk[i] = (byte) (0xA5 ^ i * 37);
        }
        store.registerDevice("dev-1", IDENTITY, "1", new Secret(psk), 1000);
        store.putPending(new PendingKey("dev-1", 0, 1, new Secret(psk), new byte[32], new byte[32], new byte[] {1}, 1, 0, 0), 1100);
        store.close();
        assertFalse(db.storageContains(psk), "a plaintext key in the database's files");
        byte[] other = new byte[32];
        other[0] = 1;
        // the store's own commitment secret does not unwrap either, so the store does not open at all
        StoreException e = assertThrows(StoreException.class, () -> db.open(new KeyWrapper(other), new LedgerEventBodies()));
        assertEquals(StoreException.Reason.UNWRAP_FAILED, e.reason());
    }

    @Test
    void a_device_id_cannot_be_registered_twice() throws Exception {
        store.registerDevice("dev-1", IDENTITY, "1", key(1), 1000);
        StoreException e = assertThrows(StoreException.class, () -> store.registerDevice("dev-1", IDENTITY, "1", key(2), 1000));
        assertEquals(StoreException.Reason.DUPLICATE_DEVICE, e.reason());
        assertEquals(1, store.eventsAfter(0, 10).size());
    }

    @Test
    void a_failure_before_the_outbox_event_is_written_rolls_back_the_key_change_and_the_store_goes_on() throws Exception {
        // given a store whose event encoder fails once it is told to
        store.close();
        FailingEvents events = new FailingEvents();
        store = db.open(new KeyWrapper(KEK), events);
        store.registerDevice("dev-1", IDENTITY, "1", key(1), 1000);
        store.putPending(pending(0, 2, 9), 1100);

        // when the event of a registration and of a commit cannot be built
        events.fail = true;
        assertThrows(IllegalStateException.class, () -> store.registerDevice("dev-2", IDENTITY, "1", key(3), 1200));
        assertThrows(IllegalStateException.class, () -> store.commit("dev-1", 1, 1300, 500));

        // then neither key change happened, no event was written, and the next transaction works
        assertTrue(store.device("dev-2").isEmpty());
        assertEquals(1, store.deviceCount());
        assertEquals(KeyState.PENDING, store.keys("dev-1").get(1).state());
        assertEquals(1, store.eventsAfter(0, 10).size(), "only the first enrolment's event");
        events.fail = false;
        assertEquals(CommitOutcome.COMMITTED, store.commit("dev-1", 1, 1400, 500));
        assertEquals(2, store.eventsAfter(0, 10).size());
        assertTrue(store.check().isEmpty(), store.check().toString());
    }

    @Test
    void a_revocation_by_one_gateway_is_seen_by_another_on_the_same_database() throws Exception {
        // given two stores on one database, as two gateways
        store.registerDevice("dev-1", IDENTITY, "1", key(1), 1000);
        try (DeviceKeyStore other = db.open(new KeyWrapper(KEK), new LedgerEventBodies())) {
            // when the other revokes the device
            assertTrue(other.revoke("dev-1", 8, 1100));
            // then this one refuses its key, lists the revocation, and both read one outbox
            assertTrue(store.usableKey("dev-1", 0, 1200).isEmpty());
            assertEquals(List.of("dev-1"), store.revocationsAfter(0, 10).stream().map(RevokedDevice::deviceId).toList());
            assertEquals(other.eventsAfter(0, 10).size(), store.eventsAfter(0, 10).size());
            assertFalse(store.revoke("dev-1", 8, 1300));
        }
    }

    @Test
    void gateways_rotating_the_same_devices_at_once_never_issue_an_epoch_twice_and_write_one_event_per_change()
            throws Exception {
        // given a few devices and four stores on one database (separate connections, as separate gateways)
        int devices = 6;
        int gateways = 4;
        int attemptsEach = 60;
        for (int d = 0; d < devices; d++) {
            store.registerDevice("dev-" + d, IDENTITY, "7", key(d + 1), 1000);
        }
        store.groupKey("7", 1000).key().destroy();
        List<DeviceKeyStore> nodes = new ArrayList<>();
        for (int g = 0; g < gateways; g++) {
            nodes.add(db.open(new KeyWrapper(KEK), new LedgerEventBodies()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(gateways);
        AtomicLong stored = new AtomicLong();
        AtomicLong rekeys = new AtomicLong();
        // committed epochs per device, as each gateway saw its own commit succeed
        Map<String, List<Long>> committed = new ConcurrentHashMap<>();
        try {
            // when every gateway rotates every device as fast as it can, and now and then rekeys their group
            List<Future<?>> runs = new ArrayList<>();
            for (int g = 0; g < gateways; g++) {
                DeviceKeyStore node = nodes.get(g);
                int gw = g;
                runs.add(pool.submit(() -> {
                    Random random = new Random(gw);
                    for (int i = 0; i < attemptsEach; i++) {
                        String id = "dev-" + random.nextInt(devices);
                        long from = node.device(id).orElseThrow().currentEpoch();
                        byte[] digest = new byte[32];
                        random.nextBytes(digest);
                        PendingKey p = new PendingKey(id, from, from + 1, key(random.nextInt(250) + 1), digest, new byte[32],
                                new byte[] {(byte) gw}, 1, 0, 0);
                        if (node.putPending(p, 2000 + i).status() == PendingOutcome.Status.STORED) {
                            stored.incrementAndGet();
                            if (node.commit(id, from + 1, 2000 + i, 10) == CommitOutcome.COMMITTED) {
                                committed.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>())).add(from + 1);
                            }
                        }
                        if (i % 15 == gw) {
                            node.rekeyGroup("7", 1, 2000 + i).key().destroy();
                            rekeys.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            long retried = 0;
            for (DeviceKeyStore node : nodes) {
                retried += node instanceof JdbcDeviceKeyStore j ? j.retries() : 0;
                node.close();
            }
            System.out.println(db + ": " + stored.get() + " rotations stored, " + rekeys.get() + " rekeys, " + retried
                    + " transactions run again after a conflict");
        }

        // then each device's commits are the epochs 1..current, each once, each with one Rotated event
        List<LedgerEvent> events = new OutboxEventSource(store).readAfter(0, 100_000);
        Map<String, List<Long>> rotatedEvents = new HashMap<>();
        long groupEvents = 0;
        for (LedgerEvent e : events) {
            if (e.body() instanceof Rotated r) {
                rotatedEvents.computeIfAbsent(r.deviceId(), k -> new ArrayList<>()).add(r.epoch());
            } else if (e.body() instanceof GroupRekeyed) {
                groupEvents++;
            }
        }
        long commits = 0;
        for (int d = 0; d < devices; d++) {
            String id = "dev-" + d;
            long current = store.device(id).orElseThrow().currentEpoch();
            List<Long> mine = new ArrayList<>(committed.getOrDefault(id, List.of()));
            Collections.sort(mine);
            List<Long> expected = LongStream.rangeClosed(1, current).boxed().toList();
            assertEquals(expected, mine, id + ": the epochs committed");
            assertEquals(expected, rotatedEvents.getOrDefault(id, List.of()), id + ": the Rotated events, in outbox order");
            commits += current;
        }
        assertTrue(commits > devices, "the run rotated (" + commits + " commits, " + stored.get() + " stored)");
        assertEquals(rekeys.get() + 1, groupEvents, "one GroupRekeyed event per rekey");
        assertEquals(rekeys.get(), (long) store.groupKeyVersions().get("7"), "group versions 0..n, none skipped or reused");
        assertEquals(List.of(), store.check());
        assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(), events.stream().map(LedgerEvent::seq).toList());
    }

    /** Real event bodies, except that building an enrolment or rotation event fails while {@link #fail} is set. */
    private static final class FailingEvents implements EventBodies {
        private final EventBodies real = new LedgerEventBodies();
        boolean fail;

        @Override
        public int commitmentVersion() {
            return real.commitmentVersion();
        }

        @Override
        public byte[] deviceKeyCommitment(Secret commitmentSecret, String deviceId, long epoch, byte[] key) {
            return real.deviceKeyCommitment(commitmentSecret, deviceId, epoch, key);
        }

        @Override
        public byte[] groupKeyCommitment(Secret commitmentSecret, String groupId, long version, byte[] key) {
            return real.groupKeyCommitment(commitmentSecret, groupId, version, key);
        }

        @Override
        public byte[] deviceKeySalt(Secret commitmentSecret, String deviceId, long epoch) {
            return real.deviceKeySalt(commitmentSecret, deviceId, epoch);
        }

        @Override
        public byte[] enrolled(String deviceId, long epoch, byte[] commitment) {
            check();
            return real.enrolled(deviceId, epoch, commitment);
        }

        @Override
        public byte[] rotated(String deviceId, long epoch, int reason, int riskPermille, long modelVersion, byte[] commitment) {
            check();
            return real.rotated(deviceId, epoch, reason, riskPermille, modelVersion, commitment);
        }

        @Override
        public byte[] revoked(String deviceId, long lastEpoch, int reason) {
            return real.revoked(deviceId, lastEpoch, reason);
        }

        @Override
        public byte[] groupRekeyed(String groupId, long version, int reason, int memberCount, byte[] commitment) {
            return real.groupRekeyed(groupId, version, reason, memberCount, commitment);
        }

        private void check() {
            if (fail) {
                throw new IllegalStateException("event encoder down");
            }
        }
    }
}
