package io.dynakey.device.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * HKDF with HMAC-SHA256 (RFC 5869) in caller-owned buffers. HMAC is computed over Bouncy
 * Castle's {@link SHA256Digest} with precomputed inner and outer pad states, restored by state
 * copy, so that a derivation allocates nothing. The pseudo-random key, the pad states and every
 * intermediate block are wiped before a call returns. Not thread-safe: use one instance per
 * thread.
 */
public final class HkdfSha256 {

    /** SHA-256 output length, bytes. */
    public static final int HASH_LENGTH = 32;
    /** Largest output HKDF allows: 255 blocks. */
    public static final int MAX_OUTPUT_LENGTH = 255 * HASH_LENGTH;

    private static final int BLOCK_LENGTH = 64;

    private final SHA256Digest inner = new SHA256Digest();
    private final SHA256Digest outer = new SHA256Digest();
    private final SHA256Digest innerPadState = new SHA256Digest();
    private final SHA256Digest outerPadState = new SHA256Digest();
    private final byte[] pad = new byte[BLOCK_LENGTH];
    private final byte[] innerHash = new byte[HASH_LENGTH];
    private final byte[] prk = new byte[HASH_LENGTH];
    private final byte[] block = new byte[HASH_LENGTH];

    /**
     * Derives {@code outLen} bytes into {@code out[outOff ..]} from input keying material, salt
     * (may be empty: {@code saltLen == 0}) and info.
     */
    public void derive(byte[] ikm, int ikmOff, int ikmLen, byte[] salt, int saltOff, int saltLen,
                       byte[] info, int infoOff, int infoLen, byte[] out, int outOff, int outLen)
            throws CryptoException {
        Secrets.checkRange(ikm, ikmOff, ikmLen, "HKDF ikm");
        if (saltLen > 0) {
            Secrets.checkRange(salt, saltOff, saltLen, "HKDF salt");
        }
        if (infoLen > 0) {
            Secrets.checkRange(info, infoOff, infoLen, "HKDF info");
        }
        Secrets.checkRange(out, outOff, outLen, "HKDF output");
        if (outLen > MAX_OUTPUT_LENGTH) {
            throw new CryptoException(CryptoException.REASON_BAD_LENGTH, "HKDF output longer than 8160 bytes");
        }
        try {
            setKey(salt, saltOff, saltLen);
            inner.reset(innerPadState);
            inner.update(ikm, ikmOff, ikmLen);
            finish(prk, 0);
            setKey(prk, 0, HASH_LENGTH);
            int done = 0;
            int counter = 1;
            while (done < outLen) {
                inner.reset(innerPadState);
                if (counter > 1) {
                    inner.update(block, 0, HASH_LENGTH);
                }
                if (infoLen > 0) {
                    inner.update(info, infoOff, infoLen);
                }
                inner.update((byte) counter);
                finish(block, 0);
                int n = outLen - done < HASH_LENGTH ? outLen - done : HASH_LENGTH;
                System.arraycopy(block, 0, out, outOff + done, n);
                done += n;
                counter++;
            }
        } finally {
            wipeState();
        }
    }

    /** Computes HMAC-SHA256 of {@code msg} under {@code key} into {@code out[outOff .. +32)}. */
    public void hmac(byte[] key, int keyOff, int keyLen, byte[] msg, int msgOff, int msgLen, byte[] out, int outOff)
            throws CryptoException {
        Secrets.checkRange(key, keyOff, keyLen, "HMAC key");
        Secrets.checkRange(msg, msgOff, msgLen, "HMAC message");
        Secrets.checkRange(out, outOff, HASH_LENGTH, "HMAC output");
        try {
            setKey(key, keyOff, keyLen);
            inner.reset(innerPadState);
            inner.update(msg, msgOff, msgLen);
            finish(out, outOff);
        } finally {
            wipeState();
        }
    }

    /** Precomputes the pad states of an HMAC key (keys longer than a block are hashed first). */
    private void setKey(byte[] key, int off, int len) {
        Secrets.wipe(pad);
        if (len > BLOCK_LENGTH) {
            inner.reset();
            inner.update(key, off, len);
            inner.doFinal(pad, 0);
        } else if (len > 0) {
            System.arraycopy(key, off, pad, 0, len);
        }
        for (int i = 0; i < BLOCK_LENGTH; i++) {
            pad[i] ^= 0x36;
        }
        innerPadState.reset();
        innerPadState.update(pad, 0, BLOCK_LENGTH);
        for (int i = 0; i < BLOCK_LENGTH; i++) {
            pad[i] ^= 0x36 ^ 0x5c;
        }
        outerPadState.reset();
        outerPadState.update(pad, 0, BLOCK_LENGTH);
        Secrets.wipe(pad);
    }

    /** Completes the inner hash and the outer one into {@code out[off .. +32)}. */
    private void finish(byte[] out, int off) {
        inner.doFinal(innerHash, 0);
        outer.reset(outerPadState);
        outer.update(innerHash, 0, HASH_LENGTH);
        outer.doFinal(out, off);
    }

    private void wipeState() {
        Secrets.wipe(prk);
        Secrets.wipe(block);
        Secrets.wipe(innerHash);
        Secrets.wipe(pad);
        // reset() puts every digest back to the SHA-256 initial value and clears its buffer
        inner.reset();
        outer.reset();
        innerPadState.reset();
        outerPadState.reset();
    }
}
