package io.dynakey.device.crypto;

import io.dynakey.device.hal.Entropy;
import io.dynakey.device.hal.HalException;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMExtractor;
import org.bouncycastle.pqc.crypto.xwing.XWingPrivateKeyParameters;

/**
 * The device half of X-Wing (draft-connolly-cfrg-xwing-kem): the hybrid KEM of ML-KEM-768
 * (FIPS 203) and X25519 that rotation suite 2 uses. The device makes an ephemeral key pair per
 * rotation and decapsulates the gateway's ciphertext; encapsulation is the gateway's side.
 *
 * <p>The decapsulation key is the draft's 32-byte seed; the public key (ML-KEM-768 encapsulation
 * key, 1,184 bytes, then the X25519 public key, 32 bytes) is expanded from it as the draft's
 * {@code expandDecapsulationKey} does: SHAKE256(seed) to 96 bytes, the first 64 the ML-KEM key
 * generation seed (d, z), the last 32 the X25519 private key. Bouncy Castle's
 * {@code XWingKEMExtractor} decapsulates (it uses the non-deprecated {@code crypto.kems} ML-KEM).
 *
 * <p>Unlike the other device primitives this one allocates: Bouncy Castle's ML-KEM builds its
 * polynomial vectors per call (a few KiB, garbage after the call). It runs once per rotation,
 * never on the per-window decision path. Stateless and thread-safe; the caller owns and wipes the
 * seed and the shared secret, intermediate copies are wiped here.
 */
public final class XWingKem {

    /** Length of the decapsulation key (seed), bytes. */
    public static final int SEED_LENGTH = 32;
    /** Length of the public (encapsulation) key, bytes. */
    public static final int PUBLIC_KEY_LENGTH = 1216;
    /** Length of the ciphertext, bytes. */
    public static final int CIPHERTEXT_LENGTH = 1120;
    /** Length of the shared secret, bytes. */
    public static final int SHARED_SECRET_LENGTH = 32;

    private static final int MLKEM_PUBLIC_KEY_LENGTH = 1184;
    private static final int EXPANDED_LENGTH = 96;
    private static final int MLKEM_SEED_LENGTH = 64;

    private XWingKem() {
    }

    /**
     * Draws a fresh seed from {@code entropy} into {@code seed[seedOff ..]} and writes its public
     * key to {@code pub[pubOff ..]}.
     */
    public static void generateKeyPair(Entropy entropy, byte[] seed, int seedOff, byte[] pub, int pubOff)
            throws CryptoException {
        Secrets.checkRange(seed, seedOff, SEED_LENGTH, "X-Wing seed");
        Secrets.checkRange(pub, pubOff, PUBLIC_KEY_LENGTH, "X-Wing public key");
        try {
            entropy.nextBytes(seed, seedOff, SEED_LENGTH);
        } catch (HalException e) {
            Secrets.wipe(seed, seedOff, SEED_LENGTH);
            throw new CryptoException(CryptoException.REASON_ENTROPY, "entropy source failed");
        }
        publicKey(seed, seedOff, pub, pubOff);
    }

    /** Writes the public key of {@code seed[seedOff .. +32)} to {@code pub[pubOff .. +1216)}. */
    public static void publicKey(byte[] seed, int seedOff, byte[] pub, int pubOff) throws CryptoException {
        Secrets.checkRange(seed, seedOff, SEED_LENGTH, "X-Wing seed");
        Secrets.checkRange(pub, pubOff, PUBLIC_KEY_LENGTH, "X-Wing public key");
        byte[] expanded = new byte[EXPANDED_LENGTH];
        byte[] mlkemSeed = new byte[MLKEM_SEED_LENGTH];
        try {
            SHAKEDigest shake = new SHAKEDigest(256);
            shake.update(seed, seedOff, SEED_LENGTH);
            shake.doFinal(expanded, 0, EXPANDED_LENGTH);
            System.arraycopy(expanded, 0, mlkemSeed, 0, MLKEM_SEED_LENGTH);
            MLKEMPrivateKeyParameters mlkem = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, mlkemSeed);
            byte[] mlkemPublic = mlkem.getPublicKey();
            System.arraycopy(mlkemPublic, 0, pub, pubOff, MLKEM_PUBLIC_KEY_LENGTH);
            X25519.scalarMultBase(expanded, MLKEM_SEED_LENGTH, pub, pubOff + MLKEM_PUBLIC_KEY_LENGTH);
            mlkem.destroy();
        } finally {
            Secrets.wipe(expanded);
            Secrets.wipe(mlkemSeed);
        }
    }

    /**
     * Decapsulates {@code ct[ctOff .. +1120)} with the seed {@code seed[seedOff .. +32)} into
     * {@code shared[sharedOff .. +32)}. ML-KEM's implicit rejection means a forged ciphertext
     * gives a wrong secret, not an error: the key confirmation of the rotation catches it.
     */
    public static void decapsulate(byte[] seed, int seedOff, byte[] ct, int ctOff, byte[] shared, int sharedOff)
            throws CryptoException {
        Secrets.checkRange(seed, seedOff, SEED_LENGTH, "X-Wing seed");
        Secrets.checkRange(ct, ctOff, CIPHERTEXT_LENGTH, "X-Wing ciphertext");
        Secrets.checkRange(shared, sharedOff, SHARED_SECRET_LENGTH, "X-Wing shared secret");
        byte[] seedCopy = new byte[SEED_LENGTH];
        byte[] ctCopy = new byte[CIPHERTEXT_LENGTH];
        byte[] secret = null;
        try {
            System.arraycopy(seed, seedOff, seedCopy, 0, SEED_LENGTH);
            System.arraycopy(ct, ctOff, ctCopy, 0, CIPHERTEXT_LENGTH);
            secret = new XWingKEMExtractor(new XWingPrivateKeyParameters(seedCopy)).extractSecret(ctCopy);
            System.arraycopy(secret, 0, shared, sharedOff, SHARED_SECRET_LENGTH);
        } finally {
            Secrets.wipe(seedCopy);
            if (secret != null) {
                Secrets.wipe(secret);
            }
        }
    }
}
