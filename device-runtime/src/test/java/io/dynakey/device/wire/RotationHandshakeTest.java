package io.dynakey.device.wire;

import static io.dynakey.device.testing.Bytes.contains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.crypto.RotationKeyDerivation;
import io.dynakey.device.crypto.X25519KeyAgreement;
import io.dynakey.device.testing.DeterministicEntropy;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Both halves of one rotation, as the device and the gateway will run them, over the real codec
 * and crypto (no transport): they end with the same PSK and a confirm tag that verifies.
 */
class RotationHandshakeTest {

    @Test
    void device_and_gateway_agree_on_the_next_psk_and_a_passive_observer_sees_no_key() throws Exception {
        DeterministicEntropy deviceRng = new DeterministicEntropy(11);
        DeterministicEntropy gatewayRng = new DeterministicEntropy(22);
        CborWriter w = WireMessage.newWriter();
        CborReader r = WireMessage.newReader();
        byte[] scratch = new byte[WireMessage.MAX_ENCODED_LENGTH];

        // device: ephemeral key pair, signed request
        byte[] devEph = new byte[32];
        RotateRequest request = Messages.rotateRequest();
        byte[] devPub = new byte[32];
        X25519KeyAgreement.generateKeyPair(deviceRng, devEph, 0, devPub, 0);
        request.ephemeralKey().set(devPub, 0, 32);
        request.sign(Messages.DEVICE_PRIV, 0, Messages.DEVICE_PUB, 0, w, scratch);
        byte[] requestBytes = new byte[WireMessage.MAX_ENCODED_LENGTH];
        int requestLen = request.encode(w, requestBytes, 0, requestBytes.length);

        // gateway: decode, verify, answer with its own ephemeral key
        RotateRequest received = new RotateRequest();
        received.decode(r, requestBytes, 0, requestLen);
        assertTrue(received.verify(Messages.DEVICE_PUB, 0, w, scratch));
        RotationKeyDerivation gatewayKdf = new RotationKeyDerivation();
        byte[] requestHash = new byte[32];
        gatewayKdf.requestHash(requestBytes, 0, requestLen, requestHash, 0);
        byte[] gwEph = new byte[32];
        byte[] gwPub = new byte[32];
        X25519KeyAgreement.generateKeyPair(gatewayRng, gwEph, 0, gwPub, 0);
        RotateResponse response = new RotateResponse().set(RotateResponse.STATUS_ACCEPTED, received.newEpoch(),
                received.suite());
        response.ephemeralKey().set(gwPub, 0, 32);
        response.requestId().set(received.requestId().toByteArray(), 0, 16);
        response.requestHash().set(requestHash, 0, 32);
        response.sign(Messages.GATEWAY_PRIV, 0, Messages.GATEWAY_PUB, 0, w, scratch);
        byte[] responseBytes = new byte[WireMessage.MAX_ENCODED_LENGTH];
        int responseLen = response.encode(w, responseBytes, 0, responseBytes.length);

        byte[] gwShared = new byte[32];
        X25519KeyAgreement.agree(gwEph, 0, received.ephemeralKey().toByteArray(), 0, gwShared, 0);
        byte[] transcript = new byte[32];
        gatewayKdf.transcriptHash(requestBytes, 0, requestLen, responseBytes, 0, responseLen, transcript, 0);
        byte[] gwPsk = new byte[16];
        gatewayKdf.derivePsk(gwShared, 0, transcript, 0, Messages.DEVICE_ID, 0, Messages.DEVICE_ID.length,
                received.currentEpoch(), received.newEpoch(), CipherSuite.X25519_ED25519_HKDF_SHA256, gwPsk, 0);

        // device: verify the answer, check the echo, derive
        RotateResponse answer = new RotateResponse();
        answer.decode(r, responseBytes, 0, responseLen);
        assertTrue(answer.verify(Messages.GATEWAY_PUB, 0, w, scratch));
        assertTrue(answer.requestId().contentEquals(request.requestId()));
        RotationKeyDerivation deviceKdf = new RotationKeyDerivation();
        byte[] myHash = new byte[32];
        deviceKdf.requestHash(requestBytes, 0, requestLen, myHash, 0);
        assertTrue(answer.requestHash().contentEquals(myHash, 0, 32));
        byte[] devShared = new byte[32];
        X25519KeyAgreement.agree(devEph, 0, answer.ephemeralKey().toByteArray(), 0, devShared, 0);
        byte[] devTranscript = new byte[32];
        deviceKdf.transcriptHash(requestBytes, 0, requestLen, responseBytes, 0, responseLen, devTranscript, 0);
        byte[] devPsk = new byte[16];
        deviceKdf.derivePsk(devShared, 0, devTranscript, 0, Messages.DEVICE_ID, 0, Messages.DEVICE_ID.length,
                request.currentEpoch(), request.newEpoch(), answer.suite(), devPsk, 0);
        assertArrayEquals(gwPsk, devPsk);

        // the confirm message proves the key to the gateway
        RotateConfirm confirm = Messages.rotateConfirm();
        byte[] tag = new byte[16];
        deviceKdf.confirmTag(devPsk, 0, devTranscript, 0, tag, 0);
        confirm.confirmTag().set(tag, 0, 16);
        byte[] confirmBytes = new byte[WireMessage.MAX_ENCODED_LENGTH];
        int confirmLen = confirm.encode(w, confirmBytes, 0, confirmBytes.length);
        RotateConfirm gotConfirm = new RotateConfirm();
        gotConfirm.decode(r, confirmBytes, 0, confirmLen);
        assertTrue(gatewayKdf.verifyConfirmTag(gwPsk, 0, transcript, 0, gotConfirm.confirmTag().toByteArray(), 0));

        // nothing on the wire contains the PSK or the shared secret
        for (byte[] wire : new byte[][] {Arrays.copyOf(requestBytes, requestLen), Arrays.copyOf(responseBytes, responseLen),
            Arrays.copyOf(confirmBytes, confirmLen)}) {
            assertFalse(contains(wire, devPsk));
            assertFalse(contains(wire, devShared));
        }
    }
}
