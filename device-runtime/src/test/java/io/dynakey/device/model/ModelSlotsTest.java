package io.dynakey.device.model;

import static io.dynakey.device.model.SignedModelFiles.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dynakey.device.hal.MemorySecureStorage;
import io.dynakey.device.hal.SecureStorage;
import io.dynakey.device.hal.StorageException;
import io.dynakey.device.testing.PowerCutStorage;
import io.dynakey.models.FeatureIds;
import io.dynakey.models.TinyModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModelSlotsTest {

    private static final int MAX = 8 * 1024;
    private static final ModelSlots.FeatureSupport ALL = id -> true;

    private static ModelSlots slots(SecureStorage storage) {
        return new ModelSlots(storage, SignedModelFiles.PUBLIC, MAX, ALL);
    }

    private static int offer(ModelSlots s, byte[] file) throws StorageException {
        System.arraycopy(file, 0, s.stagingBuffer(), 0, file.length);
        return s.offerStaged(file.length);
    }

    @Test
    void a_newer_signed_model_is_activated_and_survives_a_reboot() throws Exception {
        MemorySecureStorage storage = new MemorySecureStorage();
        ModelSlots s = slots(storage);
        s.load();
        byte[] v1 = signed("forest-10", 1);
        byte[] v2 = signed("forest-10", 2);

        assertEquals(ModelSlots.RESULT_ACTIVATED, s.provision(v1, v1.length));
        assertEquals(ModelSlots.RESULT_ACTIVATED, offer(s, v2));

        assertEquals(2, s.activeVersion());
        ModelSlots rebooted = slots(storage);
        assertTrue(rebooted.load());
        assertEquals(2, rebooted.activeVersion());
        TinyModel m = rebooted.active();
        assertTrue(Arrays.equals(v2, Arrays.copyOfRange(m.buffer(), 0, m.fileLength())));
    }

    @Test
    void older_unsigned_corrupt_and_unsupported_models_are_refused_and_nothing_is_written() throws Exception {
        MemorySecureStorage storage = new MemorySecureStorage();
        ModelSlots s = slots(storage);
        s.load();
        byte[] v1 = signed("forest-10", 1);
        byte[] v5 = signed("forest-10", 5);
        s.provision(v5, v5.length);
        int writes = storage.writeCount();

        assertEquals(ModelSlots.RESULT_NOT_NEWER, offer(s, v1), "rollback to an older version");
        assertEquals(ModelSlots.RESULT_NOT_NEWER, offer(s, v5), "the same version");
        assertEquals(ModelSlots.RESULT_BAD_SIGNATURE,
                offer(s, signed("forest-10", 6, SignedModelFiles.OTHER_PRIVATE, SignedModelFiles.OTHER_PUBLIC)));
        byte[] flipped = signed("forest-10", 7);
        flipped[200] ^= 1;
        assertEquals(ModelSlots.RESULT_BAD_FILE, offer(s, flipped), "CRC");
        byte[] cut = Arrays.copyOf(signed("forest-10", 7), 300);
        assertEquals(ModelSlots.RESULT_BAD_FILE, offer(s, cut), "truncated");
        ModelSlots picky = new ModelSlots(storage, SignedModelFiles.PUBLIC, MAX, id -> id != FeatureIds.BYTES_IN);
        picky.load();
        byte[] v8 = signed("forest-10", 8);
        assertEquals(ModelSlots.RESULT_UNSUPPORTED_FEATURE, offer(picky, v8));

        assertEquals(writes, storage.writeCount(), "no refused model reached storage");
        assertEquals(5, s.activeVersion());
    }

    /**
     * Cuts power at every write step of three updates, in each way a write can end, reboots, and
     * checks that a verified model is active and its version never went back.
     */
    @Test
    void a_power_cut_at_any_write_step_leaves_a_verified_model_active() throws Exception {
        byte[][] versions = new byte[5][];
        for (int v = 1; v <= 4; v++) {
            versions[v] = signed("forest-10", v);
        }
        int cases = 0;
        for (int mode : new int[] {PowerCutStorage.CUT_BEFORE, PowerCutStorage.CUT_AFTER, PowerCutStorage.CUT_TORN}) {
            for (int step = 1; step <= 4; step++) {
                MemorySecureStorage backing = new MemorySecureStorage();
                PowerCutStorage storage = new PowerCutStorage(backing, step, mode);
                long acknowledged = 0;
                try {
                    ModelSlots s = slots(storage);
                    s.load();
                    for (int v = 1; v <= 4; v++) {
                        int r = v == 1 ? s.provision(versions[v], versions[v].length) : offer(s, versions[v]);
                        assertEquals(ModelSlots.RESULT_ACTIVATED, r);
                        acknowledged = v;
                    }
                } catch (StorageException e) {
                    assertTrue(storage.powerLost(), "storage failed without a power cut");
                }
                ModelSlots rebooted = slots(backing);
                boolean any = rebooted.load();
                String where = "mode " + mode + ", step " + step;
                if (acknowledged == 0) {
                    assertTrue(!any || rebooted.activeVersion() == 1, where + ": only the factory model could be there");
                } else {
                    assertTrue(any, where + ": no verified model after the cut");
                    long v = rebooted.activeVersion();
                    assertTrue(v == acknowledged || v == acknowledged + 1, where + ": version " + v + " after " + acknowledged);
                    if (mode == PowerCutStorage.CUT_TORN) {
                        assertEquals(acknowledged, v, where + ": a torn file is never active");
                    }
                }
                cases++;
            }
        }
        assertEquals(12, cases);
    }

    @Test
    void slots_too_small_for_the_model_budget_are_refused() {
        try {
            new ModelSlots(new MemorySecureStorage(7, 1024), SignedModelFiles.PUBLIC, MAX, ALL);
            fail("accepted 1 KB slots for an 8 KB budget");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("8192"));
        }
    }
}
