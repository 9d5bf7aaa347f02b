package io.dynakey.device.crypto;

import io.dynakey.models.TinyModel;

/**
 * Checks the Ed25519 signature that protects a tiny-model file before the device swaps it in.
 * The model format (tiny-models, {@code docs/model-format.md}) ends with a 64-byte Ed25519
 * signature over every byte before it. Stateless and thread-safe.
 */
public final class ModelSignature {

    /** Length of the signature trailer, bytes. */
    public static final int TRAILER_LENGTH = Ed25519Signatures.SIGNATURE_LENGTH;

    private ModelSignature() {
    }

    /**
     * Verifies {@code sig[sigOff .. +64)} over the signed region
     * {@code data[off .. off+len)} with the model publisher's public key.
     *
     * @throws CryptoException {@code REASON_BAD_SIGNATURE} when it does not verify
     */
    public static void verify(byte[] publisherKey, int keyOff, byte[] data, int off, int len, byte[] sig, int sigOff)
            throws CryptoException {
        Ed25519Signatures.checkSignature(publisherKey, keyOff, data, off, len, sig, sigOff);
    }

    /**
     * Verifies the signature trailer of a parsed model in place (no copy), as
     * {@code docs/model-format.md} defines it: Ed25519 over {@code [0, file length - 64)}.
     *
     * @throws CryptoException {@code REASON_BAD_SIGNATURE} when it does not verify
     */
    public static void verify(byte[] publisherKey, int keyOff, TinyModel model) throws CryptoException {
        verify(publisherKey, keyOff, model.buffer(), model.signedOffset(), model.signedLength(),
                model.buffer(), model.signatureOffset());
    }

    /**
     * Verifies a whole model file {@code file[off .. off+len)} whose last 64 bytes are the
     * signature over everything before them.
     *
     * @throws CryptoException {@code REASON_BAD_LENGTH} when the file is shorter than its
     *     trailer, {@code REASON_BAD_SIGNATURE} when the signature does not verify
     */
    public static void verifyTrailer(byte[] publisherKey, int keyOff, byte[] file, int off, int len)
            throws CryptoException {
        if (len < TRAILER_LENGTH) {
            throw new CryptoException(CryptoException.REASON_BAD_LENGTH, "model file shorter than its signature");
        }
        Secrets.checkRange(file, off, len, "model file");
        verify(publisherKey, keyOff, file, off, len - TRAILER_LENGTH, file, off + len - TRAILER_LENGTH);
    }
}
