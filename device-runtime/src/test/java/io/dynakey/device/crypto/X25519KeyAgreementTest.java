package io.dynakey.device.crypto;

import static io.dynakey.device.testing.Hex.decode;
import static io.dynakey.device.testing.Hex.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.device.testing.DeterministicEntropy;
import org.junit.jupiter.api.Test;

/** RFC 7748 sections 5.2 and 6.1. */
class X25519KeyAgreementTest {

    private static void assertScalarMult(String scalar, String u, String expected) throws Exception {
        byte[] out = new byte[32];
        X25519KeyAgreement.agree(decode(scalar), 0, decode(u), 0, out, 0);
        assertEquals(expected, encode(out));
    }

    @Test
    void rfc7748_section_5_2_single_vectors_match() throws Exception {
        assertScalarMult("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        assertScalarMult("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    @Test
    void rfc7748_section_5_2_iterated_vector_matches_after_1_and_1000_rounds() throws Exception {
        byte[] k = new byte[32];
        byte[] u = new byte[32];
        byte[] r = new byte[32];
        k[0] = 9;
        u[0] = 9;
        for (int i = 1; i <= 1000; i++) {
            X25519KeyAgreement.agree(k, 0, u, 0, r, 0);
            System.arraycopy(k, 0, u, 0, 32);
            System.arraycopy(r, 0, k, 0, 32);
            if (i == 1) {
                assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", encode(k));
            }
        }
        assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", encode(k));
    }

    @Test
    void rfc7748_section_6_1_alice_and_bob_agree_on_the_published_secret() throws Exception {
        byte[] alicePriv = decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPriv = decode("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePub = new byte[32];
        byte[] bobPub = new byte[32];
        X25519KeyAgreement.publicKey(alicePriv, 0, alicePub, 0);
        X25519KeyAgreement.publicKey(bobPriv, 0, bobPub, 0);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", encode(alicePub));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", encode(bobPub));
        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        X25519KeyAgreement.agree(alicePriv, 0, bobPub, 0, k1, 0);
        X25519KeyAgreement.agree(bobPriv, 0, alicePub, 0, k2, 0);
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", encode(k1));
        assertArrayEquals(k1, k2);
    }

    @Test
    void a_low_order_peer_key_is_refused() {
        byte[] priv = decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] zeroPoint = new byte[32];
        byte[] shared = new byte[32];
        CryptoException e = assertThrows(CryptoException.class,
                () -> X25519KeyAgreement.agree(priv, 0, zeroPoint, 0, shared, 0));
        assertEquals(CryptoException.REASON_WEAK_PUBLIC_KEY, e.reason());
    }

    @Test
    void generated_key_pairs_agree_and_short_buffers_are_refused() throws Exception {
        DeterministicEntropy entropy = new DeterministicEntropy(7);
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        X25519KeyAgreement.generateKeyPair(entropy, a, 0, a, 32);
        X25519KeyAgreement.generateKeyPair(entropy, b, 0, b, 32);
        byte[] s1 = new byte[32];
        byte[] s2 = new byte[32];
        X25519KeyAgreement.agree(a, 0, b, 32, s1, 0);
        X25519KeyAgreement.agree(b, 0, a, 32, s2, 0);
        assertArrayEquals(s1, s2);
        CryptoException e = assertThrows(CryptoException.class,
                () -> X25519KeyAgreement.agree(a, 0, b, 40, s1, 0));
        assertEquals(CryptoException.REASON_BAD_LENGTH, e.reason());
    }
}
