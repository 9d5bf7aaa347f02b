package io.dynakey.device.cbor;

import static io.dynakey.device.testing.Hex.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CborReaderTest {

    private final CborReader reader = new CborReader(4, 16, 8);

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "1817|3|integer 23 in one extra byte", "190017|3|integer in two bytes", "19 00ff|3|255 in two bytes",
        "1a0000ffff|3|65535 in four bytes", "1b00000000ffffffff|3|2^32-1 in eight bytes",
        "3817|3|negative not shortest", "5801 61|3|byte string length not shortest",
        "98 01 00|3|array count not shortest", "b8 01 0000|3|map count not shortest",
        "a2 03 04 01 02|11|keys out of order", "a2 01 02 01 03|12|duplicate key",
        "a2 626161 01 6162 02|11|longer key first although bytewise larger",
        "0000|2|two items", "|1|empty input", "1a0000|1|truncated argument", "6261|1|truncated string",
        "8201|1|array missing an item", "a101|1|map missing its value",
        "8181818181 00|9|five levels of nesting", "71 6161616161616161616161616161616161|10|string over the limit",
        "89 000000000000000000|10|array over the limit",
        "62c0af|13|overlong UTF-8", "63eda080|13|UTF-8 surrogate", "64f4900000|13|above U+10FFFF", "61ff|13|0xff",
        "1c|5|reserved additional info 28", "3d|5|reserved additional info 29", "f818|5|two-byte simple below 32",
        "ff|5|stray break", "1f|5|indefinite integer", "df|6|tag with indefinite argument",
        "9b 00000001 00000000|10|array of 2^32 items", "5b ffffffffffffffff|10|string of 2^64-1 bytes",
    })
    void non_deterministic_or_malformed_input_is_refused_with_reason(String hex, int reason, String what) {
        byte[] in = hex == null ? new byte[0] : decode(hex);
        CborException e = assertThrows(CborException.class, () -> reader.reset(in, 0, in.length));
        assertEquals(reason, e.reason(), what + " gave " + e.getMessage());
        assertTrue(e.offset() >= 0 && e.offset() <= in.length);
        assertTrue(reader.atEnd(), "a refused input must not be readable");
    }

    @Test
    void keys_in_bytewise_order_are_accepted_even_when_a_shorter_key_sorts_later() throws Exception {
        byte[] in = decode("a2 6162 02 626161 01");
        reader.reset(in, 0, in.length);
        assertEquals(2, reader.readMapHeader());
    }

    @Test
    void an_item_inside_a_larger_buffer_is_read_at_its_offset_and_errors_carry_absolute_offsets() {
        byte[] in = decode("ffff 8201 1817 ffff");
        CborException e = assertThrows(CborException.class, () -> reader.reset(in, 2, 4));
        assertEquals(CborException.REASON_NOT_SHORTEST, e.reason());
        assertEquals(4, e.offset());
    }

    @Test
    void typed_reads_check_the_type_the_range_and_the_caller_buffer() throws Exception {
        byte[] in = decode("86 1bffffffffffffffff 3863 4401020304 f5 f6 1a00010000");
        reader.reset(in, 0, in.length);
        assertEquals(6, reader.readArrayHeader());
        assertEquals(CborException.REASON_OUT_OF_RANGE,
                assertThrows(CborException.class, reader::readLong).reason());
        assertEquals(-1L, reader.readUint64Bits());
        assertEquals(CborException.REASON_TYPE_MISMATCH,
                assertThrows(CborException.class, reader::readArrayHeader).reason());
        assertEquals(-100, reader.readLong());
        byte[] small = new byte[3];
        assertEquals(CborException.REASON_LENGTH_EXCEEDED,
                assertThrows(CborException.class, () -> reader.readBytes(small, 0, 3)).reason());
        byte[] four = new byte[4];
        assertEquals(4, reader.readBytes(four, 0, 4));
        assertEquals(4, four[3]);
        assertTrue(reader.readBoolean());
        reader.readNull();
        assertEquals(CborException.REASON_OUT_OF_RANGE,
                assertThrows(CborException.class, () -> reader.readInt(0, 0xffff)).reason());
        assertEquals(65536, reader.readInt(0, Integer.MAX_VALUE));
        assertTrue(reader.atEnd());
        assertEquals(CborType.END, reader.peekType());
        assertEquals(CborException.REASON_END_OF_INPUT,
                assertThrows(CborException.class, reader::readLong).reason());
    }

    @Test
    void skip_passes_over_nested_items() throws Exception {
        byte[] in = decode("83 a2 01 82 02 03 04 6161 05 07");
        CborReader r = new CborReader();
        r.reset(in, 0, in.length);
        assertEquals(3, r.readArrayHeader());
        r.skip();
        r.skip();
        assertFalse(r.atEnd());
        assertEquals(7, r.readLong());
        assertTrue(r.atEnd());
    }
}
