package io.dynakey.device.rotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
                "dk:a:-1", "dk:" + "x".repeat(33) + ":1", "dk:a"}) {
            byte[] in = b(s);
            assertEquals(-1, PskIdentity.deviceIdLength(in, 0, in.length), s);
            assertEquals(-1, PskIdentity.epoch(in, 0, in.length), s);
        }
        assertThrows(IllegalArgumentException.class, () -> PskIdentity.encode(b("a:b"), 0, 3, 1, new byte[64], 0));
        assertThrows(IllegalArgumentException.class, () -> PskIdentity.encode(b("a"), 0, 1, -1, new byte[64], 0));
    }
}
