package io.dynakey.gateway.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.ledger.LedgerEventBodies;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.GroupRekeyed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group membership and rekeys in the store: joins batched, leaves and moves at once, every rekey on
 * the ledger. Part of the store contract, run on every engine ({@link SqliteGroupMembershipTest},
 * {@link PostgresGroupMembershipTest}).
 */
abstract class GroupMembershipContract {

    private static final long DELAY = 30_000;

    @TempDir
    Path dir;
    private TestDatabase db;
    private DeviceKeyStore store;

    /** A fresh database for one test. */
    abstract TestDatabase newDatabase(Path dir) throws Exception;

    @BeforeEach
    void open() throws Exception {
        db = newDatabase(dir);
        store = db.open(new KeyWrapper(new byte[32]), new LedgerEventBodies());
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

    private void register(String id, String group, long now) throws Exception {
        byte[] k = new byte[16];
        Arrays.fill(k, (byte) id.hashCode());
        store.registerDevice(id, new byte[32], group, new Secret(k), now);
    }

    private byte[] keyOf(String id, long now) throws Exception {
        GroupKey g = store.memberGroupKey(id, DELAY, now).orElseThrow();
        return g.key().bytes();
    }

    private List<GroupRekeyed> rekeys() throws Exception {
        List<GroupRekeyed> out = new ArrayList<>();
        for (OutboxEvent e : store.eventsAfter(0, 1000)) {
            if (EventCodec.decodeBody(e.body()) instanceof GroupRekeyed r) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void ten_joins_within_the_delay_are_covered_by_one_rekey_and_no_newcomer_gets_the_old_key() throws Exception {
        // given a group whose first member holds version 0
        register("m-0", "4", 0);
        byte[] v0 = keyOf("m-0", 1);
        // when ten devices join within 20 s
        for (int i = 1; i <= 10; i++) {
            register("m-" + i, "4", 1_000 + 2_000L * i);
        }
        // then before the first join's delay has passed no newcomer gets a key, the member keeps version 0
        assertTrue(store.memberGroupKey("m-10", DELAY, 25_000).isEmpty());
        assertEquals(List.of(), store.rekeyJoinedGroups(25_000 - DELAY, 25_000));
        assertEquals(0, store.memberGroupKey("m-0", DELAY, 25_000).orElseThrow().version());
        // and once it has, one sweep rekeys once, and every newcomer then gets version 1, which is not version 0
        assertEquals(List.of("4"), store.rekeyJoinedGroups(40_000 - DELAY, 40_000));
        assertEquals(List.of(), store.rekeyJoinedGroups(41_000 - DELAY, 41_000), "nothing left to rekey");
        for (int i = 0; i <= 10; i++) {
            GroupKey g = store.memberGroupKey("m-" + i, DELAY, 41_000).orElseThrow();
            assertEquals(1, g.version(), "m-" + i);
            assertFalse(Arrays.equals(v0, g.key().bytes()));
        }
        List<GroupRekeyed> rekeys = rekeys();
        assertEquals(2, rekeys.size(), "version 0, then one rekey for ten joins");
        assertEquals(RotationReason.MEMBER_JOINED, rekeys.get(1).reason());
        assertEquals(11, rekeys.get(1).memberCount());
    }

    @Test
    void a_newcomer_asking_after_the_delay_triggers_the_rekey_itself() throws Exception {
        register("a", "5", 0);
        byte[] v0 = keyOf("a", 1);
        register("b", "5", 10);

        GroupKey forB = store.memberGroupKey("b", DELAY, 10 + DELAY).orElseThrow();

        assertEquals(1, forB.version());
        assertFalse(Arrays.equals(v0, forB.key().bytes()));
        assertArrayEquals(forB.key().bytes(), keyOf("a", 10 + DELAY), "the member follows");
    }

    @Test
    void moving_a_device_rekeys_the_group_it_left_at_once_and_it_gets_only_new_keys_of_the_other() throws Exception {
        register("a", "6", 0);
        register("b", "6", 0);
        register("c", "7", 0);
        byte[] six0 = keyOf("a", 1);
        byte[] seven0 = keyOf("c", 1);

        store.moveDevice("b", "7", 100);

        GroupKey six = store.memberGroupKey("a", DELAY, 101).orElseThrow();
        assertEquals(1, six.version(), "group 6 moved on without b");
        assertFalse(Arrays.equals(six0, six.key().bytes()));
        assertTrue(store.memberGroupKey("b", DELAY, 101).isEmpty(), "b waits for group 7's rekey");
        GroupKey seven = store.memberGroupKey("b", DELAY, 100 + DELAY).orElseThrow();
        assertEquals(1, seven.version());
        assertFalse(Arrays.equals(seven0, seven.key().bytes()), "b never sees group 7's key from before it joined");
        assertEquals(RotationReason.MEMBER_LEFT, rekeys().stream().filter(r -> r.groupId().equals("6")).toList().get(1).reason());
    }

    @Test
    void a_revoked_member_is_no_longer_due_and_its_group_moved_on() throws Exception {
        register("a", "8", 0);
        register("b", "8", 0);
        byte[] v0 = keyOf("a", 1);

        store.revoke("b", RotationReason.MANUAL, 50);

        assertEquals(1, store.groupKeyVersions().get("8"));
        assertFalse(Arrays.equals(v0, keyOf("a", 51)));
    }
}
