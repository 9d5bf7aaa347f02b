package io.dynakey.device.cbor;

import static io.dynakey.device.testing.Hex.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CborWriterTest {

    private final byte[] buf = new byte[64];
    private final CborWriter w = new CborWriter(4);

    @Test
    void integers_take_the_shortest_head_at_every_boundary() throws Exception {
        long[] values = {0, 23, 24, 255, 256, 65535, 65536, 4294967295L, 4294967296L, Long.MAX_VALUE,
            -1, -24, -25, -256, -257, Long.MIN_VALUE};
        String[] expected = {"00", "17", "1818", "18ff", "190100", "19ffff", "1a00010000", "1affffffff",
            "1b0000000100000000", "1b7fffffffffffffff", "20", "37", "3818", "38ff", "390100", "3b7fffffffffffffff"};
        for (int i = 0; i < values.length; i++) {
            w.reset(buf, 0, buf.length).writeInt(values[i]);
            assertEquals(expected[i], encode(buf, 0, w.finish()), "value " + values[i]);
        }
    }

    @Test
    void a_nested_map_encodes_as_the_rfc_example() throws Exception {
        byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        w.reset(buf, 3, buf.length).writeMapHeader(2).writeText(a, 0, 1).writeUnsigned(1).writeText(b, 0, 1)
                .writeArrayHeader(2).writeUnsigned(2).writeUnsigned(3);
        assertEquals(9, w.finish());
        assertEquals("a26161016162820203", encode(buf, 3, 9));
    }

    @Test
    void an_incomplete_container_a_full_buffer_and_deep_nesting_are_refused() throws Exception {
        w.reset(buf, 0, buf.length).writeArrayHeader(2).writeUnsigned(1);
        assertEquals(CborException.REASON_INCOMPLETE, assertThrows(CborException.class, w::finish).reason());

        w.reset(buf, 0, 4);
        assertEquals(CborException.REASON_BUFFER_TOO_SMALL,
                assertThrows(CborException.class, () -> w.writeBytes(new byte[4], 0, 4)).reason());

        w.reset(buf, 0, buf.length).writeArrayHeader(1).writeArrayHeader(1).writeArrayHeader(1).writeArrayHeader(1);
        assertEquals(CborException.REASON_DEPTH_EXCEEDED,
                assertThrows(CborException.class, () -> w.writeArrayHeader(1)).reason());

        byte[] bad = {(byte) 0xc0, (byte) 0xaf};
        assertEquals(CborException.REASON_INVALID_UTF8,
                assertThrows(CborException.class, () -> w.reset(buf, 0, buf.length).writeText(bad, 0, 2)).reason());
    }
}
