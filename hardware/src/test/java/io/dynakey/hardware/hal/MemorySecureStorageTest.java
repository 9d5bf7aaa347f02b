package io.dynakey.hardware.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.device.hal.StorageException;
import org.junit.jupiter.api.Test;

class MemorySecureStorageTest {

    @Test
    void a_record_is_copied_in_and_out_and_an_oversized_one_leaves_the_slot_alone() throws Exception {
        MemorySecureStorage s = new MemorySecureStorage(3, 4);
        byte[] in = {1, 2, 3, 4};
        s.write(1, in, 0, 4);
        in[0] = 9;
        byte[] out = new byte[4];
        assertEquals(4, s.read(1, out, 0, 4));
        assertEquals(1, out[0]);
        assertThrows(StorageException.class, () -> s.write(1, new byte[5], 0, 5));
        assertEquals(4, s.read(1, out, 0, 4));
        s.erase(1);
        assertEquals(-1, s.read(1, out, 0, 4));
    }
}
