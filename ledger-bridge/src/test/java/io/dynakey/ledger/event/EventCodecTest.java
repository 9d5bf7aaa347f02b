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
import java.util.HexFormat;
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
    void a_key_commitment_depends_on_kind_salt_scope_epoch_and_key_and_is_not_the_key() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x5a);
        byte[] salt = new byte[KeyCommitment.SALT_LENGTH];
        KeyCommitment.Kind dev = KeyCommitment.Kind.DEVICE_KEY;

        KeyCommitment c = KeyCommitment.of(dev, salt, "dev-1", 1, key);

        assertEquals(KeyCommitment.LENGTH, c.toBytes().length);
        assertEquals(c, KeyCommitment.of(dev, salt.clone(), "dev-1", 1, key.clone()));
        assertNotEquals(c, KeyCommitment.of(KeyCommitment.Kind.GROUP_KEY, salt, "dev-1", 1, key));
        assertNotEquals(c, KeyCommitment.of(dev, salt, "dev-2", 1, key));
        assertNotEquals(c, KeyCommitment.of(dev, salt, "dev-1", 2, key));
        assertNotEquals(c, KeyCommitment.unsaltedV1("dev-1", 1, key));
        salt[15] ^= 1;
        assertNotEquals(c, KeyCommitment.of(dev, salt, "dev-1", 1, key));
        salt[15] ^= 1;
        key[31] ^= 1;
        assertNotEquals(c, KeyCommitment.of(dev, salt, "dev-1", 1, key));
        assertThrows(IllegalArgumentException.class, () -> KeyCommitment.of(dev, salt, "dev-1", 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> KeyCommitment.of(dev, new byte[15], "dev-1", 1, key));
        assertThrows(IllegalArgumentException.class, () -> KeyCommitment.salt(new byte[31], dev, "dev-1", 1));
    }

    @Test
    void salts_and_commitments_match_vectors_computed_with_python_hashlib_and_hmac() {
        // python3: hmac.new(secret, b"dynakey/ledger/commitment-salt/v2\0" + bytes([kind]) + pack(">H", len(scope))
        //          + scope + pack(">Q", epoch), sha256).digest()[:16], and sha256(b"dynakey/ledger/key-commitment/v2\0"
        //          + bytes([kind]) + salt + pack(">H", len(scope)) + scope + pack(">Q", epoch) + key).digest()[:16]
        byte[] secret = new byte[32];
        for (int i = 0; i < 32; i++) {
            secret[i] = (byte) i;
        }
        byte[] key = new byte[16];
        for (int i = 0; i < 16; i++) {
            key[i] = (byte) (0x10 + i);
        }
        HexFormat hex = HexFormat.of();

        byte[] deviceSalt = KeyCommitment.salt(secret, KeyCommitment.Kind.DEVICE_KEY, "dev-1", 7);
        byte[] groupSalt = KeyCommitment.salt(secret, KeyCommitment.Kind.GROUP_KEY, "3", 5);

        assertEquals("ef6612007fa13ff5f2b96a157f9cf030", hex.formatHex(deviceSalt));
        assertEquals("359ccaac6411b58f5abaca5bf7d1924c",
                KeyCommitment.of(KeyCommitment.Kind.DEVICE_KEY, deviceSalt, "dev-1", 7, key).toHex());
        assertEquals("1d94280a8a6b45e2bdc0f99e587da9e1", hex.formatHex(groupSalt));
        assertEquals("6b68dd83930fa1fb068b4a8e8590f46c",
                KeyCommitment.of(KeyCommitment.Kind.GROUP_KEY, groupSalt, "3", 5, key).toHex());
        // version 1, as journals written before h17 hold it
        assertEquals("f569a2dfab697d440d460f4d3295ac86", KeyCommitment.unsaltedV1("dev-1", 7, key).toHex());
    }
}
