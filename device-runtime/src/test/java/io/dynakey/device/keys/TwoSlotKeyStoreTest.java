package io.dynakey.device.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.hal.MemorySecureStorage;
import io.dynakey.device.hal.SecureStorage;
import io.dynakey.device.testing.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TwoSlotKeyStoreTest {

    private final MemorySecureStorage storage = new MemorySecureStorage();

    static byte[] psk(int epoch) {
        byte[] k = new byte[16];
        Arrays.fill(k, (byte) (0x5a ^ epoch));
        k[0] = (byte) epoch;
        k[15] = (byte) (epoch >>> 8);
        return k;
    }

    private TwoSlotKeyStore boot() throws Exception {
        TwoSlotKeyStore store = new TwoSlotKeyStore(storage);
        store.load();
        return store;
    }

    private static byte[] active(TwoSlotKeyStore store) throws Exception {
        byte[] out = new byte[16];
        store.copyActiveKey(out, 0);
        return out;
    }

    @Test
    void a_staged_key_becomes_active_only_when_committed_and_survives_a_reboot() throws Exception {
        TwoSlotKeyStore store = boot();
        assertFalse(store.hasActiveKey());
        store.provision(0, psk(0), 0);

        store.stage(1, psk(1), 0);
        assertEquals(0, store.activeEpoch());
        assertEquals(1, store.stagedEpoch());
        assertArrayEquals(psk(0), active(store));

        TwoSlotKeyStore rebooted = boot();
        assertEquals(0, rebooted.activeEpoch());
        assertEquals(1, rebooted.stagedEpoch());
        byte[] staged = new byte[16];
        assertEquals(1, rebooted.copyStagedKey(staged, 0));
        assertArrayEquals(psk(1), staged);

        rebooted.commit(1);
        assertEquals(1, rebooted.activeEpoch());
        assertFalse(rebooted.hasStagedKey());
        assertArrayEquals(psk(1), active(boot()));
    }

    @Test
    void rotations_alternate_slots_and_never_write_the_active_one() throws Exception {
        TwoSlotKeyStore store = boot();
        store.provision(0, psk(0), 0);
        for (int e = 1; e <= 6; e++) {
            byte[] activeSlotBefore = storage.peek(e % 2 == 1 ? SecureStorage.SLOT_KEY_A : SecureStorage.SLOT_KEY_B);
            store.stage(e, psk(e), 0);
            store.commit(e);
            assertArrayEquals(activeSlotBefore,
                    storage.peek(e % 2 == 1 ? SecureStorage.SLOT_KEY_A : SecureStorage.SLOT_KEY_B), "epoch " + e);
            assertEquals(e, boot().activeEpoch());
        }
    }

    @Test
    void stale_epochs_double_provisioning_and_unstaged_commits_are_refused() throws Exception {
        TwoSlotKeyStore store = boot();
        assertEquals(KeyStoreException.REASON_NO_ACTIVE_KEY,
                assertThrows(KeyStoreException.class, () -> store.stage(1, psk(1), 0)).reason());
        store.provision(5, psk(5), 0);
        assertEquals(KeyStoreException.REASON_ALREADY_PROVISIONED,
                assertThrows(KeyStoreException.class, () -> store.provision(9, psk(9), 0)).reason());
        assertEquals(KeyStoreException.REASON_STALE_EPOCH,
                assertThrows(KeyStoreException.class, () -> store.stage(5, psk(5), 0)).reason());
        assertEquals(KeyStoreException.REASON_STALE_EPOCH,
                assertThrows(KeyStoreException.class, () -> store.stage(4, psk(4), 0)).reason());
        assertEquals(KeyStoreException.REASON_NOT_STAGED,
                assertThrows(KeyStoreException.class, () -> store.commit(6)).reason());
        store.stage(6, psk(6), 0);
        assertEquals(KeyStoreException.REASON_NOT_STAGED,
                assertThrows(KeyStoreException.class, () -> store.commit(7)).reason());
        store.discardStaged();
        assertFalse(boot().hasStagedKey());
        assertEquals(5, boot().activeEpoch());
    }

    @Test
    void a_corrupted_or_oversized_slot_is_ignored_and_the_other_key_stays_usable() throws Exception {
        TwoSlotKeyStore store = boot();
        store.provision(0, psk(0), 0);
        store.stage(1, psk(1), 0);
        store.commit(1);
        byte[] slotB = storage.peek(SecureStorage.SLOT_KEY_B);
        for (int i = 0; i < slotB.length; i++) {
            byte[] bad = slotB.clone();
            bad[i] ^= 0x10;
            storage.poke(SecureStorage.SLOT_KEY_B, bad);
            TwoSlotKeyStore rebooted = boot();
            assertEquals(0, rebooted.activeEpoch(), "flip in byte " + i);
            assertArrayEquals(psk(0), active(rebooted));
        }
        storage.poke(SecureStorage.SLOT_KEY_B, new byte[4096]);
        assertEquals(0, boot().activeEpoch());
    }

    @Test
    void a_slot_changed_behind_the_store_is_detected_on_copy() throws Exception {
        TwoSlotKeyStore store = boot();
        store.provision(0, psk(0), 0);
        storage.poke(SecureStorage.SLOT_KEY_A, new byte[28]);
        KeyStoreException e = assertThrows(KeyStoreException.class, () -> active(store));
        assertEquals(KeyStoreException.REASON_CORRUPT, e.reason());
        assertFalse(store.hasActiveKey());
    }

    @Test
    void the_psk_appears_in_no_string_or_exception_message() throws Exception {
        TwoSlotKeyStore store = boot();
        store.provision(3, psk(3), 0);
        store.stage(4, psk(4), 0);
        String hex3 = Hex.encode(psk(3));
        String hex4 = Hex.encode(psk(4));
        KeyStoreException e = assertThrows(KeyStoreException.class, () -> store.stage(2, psk(2), 0));
        for (String s : new String[] {store.toString(), e.getMessage()}) {
            assertFalse(s.contains(hex3) || s.contains(hex4) || s.contains(Arrays.toString(psk(3))), s);
        }
        assertEquals("TwoSlotKeyStore{activeEpoch=3, stagedEpoch=4}", store.toString());
    }
}
