package io.dynakey.device.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelSignatureTest {

    private final byte[] priv = new byte[32];
    private final byte[] pub = new byte[32];

    private byte[] signedFile(int bodyLength) throws Exception {
        new Random(5).nextBytes(priv);
        Ed25519Signatures.publicKey(priv, 0, pub, 0);
        byte[] file = new byte[bodyLength + 64];
        new Random(6).nextBytes(file);
        Ed25519Signatures.sign(priv, 0, pub, 0, file, 0, bodyLength, file, bodyLength);
        return file;
    }

    @Test
    void a_signed_model_file_verifies_and_every_flipped_byte_is_refused() throws Exception {
        byte[] file = signedFile(300);
        ModelSignature.verifyTrailer(pub, 0, file, 0, file.length);
        for (int i = 0; i < file.length; i++) {
            file[i] ^= 0x40;
            CryptoException e = assertThrows(CryptoException.class,
                    () -> ModelSignature.verifyTrailer(pub, 0, file, 0, file.length));
            assertEquals(CryptoException.REASON_BAD_SIGNATURE, e.reason(), "byte " + i);
            file[i] ^= 0x40;
        }
    }

    @Test
    void a_file_shorter_than_its_trailer_or_signed_by_another_key_is_refused() throws Exception {
        byte[] file = signedFile(10);
        assertEquals(CryptoException.REASON_BAD_LENGTH, assertThrows(CryptoException.class,
                () -> ModelSignature.verifyTrailer(pub, 0, file, 0, 63)).reason());
        byte[] otherKey = pub.clone();
        otherKey[3] ^= 1;
        assertEquals(CryptoException.REASON_BAD_SIGNATURE, assertThrows(CryptoException.class,
                () -> ModelSignature.verify(otherKey, 0, file, 0, 10, file, 10)).reason());
    }
}
