package io.dynakey.ledger.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.wire.Limits;
import io.dynakey.device.wire.RotationReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void every_event_type_round_trips_to_the_same_bytes() throws Exception {
        long seq = 1;
        for (EventBody body : SampleEvents.oneOfEach()) {
            LedgerEvent event = new LedgerEvent(seq++, 1_764_000_000_123L, body);

            byte[] bytes = event.encode();
            LedgerEvent back = EventCodec.decode(bytes);

            assertEquals(event, back);
            assertArrayEquals(bytes, back.encode());
            assertEquals(body, EventCodec.decodeBody(EventCodec.encodeBody(body)));
        }
    }

    @Test
    void the_encoding_of_a_rotation_is_pinned() {
        // golden bytes: a change here is a format change and needs a new version
        KeyCommitment c = KeyCommitment.fromBytes(new byte[16]);
        LedgerEvent e = new LedgerEvent(2, 3, new Rotated("d", 4, 1, 500, 6, c));

        String hex = java.util.HexFormat.of().formatHex(e.encode());

        assertEquals("01" + "0000000000000002" + "0000000000000003" + "02" + "0164" + "0000000000000004"
                + "01" + "01f4" + "00000006" + "00000000000000000000000000000000", hex);
    }

    @Test
    void the_longest_device_id_fits_the_id_field() throws Exception {
        String longest = "d".repeat(Limits.MAX_DEVICE_ID);
        assertTrue(PskIdentity.validId(longest));
        LedgerEvent e = new LedgerEvent(1, 0, new Revoked(longest, 3, RotationReason.DECOMMISSIONED));

        assertEquals(e, EventCodec.decode(e.encode()));
        assertTrue(Limits.MAX_DEVICE_ID <= Ids.MAX_LENGTH);
    }

    @Test
    void every_truncation_is_refused_as_truncated() {
        for (EventBody body : SampleEvents.oneOfEach()) {
            byte[] bytes = new LedgerEvent(7, 0, body).encode();
            for (int n = 0; n < bytes.length; n++) {
                byte[] cut = Arrays.copyOf(bytes, n);
                EventFormatException ex = assertThrows(EventFormatException.class, () -> EventCodec.decode(cut));
                assertEquals(EventFormatException.Reason.TRUNCATED, ex.reason(), "cut at " + n);
            }
        }
    }

    @Test
    void trailing_bytes_unknown_versions_and_types_are_refused_with_their_offset() {
        byte[] ok = new LedgerEvent(1, 0, SampleEvents.oneOfEach().get(1)).encode();

        byte[] longer = Arrays.copyOf(ok, ok.length + 1);
        EventFormatException trailing = assertThrows(EventFormatException.class, () -> EventCodec.decode(longer));
        assertEquals(EventFormatException.Reason.TRAILING_BYTES, trailing.reason());
        assertEquals(ok.length, trailing.offset());

        byte[] v2 = ok.clone();
        v2[0] = 2;
        assertEquals(EventFormatException.Reason.UNKNOWN_VERSION,
                assertThrows(EventFormatException.class, () -> EventCodec.decode(v2)).reason());

        byte[] type = ok.clone();
        type[17] = 99;
        EventFormatException t = assertThrows(EventFormatException.class, () -> EventCodec.decode(type));
        assertEquals(EventFormatException.Reason.UNKNOWN_TYPE, t.reason());
        assertEquals(17, t.offset());
    }

    @Test
    void out_of_range_fields_are_refused() {
        byte[] ok = new LedgerEvent(1, 0, new Rotated("d", 4, 1, 500, 6, KeyCommitment.fromBytes(new byte[16])))
                .encode();
        byte[] risk = ok.clone();
        risk[29] = 0x7f; // risk high byte: 0x7ff4 > 1000
        assertEquals(EventFormatException.Reason.OUT_OF_RANGE,
                assertThrows(EventFormatException.class, () -> EventCodec.decode(risk)).reason());

        byte[] seq0 = ok.clone();
        seq0[8] = 0;
        assertEquals(EventFormatException.Reason.OUT_OF_RANGE,
                assertThrows(EventFormatException.class, () -> EventCodec.decode(seq0)).reason());

        byte[] badId = ok.clone();
        badId[19] = 0x0a; // a newline in the device id
        assertEquals(EventFormatException.Reason.BAD_STRING,
                assertThrows(EventFormatException.class, () -> EventCodec.decode(badId)).reason());
    }

    @Test
    void a_key_commitment_depends_on_scope_epoch_and_key_and_is_not_the_key() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x5a);

        KeyCommitment c = KeyCommitment.of("dev-1", 1, key);

        assertEquals(KeyCommitment.LENGTH, c.toBytes().length);
        assertEquals(c, KeyCommitment.of("dev-1", 1, key.clone()));
        assertNotEquals(c, KeyCommitment.of("dev-2", 1, key));
        assertNotEquals(c, KeyCommitment.of("dev-1", 2, key));
        key[31] ^= 1;
        assertNotEquals(c, KeyCommitment.of("dev-1", 1, key));
        assertThrows(IllegalArgumentException.class, () -> KeyCommitment.of("dev-1", 1, new byte[0]));
    }
}
