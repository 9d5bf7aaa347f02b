package io.dynakey.device.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.testing.DeterministicEntropy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class RotationKeyDerivationTest {

    private static final byte[] DEVICE = "dev-0042".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST = "encoded rotate request".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "encoded rotate response".getBytes(StandardCharsets.US_ASCII);

    /** The schedule as the Javadoc writes it, rebuilt from the JDK's HMAC. */
    private static byte[] referencePsk(byte[] shared, byte[] transcript, byte[] id, int oldEpoch, int newEpoch, int suite)
            throws Exception {
        byte[] salt = MessageDigest.getInstance("SHA-256").digest(transcript);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write("dynakey-psk-v1".getBytes(StandardCharsets.US_ASCII));
        info.write(id.length);
        info.write(id);
        info.write(new byte[] {(byte) (oldEpoch >>> 24), (byte) (oldEpoch >>> 16), (byte) (oldEpoch >>> 8), (byte) oldEpoch});
        info.write(new byte[] {(byte) (newEpoch >>> 24), (byte) (newEpoch >>> 16), (byte) (newEpoch >>> 8), (byte) newEpoch});
        info.write(suite);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(shared);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info.toByteArray());
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), 16);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void device_and_gateway_derive_the_same_psk_as_the_written_schedule() throws Exception {
        DeterministicEntropy entropy = new DeterministicEntropy(1);
        byte[] dev = new byte[64];
        byte[] gw = new byte[64];
        X25519KeyAgreement.generateKeyPair(entropy, dev, 0, dev, 32);
        X25519KeyAgreement.generateKeyPair(entropy, gw, 0, gw, 32);
        byte[] sharedDev = new byte[32];
        byte[] sharedGw = new byte[32];
        X25519KeyAgreement.agree(dev, 0, gw, 32, sharedDev, 0);
        X25519KeyAgreement.agree(gw, 0, dev, 32, sharedGw, 0);

        RotationKeyDerivation device = new RotationKeyDerivation();
        RotationKeyDerivation gateway = new RotationKeyDerivation();
        byte[] hash = new byte[32];
        device.transcriptHash(REQUEST, 0, REQUEST.length, RESPONSE, 0, RESPONSE.length, hash, 0);
        byte[] pskDev = new byte[16];
        byte[] pskGw = new byte[16];
        device.derivePsk(sharedDev, 0, hash, 0, DEVICE, 0, DEVICE.length, 6, 7, CipherSuite.X25519_ED25519_HKDF_SHA256,
                pskDev, 0);
        gateway.derivePsk(sharedGw, 0, hash, 0, DEVICE, 0, DEVICE.length, 6, 7, CipherSuite.X25519_ED25519_HKDF_SHA256,
                pskGw, 0);

        assertArrayEquals(pskDev, pskGw);
        assertArrayEquals(referencePsk(sharedDev, concat(REQUEST, RESPONSE), DEVICE, 6, 7, 1), pskDev);
    }

    @Test
    void every_bound_input_changes_the_psk() throws Exception {
        RotationKeyDerivation kdf = new RotationKeyDerivation();
        byte[] shared = new byte[32];
        Arrays.fill(shared, (byte) 3);
        byte[] hash = new byte[32];
        byte[] base = new byte[16];
        kdf.derivePsk(shared, 0, hash, 0, DEVICE, 0, DEVICE.length, 1, 2, 1, base, 0);
        byte[] other = new byte[16];

        kdf.derivePsk(shared, 0, hash, 0, DEVICE, 0, DEVICE.length - 1, 1, 2, 1, other, 0);
        assertFalse(Arrays.equals(base, other), "device id");
        kdf.derivePsk(shared, 0, hash, 0, DEVICE, 0, DEVICE.length, 0, 2, 1, other, 0);
        assertFalse(Arrays.equals(base, other), "old epoch");
        kdf.derivePsk(shared, 0, hash, 0, DEVICE, 0, DEVICE.length, 1, 3, 1, other, 0);
        assertFalse(Arrays.equals(base, other), "new epoch");
        hash[31] = 1;
        kdf.derivePsk(shared, 0, hash, 0, DEVICE, 0, DEVICE.length, 1, 2, 1, other, 0);
        assertFalse(Arrays.equals(base, other), "transcript");
        hash[31] = 0;
        shared[0] = 4;
        kdf.derivePsk(shared, 0, hash, 0, DEVICE, 0, DEVICE.length, 1, 2, 1, other, 0);
        assertFalse(Arrays.equals(base, other), "shared secret");
    }

    @Test
    void an_unknown_suite_and_backward_epochs_are_refused_and_the_suite_is_bound_into_the_key() throws Exception {
        RotationKeyDerivation kdf = new RotationKeyDerivation();
        byte[] b = new byte[32];
        CryptoException e = assertThrows(CryptoException.class, () -> kdf.derivePsk(b, 0, b, 0, DEVICE, 0,
                DEVICE.length, 1, 2, 3, new byte[16], 0));
        byte[] classic = new byte[16];
        byte[] hybrid = new byte[16];
        kdf.derivePsk(b, 0, b, 0, DEVICE, 0, DEVICE.length, 1, 2, CipherSuite.X25519_ED25519_HKDF_SHA256, classic, 0);
        kdf.derivePsk(b, 0, b, 0, DEVICE, 0, DEVICE.length, 1, 2, CipherSuite.HYBRID_X25519_MLKEM768, hybrid, 0);
        assertFalse(Arrays.equals(classic, hybrid), "same secret, other suite: other key");
        assertEquals(CryptoException.REASON_UNSUPPORTED_SUITE, e.reason());
        assertThrows(IllegalArgumentException.class,
                () -> kdf.derivePsk(b, 0, b, 0, DEVICE, 0, DEVICE.length, 5, 5, 1, new byte[16], 0));
    }

    @Test
    void the_confirm_tag_verifies_only_under_the_same_psk_and_transcript() throws Exception {
        RotationKeyDerivation kdf = new RotationKeyDerivation();
        byte[] psk = new byte[16];
        Arrays.fill(psk, (byte) 9);
        byte[] hash = new byte[32];
        byte[] tag = new byte[16];
        kdf.confirmTag(psk, 0, hash, 0, tag, 0);
        assertTrue(kdf.verifyConfirmTag(psk, 0, hash, 0, tag, 0));
        psk[0] = 8;
        assertFalse(kdf.verifyConfirmTag(psk, 0, hash, 0, tag, 0));
        psk[0] = 9;
        hash[0] = 1;
        assertFalse(kdf.verifyConfirmTag(psk, 0, hash, 0, tag, 0));
    }
}
