package io.dynakey.device.wire;

import static io.dynakey.device.testing.Hex.decode;
import static io.dynakey.device.testing.Hex.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.AesCcm8;
import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.XWingKem;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireMessagesTest {

    private final CborReader reader = WireMessage.newReader();
    private final CborWriter writer = WireMessage.newWriter();
    private final byte[] buf = new byte[WireMessage.MAX_ENCODED_LENGTH];
    private final byte[] scratch = new byte[WireMessage.MAX_ENCODED_LENGTH];

    private byte[] encoded(WireMessage m) throws WireException {
        return Arrays.copyOf(buf, m.encode(writer, buf, 0, buf.length));
    }

    @Test
    void every_message_decodes_into_a_fresh_instance_and_reencodes_to_the_same_bytes() throws Exception {
        for (WireMessage m : Messages.all()) {
            byte[] bytes = encoded(m);
            assertEquals(m.type(), MessageType.peek(bytes, 0, bytes.length), m.toString());
            WireMessage copy = Messages.emptyOfType(m.type());
            copy.decode(reader, bytes, 0, bytes.length);
            assertArrayEquals(bytes, encoded(copy), m.toString());
            boolean hybrid = (m instanceof RotateRequest r && r.suite() == CipherSuite.HYBRID_X25519_MLKEM768)
                    || (m instanceof RotateResponse r2 && r2.suite() == CipherSuite.HYBRID_X25519_MLKEM768);
            assertTrue(bytes.length <= (hybrid ? 1400 : 200), m + " is " + bytes.length + " bytes");
        }
    }

    @Test
    void suite_2_messages_carry_x_wing_sizes_and_a_share_of_the_other_suite_is_refused() throws Exception {
        RotateRequest request = Messages.hybridRotateRequest();
        Messages.signAll(request, true);
        RotateResponse response = Messages.hybridRotateResponse();
        Messages.signAll(response, false);
        byte[] req = encoded(request);
        byte[] resp = encoded(response);
        assertEquals(1330, req.length, "8-byte device id; 32 bytes more with the longest");
        assertEquals(1253, resp.length);

        // a suite-1 request carrying an X-Wing-sized share, and a suite-2 one carrying an X25519 share
        RotateRequest wrong = Messages.rotateRequest();
        wrong.ephemeralKey().set(Messages.filled(XWingKem.PUBLIC_KEY_LENGTH, 1), 0, XWingKem.PUBLIC_KEY_LENGTH);
        WireException e1 = assertThrows(WireException.class, () -> wrong.encodeToBeSigned(writer, buf, 0, buf.length));
        assertEquals(RotateRequest.KEY_EPHEMERAL_KEY, e1.field());
        RotateRequest short2 = Messages.hybridRotateRequest();
        short2.ephemeralKey().set(Messages.filled(32, 1), 0, 32);
        WireException e2 = assertThrows(WireException.class, () -> short2.encodeToBeSigned(writer, buf, 0, buf.length));
        assertEquals(RotateRequest.KEY_EPHEMERAL_KEY, e2.field());
        // and on decoding: the suite byte of a suite-2 request turned to 1 makes its share the wrong length
        byte[] flipped = req.clone();
        int at = indexOf(flipped, new byte[] {0x04, 0x02});
        flipped[at + 1] = 0x01;
        WireException e3 = assertThrows(WireException.class,
                () -> new RotateRequest().decode(reader, flipped, 0, flipped.length));
        assertEquals(RotateRequest.KEY_EPHEMERAL_KEY, e3.field());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (hay[i] == needle[0] && hay[i + 1] == needle[1]) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void the_rotate_request_layout_is_pinned() throws Exception {
        RotateRequest request = Messages.rotateRequest();
        int len = request.encodeToBeSigned(writer, buf, 0, buf.length);
        assertEquals("aa"                                         // map of 10 pairs
                + "0002"                                          // 0: type = ROTATE_REQUEST
                + "01486465762d30303432"                          // 1: device id h'6465762d30303432' ("dev-0042")
                + "0206" + "0307" + "0401"                        // 2: current epoch, 3: new epoch, 4: suite
                + "055820" + "e1".repeat(32)                      // 5: ephemeral X25519 key
                + "0601" + "07190366" + "0803"                    // 6: reason RISK, 7: risk 870, 8: model version
                + "0950000102030405060708090a0b0c0d0e0f",          // 9: request id
                encode(buf, 0, len));
        Messages.signAll(request, true);
        byte[] full = encoded(request);
        assertEquals("ab", encode(full, 0, 1));
        assertEquals("0a5840", encode(full, len, 3));
        assertEquals(len + 3 + 64, full.length);
    }

    @Test
    void signatures_verify_and_any_changed_field_or_wrong_key_breaks_them() throws Exception {
        RotateRequest request = Messages.rotateRequest();
        Messages.signAll(request, true);
        byte[] bytes = encoded(request);
        RotateRequest received = new RotateRequest();
        received.decode(reader, bytes, 0, bytes.length);
        assertTrue(received.verify(Messages.DEVICE_PUB, 0, writer, scratch));
        assertFalse(received.verify(Messages.GATEWAY_PUB, 0, writer, scratch));

        for (int i = 0; i < bytes.length - 64; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            try {
                received.decode(reader, tampered, 0, tampered.length);
            } catch (WireException refused) {
                continue;
            }
            assertFalse(received.verify(Messages.DEVICE_PUB, 0, writer, scratch), "flip at byte " + i + " verified");
        }
    }

    @Test
    void a_signature_of_one_message_type_never_verifies_as_another() throws Exception {
        EnrolRequest enrol = Messages.enrolRequest();
        Messages.signAll(enrol, true);
        RotateRequest request = Messages.rotateRequest();
        request.signature().set(enrol.signature().toByteArray(), 0, 64);
        request.mark(RotateRequest.KEY_SIGNATURE);
        assertFalse(request.verify(Messages.DEVICE_PUB, 0, writer, scratch));
        assertEquals(WireException.REASON_UNSIGNED,
                assertThrows(WireException.class, () -> Messages.rotateRequest().encode(writer, buf, 0, buf.length)).reason());
    }

    @Test
    void unknown_missing_and_out_of_range_fields_are_refused_with_their_key() throws Exception {
        RotateRequest m = new RotateRequest();
        // {0: 2, 1: h'01', 11: 0}: key 11 is not defined
        assertRefused(m, "a3 0002 014101 0b00", WireException.REASON_UNKNOWN_FIELD, 11);
        // a text key
        assertRefused(m, "a2 0002 6161 00", WireException.REASON_UNKNOWN_FIELD, -1);
        // only type and device id
        assertRefused(m, "a2 0002 014101", WireException.REASON_MISSING_FIELD, RotateRequest.KEY_CURRENT_EPOCH);
        // device id of 33 bytes
        assertRefused(m, "a2 0002 015821" + "00".repeat(33), WireException.REASON_BAD_FIELD, RotateRequest.KEY_DEVICE_ID);
        // empty device id
        assertRefused(m, "a2 0002 0140", WireException.REASON_BAD_FIELD, RotateRequest.KEY_DEVICE_ID);
        // current epoch negative
        assertRefused(m, "a2 0002 0220", WireException.REASON_BAD_FIELD, RotateRequest.KEY_CURRENT_EPOCH);
        // current epoch above 2^31-1
        assertRefused(m, "a2 0002 021a80000000", WireException.REASON_BAD_FIELD, RotateRequest.KEY_CURRENT_EPOCH);
        // risk of 1001 permille
        assertRefused(m, "a2 0002 071903e9", WireException.REASON_BAD_FIELD, RotateRequest.KEY_RISK_PERMILLE);
        // a response decoded as a request
        assertRefused(m, "a1 0003", WireException.REASON_WRONG_TYPE, 0);
        // not a map
        assertRefused(m, "820002", WireException.REASON_WRONG_TYPE, -1);
        // no type
        assertRefused(m, "a1 014101", WireException.REASON_MISSING_FIELD, 0);
    }

    @Test
    void an_epoch_that_does_not_move_forward_is_refused() throws Exception {
        RotateRequest request = Messages.rotateRequest();
        Messages.signAll(request, true);
        byte[] bytes = encoded(request);
        // the new epoch (key 3) from 7 to 6
        int at = encode(bytes).indexOf("0307") / 2;
        bytes[at + 1] = 6;
        WireException e = assertThrows(WireException.class, () -> new RotateRequest().decode(reader, bytes, 0, bytes.length));
        assertEquals(WireException.REASON_BAD_FIELD, e.reason());
        assertEquals(RotateRequest.KEY_NEW_EPOCH, e.field());
    }

    @Test
    void malformed_cbor_reports_the_codec_reason_and_offset() throws Exception {
        byte[] bytes = encoded(Messages.errorResponse());
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        WireException e = assertThrows(WireException.class,
                () -> new ErrorResponse().decode(reader, trailing, 0, trailing.length));
        assertEquals(WireException.REASON_MALFORMED, e.reason());
        assertEquals(CborException.REASON_TRAILING_BYTES, e.cborReason());
        assertEquals(bytes.length, e.offset());

        byte[] big = new byte[WireMessage.MAX_ENCODED_LENGTH + 1];
        assertEquals(WireException.REASON_TOO_LARGE, assertThrows(WireException.class,
                () -> new ErrorResponse().decode(reader, big, 0, big.length)).reason());
    }

    @Test
    void a_response_without_acceptance_carries_no_key_and_an_accepted_one_must() throws Exception {
        RotateResponse later = new RotateResponse().set(RotateResponse.STATUS_RETRY_LATER, 7, 1);
        later.requestId().set(Messages.REQUEST_ID, 0, 16);
        later.requestHash().set(new byte[32], 0, 32);
        Messages.signAll(later, false);
        byte[] bytes = encoded(later);
        RotateResponse decoded = new RotateResponse();
        decoded.decode(reader, bytes, 0, bytes.length);
        assertFalse(decoded.isAccepted());
        assertFalse(decoded.has(RotateResponse.KEY_EPHEMERAL_KEY));
        assertTrue(decoded.verify(Messages.GATEWAY_PUB, 0, writer, scratch));

        // flip the status to ACCEPTED (key 1: 01 01 -> 01 00): now the key is missing
        int at = encode(bytes).indexOf("0101") / 2;
        bytes[at + 1] = 0;
        WireException e = assertThrows(WireException.class, () -> decoded.decode(reader, bytes, 0, bytes.length));
        assertEquals(RotateResponse.KEY_EPHEMERAL_KEY, e.field());
    }

    @Test
    void the_group_key_unwraps_under_the_psk_only_and_binds_group_and_version() throws Exception {
        GroupKeyResponse m = Messages.groupKeyResponse();
        byte[] bytes = encoded(m);
        GroupKeyResponse received = new GroupKeyResponse();
        received.decode(reader, bytes, 0, bytes.length);
        byte[] key = new byte[16];
        received.unwrap(new AesCcm8(), Messages.filled(16, 0x70), 0, key, 0);
        assertArrayEquals(Messages.filled(16, 0x6b), key);

        assertThrows(CryptoException.class, () -> received.unwrap(new AesCcm8(), Messages.filled(16, 0x71), 0, key, 0));
        received.set(4, 10);
        received.nonce().set(Messages.filled(13, 0x0d), 0, 13);
        received.wrappedKey().set(m.wrappedKey().toByteArray(), 0, 24);
        assertEquals(CryptoException.REASON_AUTHENTICATION_FAILED, assertThrows(CryptoException.class,
                () -> received.unwrap(new AesCcm8(), Messages.filled(16, 0x70), 0, key, 0)).reason());
    }

    @Test
    void telemetry_keeps_feature_order_signed_values_and_the_optional_risk() throws Exception {
        byte[] bytes = encoded(Messages.telemetryReport());
        TelemetryReport t = new TelemetryReport();
        t.decode(reader, bytes, 0, bytes.length);
        assertEquals(5, t.featureCount());
        assertEquals(200, t.featureId(4));
        assertEquals(Long.MIN_VALUE, t.value(4));
        assertEquals(-4, t.value(2));
        assertEquals(120, t.riskPermille());
        assertTrue(t.has(TelemetryReport.KEY_RISK_PERMILLE));

        // ids not ascending: {0: 5, 1: h'01', 2: 0, 3: [2, 1], 4: [0, 0]}
        assertRefused(t, "a5 0005 014101 0200 03820201 04820000", WireException.REASON_BAD_FIELD,
                TelemetryReport.KEY_FEATURE_IDS);
        // fewer values than ids
        assertRefused(t, "a5 0005 014101 0200 03820102 048100", WireException.REASON_BAD_FIELD,
                TelemetryReport.KEY_VALUES);
    }

    private void assertRefused(WireMessage m, String hex, int reason, int field) {
        byte[] in = decode(hex);
        WireException e = assertThrows(WireException.class, () -> m.decode(reader, in, 0, in.length), hex);
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
    }
}
