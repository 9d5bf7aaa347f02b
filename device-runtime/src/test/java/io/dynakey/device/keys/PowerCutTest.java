package io.dynakey.device.keys;

import static io.dynakey.device.keys.TwoSlotKeyStoreTest.psk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dynakey.device.hal.MemorySecureStorage;
import io.dynakey.device.hal.StorageException;
import io.dynakey.device.testing.PowerCutStorage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Cuts power at every write step of a sequence of rotations, in each way a write can end
 * (before, after, torn), reboots, and checks that a usable key survived and the epoch did not
 * go back.
 */
class PowerCutTest {

    private static final int ROTATIONS = 6;
    private static final String[] MODES = {"before", "after", "torn"};

    /**
     * Runs provision + ROTATIONS x (stage, commit) on {@code storage} until power fails.
     *
     * @return the highest epoch whose provision/commit call returned (-1 when none)
     */
    private static int runUntilPowerFails(PowerCutStorage storage, int firstEpoch, boolean provision) {
        int acknowledged = firstEpoch - 1;
        try {
            TwoSlotKeyStore store = new TwoSlotKeyStore(storage);
            store.load();
            if (provision) {
                store.provision(firstEpoch, psk(firstEpoch), 0);
                acknowledged = firstEpoch;
            } else {
                acknowledged = store.activeEpoch();
                if (store.hasStagedKey()) {
                    store.commit(store.stagedEpoch());
                    acknowledged = store.activeEpoch();
                }
            }
            for (int i = 0; i < ROTATIONS; i++) {
                int next = store.activeEpoch() + 1;
                store.stage(next, psk(next), 0);
                store.commit(next);
                assertEquals(next, store.activeEpoch());
                acknowledged = next;
            }
        } catch (StorageException e) {
            assertTrue(storage.powerLost(), "storage failed without a power cut: " + e.getMessage());
        } catch (KeyStoreException e) {
            fail("store refused a legal operation: " + e.getMessage());
        }
        return acknowledged;
    }

    /** Reboots over the surviving storage and checks the invariants; returns the active epoch. */
    private static int rebootAndCheck(MemorySecureStorage backing, int acknowledged, String where) throws Exception {
        TwoSlotKeyStore store = new TwoSlotKeyStore(backing);
        store.load();
        if (acknowledged < 0) {
            // provisioning itself was cut: either nothing or the provisioned key
            if (store.hasActiveKey()) {
                byte[] k = new byte[16];
                assertArrayEquals(psk(store.copyActiveKey(k, 0)), k, where);
            }
            return store.activeEpoch();
        }
        assertTrue(store.hasActiveKey(), where + ": no usable key");
        int epoch = store.activeEpoch();
        assertTrue(epoch >= acknowledged, where + ": epoch went back from " + acknowledged + " to " + epoch);
        assertTrue(epoch <= acknowledged + 1, where + ": epoch " + epoch + " was never written");
        byte[] key = new byte[16];
        assertEquals(epoch, store.copyActiveKey(key, 0));
        assertArrayEquals(psk(epoch), key, where + ": active key is not the key of its epoch");
        if (store.hasStagedKey()) {
            assertEquals(epoch + 1, store.stagedEpoch(), where);
            assertEquals(epoch + 1, store.copyStagedKey(key, 0));
            assertArrayEquals(psk(epoch + 1), key, where + ": staged key damaged");
        }
        return epoch;
    }

    @Test
    void a_cut_at_any_write_step_leaves_a_usable_key_and_a_non_decreasing_epoch() throws Exception {
        int steps = 1 + 2 * ROTATIONS;
        int cases = 0;
        for (int mode = 0; mode < MODES.length; mode++) {
            for (int k = 1; k <= steps; k++) {
                PowerCutStorage storage = new PowerCutStorage(new MemorySecureStorage(), k, mode);
                int acknowledged = runUntilPowerFails(storage, 0, true);
                assertTrue(storage.powerLost(), "step " + k + " was never reached");
                String where = "cut " + MODES[mode] + " write " + k;
                int epoch = rebootAndCheck(storage.backing(), acknowledged, where);

                // after the reboot the device carries on rotating
                if (epoch >= 0) {
                    TwoSlotKeyStore probe = new TwoSlotKeyStore(storage.backing());
                    probe.load();
                    int resumed = probe.hasStagedKey() ? 1 : 0;
                    PowerCutStorage healthy = new PowerCutStorage(storage.backing(), 0, mode);
                    int after = runUntilPowerFails(healthy, 0, false);
                    assertEquals(epoch + resumed + ROTATIONS, after, where);
                    rebootAndCheck(storage.backing(), after, where + ", then recovered");
                }
                cases++;
            }
        }
        assertEquals(3 * steps, cases);
    }

    @Test
    void repeated_random_cuts_never_lose_the_key_or_move_the_epoch_back() throws Exception {
        Random random = new Random(77);
        for (int run = 0; run < 100; run++) {
            MemorySecureStorage backing = new MemorySecureStorage();
            new TwoSlotKeyStore(backing).load();
            TwoSlotKeyStore first = new TwoSlotKeyStore(backing);
            first.load();
            first.provision(0, psk(0), 0);
            int lastSeen = 0;
            for (int boot = 0; boot < 20; boot++) {
                int mode = random.nextInt(3);
                PowerCutStorage storage = new PowerCutStorage(backing, 1 + random.nextInt(6), mode);
                int acknowledged = runUntilPowerFails(storage, 0, false);
                int epoch = rebootAndCheck(backing, Math.max(acknowledged, lastSeen), "run " + run + " boot " + boot);
                assertTrue(epoch >= lastSeen, "epoch went back from " + lastSeen + " to " + epoch);
                lastSeen = epoch;
            }
            assertTrue(lastSeen > 0, "run " + run + " made no progress");
        }
    }
}
