package io.dynakey.device.crypto;

/**
 * Cipher-suite ids carried in rotation messages, so that a new key exchange can be added without
 * a new protocol.
 */
public final class CipherSuite {

    /** X25519 key agreement, Ed25519 signatures, HKDF-SHA256, 16-byte PSK. */
    public static final int X25519_ED25519_HKDF_SHA256 = 1;
    /**
     * Hybrid X-Wing (ML-KEM-768 + X25519, draft-connolly-cfrg-xwing-kem), Ed25519, HKDF-SHA256,
     * 16-byte PSK: the device sends an X-Wing public key, the gateway answers with a ciphertext.
     */
    public static final int HYBRID_X25519_MLKEM768 = 2;

    private CipherSuite() {
    }

    /** True when this runtime implements {@code suite}. */
    public static boolean isSupported(int suite) {
        return suite == X25519_ED25519_HKDF_SHA256 || suite == HYBRID_X25519_MLKEM768;
    }

    /**
     * Length of the device's key share in a {@code RotateRequest} (an X25519 or X-Wing public
     * key) for a supported {@code suite}, else -1.
     */
    public static int deviceShareLength(int suite) {
        if (suite == X25519_ED25519_HKDF_SHA256) {
            return X25519KeyAgreement.PUBLIC_KEY_LENGTH;
        }
        return suite == HYBRID_X25519_MLKEM768 ? XWingKem.PUBLIC_KEY_LENGTH : -1;
    }

    /**
     * Length of the gateway's key share in a {@code RotateResponse} (an X25519 public key or an
     * X-Wing ciphertext) for a supported {@code suite}, else -1.
     */
    public static int gatewayShareLength(int suite) {
        if (suite == X25519_ED25519_HKDF_SHA256) {
            return X25519KeyAgreement.PUBLIC_KEY_LENGTH;
        }
        return suite == HYBRID_X25519_MLKEM768 ? XWingKem.CIPHERTEXT_LENGTH : -1;
    }
}
