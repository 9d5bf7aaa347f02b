package io.dynakey.device.cbor;

import static io.dynakey.device.testing.Hex.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 8949 Appendix A: every example of the supported subset decodes to its diagnostic notation
 * and re-encodes to the same bytes; every other example is refused with the precise reason.
 */
class CborAppendixATest {

    private final CborReader reader = new CborReader(8, 1024, 64);

    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "0|00", "1|01", "10|0a", "23|17", "24|1818", "25|1819", "100|1864", "1000|1903e8", "1000000|1a000f4240",
        "1000000000000|1b000000e8d4a51000", "18446744073709551615|1bffffffffffffffff",
        "-18446744073709551616|3bffffffffffffffff", "-1|20", "-10|29", "-100|3863", "-1000|3903e7",
        "false|f4", "true|f5", "null|f6",
        "h''|40", "h'01020304'|4401020304",
        "`\"\"`|60", "`\"a\"`|6161", "`\"IETF\"`|6449455446", "`\"\\\"\\\\\"`|62225c",
        "`\"\u00fc\"`|62c3bc", "`\"\u6c34\"`|63e6b0b4", "`\"\ud800\udd51\"`|64f0908591",
        "[]|80", "`[1, 2, 3]`|83010203", "`[1, [2, 3], [4, 5]]`|8301820203820405",
        "`[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]`"
            + "|98190102030405060708090a0b0c0d0e0f101112131415161718181819",
        "{}|a0", "`{1: 2, 3: 4}`|a201020304", "`{\"a\": 1, \"b\": [2, 3]}`|a26161016162820203",
        "`[\"a\", {\"b\": \"c\"}]`|826161a161626163",
        "`{\"a\": \"A\", \"b\": \"B\", \"c\": \"C\", \"d\": \"D\", \"e\": \"E\"}`"
            + "|a56161614161626142616361436164614461656145",
    })
    void supported_examples_decode_to_their_diagnostic_and_reencode_identically(String diagnostic, String hex)
            throws Exception {
        String[] result = CborWalk.roundTrip(reader, decode(hex));
        assertEquals(diagnostic, result[0]);
        assertEquals(hex, result[1]);
    }

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', value = {
        // bignums and other tags
        "c249010000000000000000|6", "c349010000000000000000|6",
        "c074323031332d30332d32315432303a30343a30305a|6", "c11a514b67b0|6", "c1fb41d452d9ec200000|6",
        "d74401020304|6", "d818456449455446|6", "d82076687474703a2f2f7777772e6578616d706c652e636f6d|6",
        // floating point
        "f90000|7", "f98000|7", "f93c00|7", "fb3ff199999999999a|7", "f93e00|7", "f97bff|7", "fa47c35000|7",
        "fa7f7fffff|7", "fb7e37e43c8800759c|7", "f90001|7", "f90400|7", "f9c400|7", "fbc010666666666666|7",
        "f97c00|7", "f97e00|7", "f9fc00|7", "fa7f800000|7", "fa7fc00000|7", "faff800000|7",
        "fb7ff0000000000000|7", "fb7ff8000000000000|7", "fbfff0000000000000|7",
        // simple values other than false/true/null
        "f7|8", "f0|8", "f8ff|8",
        // indefinite lengths
        "5f42010243030405ff|4", "7f657374726561646d696e67ff|4", "9fff|4", "9f018202039f0405ffff|4",
        "9f01820203820405ff|4", "83018202039f0405ff|4", "83019f0203ff820405|4",
        "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff|4", "bf61610161629f0203ffff|4",
        "826161bf61626163ff|4", "bf6346756ef563416d7421ff|4",
    })
    void unsupported_examples_are_refused_with_their_reason(String hex, int reason) {
        byte[] in = decode(hex);
        CborException e = assertThrows(CborException.class, () -> reader.reset(in, 0, in.length));
        assertEquals(reason, e.reason(), CborException.reasonName(e.reason()));
    }
}
