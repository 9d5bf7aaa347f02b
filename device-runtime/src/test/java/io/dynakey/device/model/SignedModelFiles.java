package io.dynakey.device.model;

import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.models.Crc32;
import io.dynakey.models.GoldenVectors;
import io.dynakey.models.ModelFormat;

/**
 * Signed model files for the updater's tests: a golden forest with its header's version changed,
 * its CRC recomputed, and signed by a fixed test key (or another one).
 */
public final class SignedModelFiles {

    /** The model-signing key pair of the tests (private seed, public key). */
    public static final byte[] PRIVATE = new byte[32];
    public static final byte[] PUBLIC = new byte[32];
    /** Another signer, whose files the device must refuse. */
    public static final byte[] OTHER_PRIVATE = new byte[32];
    public static final byte[] OTHER_PUBLIC = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            PRIVATE[i] = (byte) (i + 1);
            OTHER_PRIVATE[i] = (byte) (100 + i);
        }
        try {
            Ed25519Signatures.publicKey(PRIVATE, 0, PUBLIC, 0);
            Ed25519Signatures.publicKey(OTHER_PRIVATE, 0, OTHER_PUBLIC, 0);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SignedModelFiles() {
    }

    /** Golden model {@code name} at {@code version}, signed by the test key. */
    public static byte[] signed(String name, long version) throws Exception {
        return signed(name, version, PRIVATE, PUBLIC);
    }

    /** Golden model {@code name} at {@code version}, signed by {@code priv}. */
    public static byte[] signed(String name, long version, byte[] priv, byte[] pub) throws Exception {
        byte[] file = GoldenVectors.modelBytes(name);
        int p = ModelFormat.OFF_MODEL_VERSION;
        for (int i = 0; i < 4; i++) {
            file[p + i] = (byte) (version >>> (8 * i));
        }
        int crcOff = file.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE;
        int crc = Crc32.compute(file, 0, crcOff);
        for (int i = 0; i < 4; i++) {
            file[crcOff + i] = (byte) (crc >>> (8 * i));
        }
        int signed = file.length - ModelFormat.SIGNATURE_SIZE;
        Ed25519Signatures.sign(priv, 0, pub, 0, file, 0, signed, file, signed);
        return file;
    }
}
