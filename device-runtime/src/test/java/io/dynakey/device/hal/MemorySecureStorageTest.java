package io.dynakey.device.hal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
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
        StorageException e = assertThrows(StorageException.class, () -> s.write(1, new byte[5], 0, 5));
        assertEquals(HalException.REASON_TOO_LARGE, e.reason());
        assertEquals(4, s.read(1, out, 0, 4));
        s.erase(1);
        assertEquals(-1, s.read(1, out, 0, 4));
    }

    @Test
    void a_read_into_a_buffer_too_small_is_refused_and_never_truncated() throws Exception {
        MemorySecureStorage s = new MemorySecureStorage();
        s.write(SecureStorage.SLOT_STATE, new byte[] {1, 2, 3, 4, 5, 6}, 0, 6);

        byte[] small = new byte[8];
        StorageException byMax = assertThrows(StorageException.class, () -> s.read(SecureStorage.SLOT_STATE, small, 0, 5));
        assertEquals(HalException.REASON_TOO_LARGE, byMax.reason());
        StorageException byOffset = assertThrows(StorageException.class,
                () -> s.read(SecureStorage.SLOT_STATE, small, 3, 8));
        assertEquals(HalException.REASON_TOO_LARGE, byOffset.reason());
        assertArrayEquals(new byte[8], small, "a refused read writes nothing");

        assertEquals(6, s.read(SecureStorage.SLOT_STATE, small, 2, 6));
        assertArrayEquals(new byte[] {0, 0, 1, 2, 3, 4, 5, 6}, small);
    }

    @Test
    void a_write_range_outside_the_caller_buffer_is_misuse() {
        MemorySecureStorage s = new MemorySecureStorage(2, 16);
        assertThrows(IllegalArgumentException.class, () -> s.write(0, new byte[4], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> s.write(0, new byte[4], -1, 1));
        assertThrows(IllegalArgumentException.class, () -> s.write(2, new byte[4], 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new MemorySecureStorage(0, 16));
    }

    @Test
    void an_overwritten_or_erased_record_is_wiped() throws Exception {
        MemorySecureStorage s = new MemorySecureStorage(2, 16);
        s.write(0, new byte[] {7, 7, 7}, 0, 3);
        byte[] first = internal(s)[0];
        s.write(0, new byte[] {8, 8}, 0, 2);
        assertArrayEquals(new byte[3], first);

        byte[] second = internal(s)[0];
        s.erase(0);
        assertArrayEquals(new byte[2], second);
        assertNull(s.peek(0));
    }

    @Test
    void peek_and_poke_bypass_the_write_count_and_copy_their_arrays() throws Exception {
        MemorySecureStorage s = new MemorySecureStorage();
        s.write(0, new byte[] {1, 2}, 0, 2);
        s.erase(1);
        assertEquals(2, s.writeCount());

        byte[] torn = {9, 9, 9};
        s.poke(0, torn);
        torn[0] = 0;
        byte[] seen = s.peek(0);
        assertArrayEquals(new byte[] {9, 9, 9}, seen);
        seen[1] = 0;
        assertArrayEquals(new byte[] {9, 9, 9}, s.peek(0));
        s.poke(0, null);
        assertNull(s.peek(0));
        assertEquals(2, s.writeCount());
    }

    private static byte[][] internal(MemorySecureStorage s) throws Exception {
        Field f = MemorySecureStorage.class.getDeclaredField("slots");
        f.setAccessible(true);
        return (byte[][]) f.get(s);
    }
}
