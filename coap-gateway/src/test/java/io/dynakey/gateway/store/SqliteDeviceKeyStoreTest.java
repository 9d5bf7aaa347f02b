package io.dynakey.gateway.store;

import static io.dynakey.device.testing.Bytes.contains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.gateway.ledger.LedgerEventBodies;
import io.dynakey.gateway.ledger.OutboxEventSource;
import io.dynakey.ledger.event.EventType;
import io.dynakey.ledger.event.LedgerEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDeviceKeyStoreTest {

    private static final byte[] KEK = new byte[32];
    private static final byte[] IDENTITY = new byte[32];

    @TempDir
    Path dir;
    private SqliteDeviceKeyStore store;

    @BeforeEach
    void open() throws Exception {
        store = SqliteDeviceKeyStore.open(dir.resolve("gw.db"), new KeyWrapper(KEK), new LedgerEventBodies(),
                SqliteDeviceKeyStore.Durability.NORMAL);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private static Secret key(int fill) {
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
        store.registerDevice("dev-1", IDENTITY, "1", key(0x5A), 1000);
        store.close();
        byte[] raw = Files.readAllBytes(dir.resolve("gw.db"));
        byte[] wal = Files.exists(dir.resolve("gw.db-wal")) ? Files.readAllBytes(dir.resolve("gw.db-wal")) : new byte[0];
        assertFalse(contains(raw, key(0x5A).bytes()) || contains(wal, key(0x5A).bytes()));
        byte[] other = new byte[32];
        other[0] = 1;
        // the store's own commitment secret does not unwrap either, so the store does not open at all
        StoreException e = assertThrows(StoreException.class, () -> SqliteDeviceKeyStore.open(dir.resolve("gw.db"),
                new KeyWrapper(other), new LedgerEventBodies(), SqliteDeviceKeyStore.Durability.NORMAL));
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
        store = SqliteDeviceKeyStore.open(dir.resolve("gw.db"), new KeyWrapper(KEK), events,
                SqliteDeviceKeyStore.Durability.NORMAL);
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
