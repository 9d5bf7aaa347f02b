package io.dynakey.device.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-128-CCM with an 8-byte tag and a 13-byte nonce (RFC 3610; the AEAD of
 * {@code TLS_PSK_WITH_AES_128_CCM_8}), in caller-owned buffers. The key is copied in for one
 * call and wiped afterwards. Not thread-safe: use one instance per thread.
 */
public final class AesCcm8 {

    /** AES-128 key length, bytes. */
    public static final int KEY_LENGTH = 16;
    /** Nonce length, bytes. */
    public static final int NONCE_LENGTH = 13;
    /** Authentication tag length, bytes. */
    public static final int TAG_LENGTH = 8;

    private final CCMBlockCipher ccm = new CCMBlockCipher(AESEngine.newInstance());
    private final byte[] keyCopy = new byte[KEY_LENGTH];
    private final byte[] nonceCopy = new byte[NONCE_LENGTH];

    /**
     * Encrypts {@code in[inOff .. inOff+inLen)} and writes ciphertext followed by the tag
     * ({@code inLen + 8} bytes) to {@code out[outOff ..]}.
     *
     * @return the number of bytes written
     */
    public int seal(byte[] key, int keyOff, byte[] nonce, int nonceOff, byte[] aad, int aadOff, int aadLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) throws CryptoException {
        Secrets.checkRange(out, outOff, inLen + TAG_LENGTH, "AES-CCM output");
        return run(true, key, keyOff, nonce, nonceOff, aad, aadOff, aadLen, in, inOff, inLen, out, outOff);
    }

    /**
     * Checks the tag and decrypts {@code in[inOff .. inOff+inLen)} (ciphertext followed by the
     * tag) into {@code out[outOff ..]} ({@code inLen - 8} bytes).
     *
     * @return the plaintext length
     * @throws CryptoException {@code REASON_AUTHENTICATION_FAILED} when the tag is wrong; then
     *     {@code out} is left zeroed
     */
    public int open(byte[] key, int keyOff, byte[] nonce, int nonceOff, byte[] aad, int aadOff, int aadLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) throws CryptoException {
        if (inLen < TAG_LENGTH) {
            throw new CryptoException(CryptoException.REASON_BAD_LENGTH, "AES-CCM input shorter than its tag");
        }
        Secrets.checkRange(out, outOff, inLen - TAG_LENGTH, "AES-CCM output");
        return run(false, key, keyOff, nonce, nonceOff, aad, aadOff, aadLen, in, inOff, inLen, out, outOff);
    }

    private int run(boolean encrypt, byte[] key, int keyOff, byte[] nonce, int nonceOff,
                    byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws CryptoException {
        Secrets.checkRange(key, keyOff, KEY_LENGTH, "AES-CCM key");
        Secrets.checkRange(nonce, nonceOff, NONCE_LENGTH, "AES-CCM nonce");
        Secrets.checkRange(in, inOff, inLen, "AES-CCM input");
        if (aadLen > 0) {
            Secrets.checkRange(aad, aadOff, aadLen, "AES-CCM aad");
        }
        System.arraycopy(key, keyOff, keyCopy, 0, KEY_LENGTH);
        System.arraycopy(nonce, nonceOff, nonceCopy, 0, NONCE_LENGTH);
        KeyParameter kp = new KeyParameter(keyCopy);
        try {
            ccm.init(encrypt, new AEADParameters(kp, TAG_LENGTH * 8, nonceCopy));
            if (aadLen > 0) {
                ccm.processAADBytes(aad, aadOff, aadLen);
            }
            return ccm.processPacket(in, inOff, inLen, out, outOff);
        } catch (InvalidCipherTextException e) {
            Secrets.wipe(out, outOff, inLen - TAG_LENGTH);
            throw new CryptoException(CryptoException.REASON_AUTHENTICATION_FAILED, "AES-CCM tag does not verify");
        } finally {
            Secrets.wipe(kp.getKey());
            Secrets.wipe(keyCopy);
            // replace the AES round keys with those of the zero key (decrypt mode: no nonce-reuse bookkeeping)
            ccm.init(false, new AEADParameters(kp, TAG_LENGTH * 8, nonceCopy));
        }
    }
}
