package io.dynakey.device.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void a_needle_is_found_at_its_first_place_including_the_very_end() {
        byte[] hay = {1, 2, 3, 1, 2, 3, 4};
        assertEquals(0, Bytes.indexOf(hay, new byte[] {1, 2}));
        assertEquals(4, Bytes.indexOf(hay, new byte[] {2, 3, 4}));
        assertEquals(0, Bytes.indexOf(hay, new byte[0]));
        assertTrue(Bytes.contains(hay, new byte[] {3, 4}));
    }

    @Test
    void a_partial_match_or_a_needle_longer_than_the_hay_is_not_found() {
        byte[] hay = {1, 2, 3};
        assertFalse(Bytes.contains(hay, new byte[] {2, 3, 4}));
        assertFalse(Bytes.contains(hay, new byte[] {1, 2, 3, 4}));
        assertEquals(-1, Bytes.indexOf(hay, new byte[] {3, 2}));
        assertFalse(Bytes.contains(new byte[0], new byte[] {1}));
    }
}
