package io.dynakey.device.crypto;

import io.dynakey.device.hal.Entropy;
import io.dynakey.device.hal.HalException;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The device half of X-Wing (draft-connolly-cfrg-xwing-kem): the hybrid KEM of ML-KEM-768
 * (FIPS 203) and X25519 that rotation suite 2 uses. The device makes an ephemeral key pair per
 * rotation and decapsulates the gateway's ciphertext; encapsulation is the gateway's side.
 *
 * <p>The decapsulation key is the draft's 32-byte seed; the public key (ML-KEM-768 encapsulation
 * key, 1,184 bytes, then the X25519 public key, 32 bytes) is expanded from it as the draft's
 * {@code expandDecapsulationKey} does: SHAKE256(seed) to 96 bytes, the first 64 the ML-KEM key
 * generation seed (d, z), the last 32 the X25519 private key. Decapsulation is the draft's: ML-KEM-768
 * decapsulation of the first 1,088 ciphertext bytes (Bouncy Castle's non-deprecated
 * {@code crypto.kems.MLKEMExtractor}), X25519 with the last 32, and the combiner
 * SHA3-256(ss_M || ss_X || ct_X || pk_X || "\\.//^\\"). The draft's steps are written out here rather
 * than calling Bouncy Castle's {@code pqc.crypto.xwing} classes because those derive the key
 * pair through {@code SecureRandom} and key-generation parameters, which the device's Java
 * profile does not have; the gateway, which encapsulates, uses them.
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
    private static final int MLKEM_CIPHERTEXT_LENGTH = 1088;
    private static final int X25519_LENGTH = 32;
    /** The draft's XWingLabel, ASCII {@code \\.//^\\}. */
    private static final byte[] LABEL = {0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c};

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
            expand(seed, seedOff, expanded, mlkemSeed);
            MLKEMPrivateKeyParameters mlkem = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, mlkemSeed);
            byte[] mlkemPublic = mlkem.getPublicKey();
            System.arraycopy(mlkemPublic, 0, pub, pubOff, MLKEM_PUBLIC_KEY_LENGTH);
            X25519.scalarMultBase(expanded, MLKEM_SEED_LENGTH, pub, pubOff + MLKEM_PUBLIC_KEY_LENGTH);
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
        byte[] expanded = new byte[EXPANDED_LENGTH];
        byte[] mlkemSeed = new byte[MLKEM_SEED_LENGTH];
        byte[] mlkemCiphertext = new byte[MLKEM_CIPHERTEXT_LENGTH];
        byte[] x = new byte[2 * X25519_LENGTH];
        byte[] mlkemSecret = null;
        try {
            expand(seed, seedOff, expanded, mlkemSeed);
            System.arraycopy(ct, ctOff, mlkemCiphertext, 0, MLKEM_CIPHERTEXT_LENGTH);
            MLKEMPrivateKeyParameters mlkem = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, mlkemSeed);
            mlkemSecret = new MLKEMExtractor(mlkem).extractSecret(mlkemCiphertext);
            int ctX = ctOff + MLKEM_CIPHERTEXT_LENGTH;
            X25519.scalarMult(expanded, MLKEM_SEED_LENGTH, ct, ctX, x, 0);
            X25519.scalarMultBase(expanded, MLKEM_SEED_LENGTH, x, X25519_LENGTH);
            SHA3Digest sha3 = new SHA3Digest(256);
            sha3.update(mlkemSecret, 0, mlkemSecret.length);
            sha3.update(x, 0, X25519_LENGTH);
            sha3.update(ct, ctX, X25519_LENGTH);
            sha3.update(x, X25519_LENGTH, X25519_LENGTH);
            sha3.update(LABEL, 0, LABEL.length);
            sha3.doFinal(shared, sharedOff);
        } finally {
            Secrets.wipe(expanded);
            Secrets.wipe(mlkemSeed);
            Secrets.wipe(x);
            if (mlkemSecret != null) {
                Secrets.wipe(mlkemSecret);
            }
        }
    }

    /** SHAKE256(seed) to 96 bytes; the first 64 also into {@code mlkemSeed}. */
    private static void expand(byte[] seed, int seedOff, byte[] expanded, byte[] mlkemSeed) {
        SHAKEDigest shake = new SHAKEDigest(256);
        shake.update(seed, seedOff, SEED_LENGTH);
        shake.doFinal(expanded, 0, EXPANDED_LENGTH);
        System.arraycopy(expanded, 0, mlkemSeed, 0, MLKEM_SEED_LENGTH);
    }
}
