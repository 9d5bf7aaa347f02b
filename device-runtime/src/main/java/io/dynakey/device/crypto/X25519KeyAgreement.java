package io.dynakey.device.crypto;

import io.dynakey.device.hal.Entropy;
import io.dynakey.device.hal.HalException;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 (RFC 7748) ephemeral key agreement in caller-owned buffers. Stateless and thread-safe.
 */
public final class X25519KeyAgreement {

    /** Length of a private scalar, bytes. */
    public static final int PRIVATE_KEY_LENGTH = 32;
    /** Length of a public key (u-coordinate), bytes. */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Length of the shared secret, bytes. */
    public static final int SHARED_SECRET_LENGTH = 32;

    private X25519KeyAgreement() {
    }

    /**
     * Draws a fresh private key from {@code entropy} into {@code priv[privOff ..]} and writes its
     * public key to {@code pub[pubOff ..]}.
     */
    public static void generateKeyPair(Entropy entropy, byte[] priv, int privOff, byte[] pub, int pubOff)
            throws CryptoException {
        Secrets.checkRange(priv, privOff, PRIVATE_KEY_LENGTH, "X25519 private key");
        Secrets.checkRange(pub, pubOff, PUBLIC_KEY_LENGTH, "X25519 public key");
        try {
            entropy.nextBytes(priv, privOff, PRIVATE_KEY_LENGTH);
        } catch (HalException e) {
            Secrets.wipe(priv, privOff, PRIVATE_KEY_LENGTH);
            throw new CryptoException(CryptoException.REASON_ENTROPY, "entropy source failed");
        }
        X25519.scalarMultBase(priv, privOff, pub, pubOff);
    }

    /** Writes the public key of {@code priv[privOff ..]} to {@code pub[pubOff ..]}. */
    public static void publicKey(byte[] priv, int privOff, byte[] pub, int pubOff) throws CryptoException {
        Secrets.checkRange(priv, privOff, PRIVATE_KEY_LENGTH, "X25519 private key");
        Secrets.checkRange(pub, pubOff, PUBLIC_KEY_LENGTH, "X25519 public key");
        X25519.scalarMultBase(priv, privOff, pub, pubOff);
    }

    /**
     * Computes the shared secret of our private key and the peer's public key into
     * {@code shared[sharedOff ..]}.
     *
     * @throws CryptoException {@code REASON_WEAK_PUBLIC_KEY} when the result is all zero (the
     *     peer sent a low-order point); {@code shared} is then zero
     */
    public static void agree(byte[] priv, int privOff, byte[] peerPub, int peerOff, byte[] shared, int sharedOff)
            throws CryptoException {
        Secrets.checkRange(priv, privOff, PRIVATE_KEY_LENGTH, "X25519 private key");
        Secrets.checkRange(peerPub, peerOff, PUBLIC_KEY_LENGTH, "X25519 peer public key");
        Secrets.checkRange(shared, sharedOff, SHARED_SECRET_LENGTH, "X25519 shared secret");
        X25519.scalarMult(priv, privOff, peerPub, peerOff, shared, sharedOff);
        if (Secrets.isAllZero(shared, sharedOff, SHARED_SECRET_LENGTH)) {
            throw new CryptoException(CryptoException.REASON_WEAK_PUBLIC_KEY, "peer X25519 key has low order");
        }
    }
}
