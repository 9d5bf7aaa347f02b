package io.dynakey.device.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032, pure variant, no context) signatures in caller-owned buffers. Stateless and
 * thread-safe.
 */
public final class Ed25519Signatures {

    /** Length of a private key (the seed), bytes. */
    public static final int PRIVATE_KEY_LENGTH = 32;
    /** Length of a public key, bytes. */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Length of a signature, bytes. */
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519Signatures() {
    }

    /** Writes the public key of {@code priv[privOff ..]} to {@code pub[pubOff ..]}. */
    public static void publicKey(byte[] priv, int privOff, byte[] pub, int pubOff) throws CryptoException {
        Secrets.checkRange(priv, privOff, PRIVATE_KEY_LENGTH, "Ed25519 private key");
        Secrets.checkRange(pub, pubOff, PUBLIC_KEY_LENGTH, "Ed25519 public key");
        Ed25519.generatePublicKey(priv, privOff, pub, pubOff);
    }

    /**
     * Signs {@code msg[msgOff .. msgOff+msgLen)} and writes the 64-byte signature to
     * {@code sig[sigOff ..]}. {@code pub} must be the public key of {@code priv}.
     */
    public static void sign(byte[] priv, int privOff, byte[] pub, int pubOff,
                            byte[] msg, int msgOff, int msgLen, byte[] sig, int sigOff) throws CryptoException {
        Secrets.checkRange(priv, privOff, PRIVATE_KEY_LENGTH, "Ed25519 private key");
        Secrets.checkRange(pub, pubOff, PUBLIC_KEY_LENGTH, "Ed25519 public key");
        Secrets.checkRange(msg, msgOff, msgLen, "Ed25519 message");
        Secrets.checkRange(sig, sigOff, SIGNATURE_LENGTH, "Ed25519 signature");
        Ed25519.sign(priv, privOff, pub, pubOff, msg, msgOff, msgLen, sig, sigOff);
    }

    /**
     * True when {@code sig[sigOff ..]} is a valid signature of {@code msg[msgOff .. msgOff+msgLen)}
     * under {@code pub}. Malformed keys or signatures (non-canonical S, bad point) give false.
     */
    public static boolean verify(byte[] pub, int pubOff, byte[] msg, int msgOff, int msgLen,
                                 byte[] sig, int sigOff) throws CryptoException {
        Secrets.checkRange(pub, pubOff, PUBLIC_KEY_LENGTH, "Ed25519 public key");
        Secrets.checkRange(msg, msgOff, msgLen, "Ed25519 message");
        Secrets.checkRange(sig, sigOff, SIGNATURE_LENGTH, "Ed25519 signature");
        return Ed25519.verify(sig, sigOff, pub, pubOff, msg, msgOff, msgLen);
    }

    /** Like {@link #verify} but throws {@code REASON_BAD_SIGNATURE} instead of returning false. */
    public static void checkSignature(byte[] pub, int pubOff, byte[] msg, int msgOff, int msgLen,
                                      byte[] sig, int sigOff) throws CryptoException {
        if (!verify(pub, pubOff, msg, msgOff, msgLen, sig, sigOff)) {
            throw new CryptoException(CryptoException.REASON_BAD_SIGNATURE, "Ed25519 signature does not verify");
        }
    }
}
