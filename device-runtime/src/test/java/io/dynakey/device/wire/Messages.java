package io.dynakey.device.wire;

import static io.dynakey.device.testing.Hex.decode;

import io.dynakey.device.crypto.AesCcm8;
import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.crypto.XWingKem;
import java.nio.charset.StandardCharsets;

/** Sample messages with fixed content, shared by the wire tests. */
final class Messages {

    /** RFC 8032 TEST 1 key, standing in for a device identity key. */
    static final byte[] DEVICE_PRIV = decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    static final byte[] DEVICE_PUB = decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    /** RFC 8032 TEST 2 key, standing in for the gateway identity key. */
    static final byte[] GATEWAY_PRIV = decode("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    static final byte[] GATEWAY_PUB = decode("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    static final byte[] DEVICE_ID = "dev-0042".getBytes(StandardCharsets.US_ASCII);
    static final byte[] REQUEST_ID = decode("000102030405060708090a0b0c0d0e0f");

    private Messages() {
    }

    static byte[] filled(int len, int value) {
        byte[] b = new byte[len];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    static RotateRequest rotateRequest() {
        RotateRequest m = new RotateRequest();
        m.set(6, 7, CipherSuite.X25519_ED25519_HKDF_SHA256, RotationReason.RISK, 870, 3);
        m.deviceId().set(DEVICE_ID, 0, DEVICE_ID.length);
        m.ephemeralKey().set(filled(32, 0xe1), 0, 32);
        m.requestId().set(REQUEST_ID, 0, 16);
        return m;
    }

    static RotateResponse rotateResponse() {
        RotateResponse m = new RotateResponse();
        m.set(RotateResponse.STATUS_ACCEPTED, 7, CipherSuite.X25519_ED25519_HKDF_SHA256);
        m.ephemeralKey().set(filled(32, 0x9a), 0, 32);
        m.requestId().set(REQUEST_ID, 0, 16);
        m.requestHash().set(filled(32, 0x44), 0, 32);
        return m;
    }

    /** A suite-2 (X-Wing) request: its key share is an X-Wing public key. */
    static RotateRequest hybridRotateRequest() {
        RotateRequest m = new RotateRequest();
        m.set(6, 7, CipherSuite.HYBRID_X25519_MLKEM768, RotationReason.KEY_AGE, 0, 3);
        m.deviceId().set(DEVICE_ID, 0, DEVICE_ID.length);
        m.ephemeralKey().set(filled(XWingKem.PUBLIC_KEY_LENGTH, 0xe2), 0, XWingKem.PUBLIC_KEY_LENGTH);
        m.requestId().set(REQUEST_ID, 0, 16);
        return m;
    }

    /** A suite-2 response: its key share is an X-Wing ciphertext. */
    static RotateResponse hybridRotateResponse() {
        RotateResponse m = new RotateResponse();
        m.set(RotateResponse.STATUS_ACCEPTED, 7, CipherSuite.HYBRID_X25519_MLKEM768);
        m.ephemeralKey().set(filled(XWingKem.CIPHERTEXT_LENGTH, 0x9b), 0, XWingKem.CIPHERTEXT_LENGTH);
        m.requestId().set(REQUEST_ID, 0, 16);
        m.requestHash().set(filled(32, 0x45), 0, 32);
        return m;
    }

    static RotateConfirm rotateConfirm() {
        RotateConfirm m = new RotateConfirm().set(7);
        m.deviceId().set(DEVICE_ID, 0, DEVICE_ID.length);
        m.requestId().set(REQUEST_ID, 0, 16);
        m.confirmTag().set(filled(16, 0x3c), 0, 16);
        return m;
    }

    static TelemetryReport telemetryReport() {
        TelemetryReport m = new TelemetryReport().start(1234).addFeature(1, 52_000).addFeature(5, 17)
                .addFeature(6, -4).addFeature(7, 0).addFeature(200, Long.MIN_VALUE).setRisk(120, 3);
        m.deviceId().set(DEVICE_ID, 0, DEVICE_ID.length);
        return m;
    }

    static EnrolRequest enrolRequest() {
        EnrolRequest m = new EnrolRequest().set(CipherSuite.X25519_ED25519_HKDF_SHA256, 3);
        m.deviceId().set(DEVICE_ID, 0, DEVICE_ID.length);
        m.identityKey().set(DEVICE_PUB, 0, 32);
        m.nonce().set(REQUEST_ID, 0, 16);
        return m;
    }

    static GroupKeyResponse groupKeyResponse() throws Exception {
        GroupKeyResponse m = new GroupKeyResponse().set(4, 9);
        m.nonce().set(filled(13, 0x0d), 0, 13);
        m.wrap(new AesCcm8(), filled(16, 0x70), 0, filled(16, 0x6b), 0);
        return m;
    }

    static ErrorResponse errorResponse() {
        return new ErrorResponse().set(ErrorResponse.CODE_EPOCH_MISMATCH, RotateRequest.KEY_CURRENT_EPOCH);
    }

    static void signAll(SignedWireMessage m, boolean byDevice) throws Exception {
        m.sign(byDevice ? DEVICE_PRIV : GATEWAY_PRIV, 0, byDevice ? DEVICE_PUB : GATEWAY_PUB, 0,
                WireMessage.newWriter(), new byte[WireMessage.MAX_ENCODED_LENGTH]);
    }

    static WireMessage[] all() throws Exception {
        RotateRequest request = rotateRequest();
        signAll(request, true);
        RotateResponse response = rotateResponse();
        signAll(response, false);
        EnrolRequest enrol = enrolRequest();
        signAll(enrol, true);
        RotateRequest hybridRequest = hybridRotateRequest();
        signAll(hybridRequest, true);
        RotateResponse hybridResponse = hybridRotateResponse();
        signAll(hybridResponse, false);
        return new WireMessage[] {request, response, rotateConfirm(), telemetryReport(), enrol, groupKeyResponse(),
            errorResponse(), hybridRequest, hybridResponse};
    }

    static WireMessage emptyOfType(int type) {
        switch (type) {
            case MessageType.ENROL_REQUEST:
                return new EnrolRequest();
            case MessageType.ROTATE_REQUEST:
                return new RotateRequest();
            case MessageType.ROTATE_RESPONSE:
                return new RotateResponse();
            case MessageType.ROTATE_CONFIRM:
                return new RotateConfirm();
            case MessageType.TELEMETRY_REPORT:
                return new TelemetryReport();
            case MessageType.GROUP_KEY_RESPONSE:
                return new GroupKeyResponse();
            default:
                return new ErrorResponse();
        }
    }

    static int unused = Ed25519Signatures.SIGNATURE_LENGTH;
}
