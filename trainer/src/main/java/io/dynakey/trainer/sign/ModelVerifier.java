package io.dynakey.trainer.sign;

import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.ModelSignature;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;

/**
 * Checks a model file as the device does before swapping it in: the Ed25519 trailer over every
 * byte before it, under the publisher's key, then the format's own validating parse (CRC,
 * bounds, structure). Stateless.
 */
public final class ModelVerifier {

    private ModelVerifier() {
    }

    /** Why a file was refused. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @return the parsed model when the signature verifies and the file is well formed
     * @throws Refused naming the reason (bad signature, malformed file)
     */
    public static TinyModel verify(byte[] file, byte[] publicKey) throws Refused {
        try {
            ModelSignature.verifyTrailer(publicKey, 0, file, 0, file.length);
        } catch (CryptoException e) {
            throw new Refused("signature check failed: " + e.getMessage(), e);
        }
        try {
            return TinyModel.parse(file);
        } catch (ModelFormatException e) {
            throw new Refused("malformed model file: " + e.getMessage(), e);
        }
    }
}
