package io.dynakey.device.rotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.wire.Limits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PskIdentityTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void an_identity_names_device_and_epoch_and_parses_back() {
        byte[] out = new byte[PskIdentity.MAX_LENGTH];
        byte[] id = b("sensor-17");
        int n = PskIdentity.encode(id, 0, id.length, 2147483647, out, 0);
        assertEquals("dk:sensor-17:2147483647", new String(out, 0, n, StandardCharsets.US_ASCII));
        assertEquals(9, PskIdentity.deviceIdLength(out, 0, n));
        assertEquals(2147483647, PskIdentity.epoch(out, 0, n));
        n = PskIdentity.encode(id, 0, id.length, 0, out, 0);
        assertEquals("dk:sensor-17:0", new String(out, 0, n, StandardCharsets.US_ASCII));
    }

    @Test
    void malformed_identities_are_refused() {
        for (String s : new String[] {"dk:a:01", "dk:a:2147483648", "dk::1", "dk:a b:1", "dk:a:", "op:admin", "dk:a:1x",
                "dk:a:-1", "dk:" + "x".repeat(Limits.MAX_DEVICE_ID + 1) + ":1", "dk:a"}) {
            byte[] in = b(s);
            assertEquals(-1, PskIdentity.deviceIdLength(in, 0, in.length), s);
            assertEquals(-1, PskIdentity.epoch(in, 0, in.length), s);
        }
        assertThrows(IllegalArgumentException.class, () -> PskIdentity.encode(b("a:b"), 0, 3, 1, new byte[64], 0));
        assertThrows(IllegalArgumentException.class, () -> PskIdentity.encode(b("a"), 0, 1, -1, new byte[64], 0));
    }

    @Test
    void the_host_forms_give_the_same_bytes_as_the_device_form() {
        byte[] id = b("gw.node_7-A");
        byte[] device = new byte[PskIdentity.MAX_LENGTH + 5];
        int n = PskIdentity.encode(id, 0, id.length, 1234, device, 5);

        byte[] fromString = new byte[PskIdentity.MAX_LENGTH];
        int m = PskIdentity.encode("gw.node_7-A", 1234, fromString, 0);
        byte[] exact = PskIdentity.of("gw.node_7-A", 1234);

        assertEquals("dk:gw.node_7-A:1234", new String(exact, StandardCharsets.US_ASCII));
        assertEquals(n, m);
        assertArrayEquals(java.util.Arrays.copyOfRange(device, 5, 5 + n), java.util.Arrays.copyOf(fromString, m));
        assertArrayEquals(java.util.Arrays.copyOf(fromString, m), exact);
        assertEquals(11, PskIdentity.deviceIdLength(exact, 0, exact.length));
        assertEquals(1234, PskIdentity.epoch(exact, 0, exact.length));
    }

    @Test
    void the_string_and_byte_id_rules_agree_on_length_and_characters() {
        String longest = "x".repeat(Limits.MAX_DEVICE_ID);
        for (String id : new String[] {"a", longest, longest + "x", "", "a b", "a:b", "caf\u00e9", "A.Z_0-9"}) {
            byte[] bytes = id.getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(PskIdentity.validId(bytes, 0, bytes.length), PskIdentity.validId(id), id);
        }
        assertTrue(PskIdentity.validId(longest));
        assertFalse(PskIdentity.validId(longest + "x"));
        assertFalse(PskIdentity.validId((String) null));
        assertEquals(3 + Limits.MAX_DEVICE_ID + 1 + 10, PskIdentity.of(longest, Integer.MAX_VALUE).length);
        assertThrows(IllegalArgumentException.class, () -> PskIdentity.of(longest + "x", 0));
        assertThrows(IllegalArgumentException.class, () -> PskIdentity.of("a", -1));
        assertThrows(IllegalArgumentException.class, () -> PskIdentity.encode("a", 0, new byte[PskIdentity.MAX_LENGTH - 1], 0));
    }
}
