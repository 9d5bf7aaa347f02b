package io.dynakey.device.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import java.io.InputStream;
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

    @Test
    void a_golden_tiny_model_signed_by_the_publisher_verifies_in_place_and_not_under_another_key() throws Exception {
        byte[] file;
        try (InputStream in = getClass().getResourceAsStream("/golden/forest-10.dktm")) {
            file = in.readAllBytes();
        }
        new Random(5).nextBytes(priv);
        Ed25519Signatures.publicKey(priv, 0, pub, 0);
        int signed = TinyModelWriter.signedLength(file);
        byte[] sig = new byte[64];
        Ed25519Signatures.sign(priv, 0, pub, 0, file, 0, signed, sig, 0);
        TinyModelWriter.attachSignature(file, sig);

        TinyModel model = TinyModel.parse(file);
        ModelSignature.verify(pub, 0, model);
        ModelSignature.verifyTrailer(pub, 0, file, 0, file.length);

        byte[] otherKey = pub.clone();
        otherKey[0] ^= 1;
        assertThrows(CryptoException.class, () -> ModelSignature.verify(otherKey, 0, model));
        file[file.length - 1] ^= 1;
        assertEquals(CryptoException.REASON_BAD_SIGNATURE,
                assertThrows(CryptoException.class, () -> ModelSignature.verify(pub, 0, model)).reason());
    }
}
