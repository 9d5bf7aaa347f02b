package io.dynakey.device.crypto;

import static io.dynakey.device.testing.Hex.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.device.testing.DeterministicEntropy;
import io.dynakey.device.testing.KatFile;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMGenerator;
import org.bouncycastle.pqc.crypto.xwing.XWingPublicKeyParameters;
import org.bouncycastle.util.test.FixedSecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Known answers for rotation suite 2: the X-Wing draft's vectors (key generation from the seed,
 * encapsulation with the vector's randomness, decapsulation), which run ML-KEM-768 key generation,
 * encapsulation and decapsulation of FIPS 203 inside, and an ML-KEM-768 round trip with implicit
 * rejection.
 */
class XWingKemTest {

    private static final List<Map<String, byte[]>> XWING = KatFile.read("/kat/xwing.txt");

    @Test
    void xwing_draft_vectors_public_key_and_decapsulation_match() throws Exception {
        assertEquals(3, XWING.size());
        for (Map<String, byte[]> v : XWING) {
            byte[] pub = new byte[XWingKem.PUBLIC_KEY_LENGTH];
            byte[] ss = new byte[XWingKem.SHARED_SECRET_LENGTH];

            XWingKem.publicKey(v.get("seed"), 0, pub, 0);
            XWingKem.decapsulate(v.get("seed"), 0, v.get("ct"), 0, ss, 0);

            assertEquals(encode(v.get("pk")), encode(pub));
            assertEquals(encode(v.get("ss")), encode(ss));
        }
    }

    @Test
    void xwing_draft_vectors_encapsulate_as_the_gateway_does() throws Exception {
        for (Map<String, byte[]> v : XWING) {
            SecureRandom fixed = new FixedSecureRandom(v.get("eseed"));

            SecretWithEncapsulation enc = new XWingKEMGenerator(fixed).generateEncapsulated(new XWingPublicKeyParameters(v.get("pk")));

            assertEquals(encode(v.get("ct")), encode(enc.getEncapsulation()));
            assertEquals(encode(v.get("ss")), encode(enc.getSecret()));
        }
    }

    @Test
    void a_fresh_pair_round_trips_and_a_changed_ciphertext_gives_another_secret() throws Exception {
        byte[] seed = new byte[XWingKem.SEED_LENGTH];
        byte[] pub = new byte[XWingKem.PUBLIC_KEY_LENGTH];
        XWingKem.generateKeyPair(new DeterministicEntropy(7), seed, 0, pub, 0);
        SecretWithEncapsulation enc = new XWingKEMGenerator(new SecureRandom()).generateEncapsulated(new XWingPublicKeyParameters(pub));
        byte[] ct = enc.getEncapsulation();
        byte[] ss = new byte[32];

        XWingKem.decapsulate(seed, 0, ct, 0, ss, 0);
        assertArrayEquals(enc.getSecret(), ss);

        ct[5] ^= 1; // the ML-KEM part: implicit rejection, a different secret and no error
        byte[] rejected = new byte[32];
        XWingKem.decapsulate(seed, 0, ct, 0, rejected, 0);
        assertFalse(Arrays.equals(ss, rejected));
        ct[5] ^= 1;
        ct[XWingKem.CIPHERTEXT_LENGTH - 1] ^= 1; // the X25519 part
        XWingKem.decapsulate(seed, 0, ct, 0, rejected, 0);
        assertFalse(Arrays.equals(ss, rejected));
    }

    @Test
    void short_buffers_are_refused_with_a_length_error() {
        byte[] seed = new byte[32];
        CryptoException e = assertThrows(CryptoException.class,
                () -> XWingKem.decapsulate(seed, 0, new byte[XWingKem.CIPHERTEXT_LENGTH - 1], 0, new byte[32], 0));
        assertEquals(CryptoException.REASON_BAD_LENGTH, e.reason());
        assertThrows(CryptoException.class, () -> XWingKem.publicKey(seed, 1, new byte[XWingKem.PUBLIC_KEY_LENGTH], 0));
    }

    @Test
    void mlkem768_decapsulates_what_it_encapsulated_and_rejects_a_changed_ciphertext_implicitly() throws Exception {
        MLKEMPrivateKeyParameters priv = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, new byte[64]);
        SecretWithEncapsulation enc = new MLKEMGenerator(new SecureRandom())
                .generateEncapsulated(new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, priv.getPublicKey()));
        byte[] c = enc.getEncapsulation();

        assertArrayEquals(enc.getSecret(), new MLKEMExtractor(priv).extractSecret(c));
        c[0] ^= 1;
        assertFalse(Arrays.equals(enc.getSecret(), new MLKEMExtractor(priv).extractSecret(c)));
    }
}
