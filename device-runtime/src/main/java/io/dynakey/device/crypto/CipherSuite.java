package io.dynakey.device.crypto;

/**
 * Cipher-suite ids carried in rotation messages, so that a new key exchange can be added without
 * a new protocol.
 */
public final class CipherSuite {

    /** X25519 key agreement, Ed25519 signatures, HKDF-SHA256, 16-byte PSK. */
    public static final int X25519_ED25519_HKDF_SHA256 = 1;
    /** Reserved: hybrid X25519 + ML-KEM-768, Ed25519, HKDF-SHA256. Not implemented yet. */
    public static final int HYBRID_X25519_MLKEM768 = 2;

    private CipherSuite() {
    }

    /** True when this runtime implements {@code suite}. */
    public static boolean isSupported(int suite) {
        return suite == X25519_ED25519_HKDF_SHA256;
    }
}
