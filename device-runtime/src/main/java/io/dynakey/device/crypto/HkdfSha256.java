package io.dynakey.device.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HKDF with HMAC-SHA256 (RFC 5869) in caller-owned buffers. The pseudo-random key and every
 * intermediate block are wiped before {@link #derive} returns. Not thread-safe: use one instance
 * per thread. Allocation: Bouncy Castle's HMAC copies its digest state on each key change.
 */
public final class HkdfSha256 {

    /** SHA-256 output length, bytes. */
    public static final int HASH_LENGTH = 32;
    /** Largest output HKDF allows: 255 blocks. */
    public static final int MAX_OUTPUT_LENGTH = 255 * HASH_LENGTH;

    private static final int BLOCK_LENGTH = 64;

    private final HMac hmac = new HMac(new SHA256Digest());
    private final SHA256Digest digest = new SHA256Digest();
    /** HMAC key register: keys up to one block are zero-padded, which HMAC treats identically. */
    private final KeyParameter keyRegister = new KeyParameter(new byte[BLOCK_LENGTH]);
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
            loadKey(salt, saltOff, saltLen);
            hmac.update(ikm, ikmOff, ikmLen);
            hmac.doFinal(prk, 0);
            loadKey(prk, 0, HASH_LENGTH);
            int done = 0;
            int counter = 1;
            while (done < outLen) {
                if (counter > 1) {
                    hmac.update(block, 0, HASH_LENGTH);
                }
                if (infoLen > 0) {
                    hmac.update(info, infoOff, infoLen);
                }
                hmac.update((byte) counter);
                hmac.doFinal(block, 0);
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
            loadKey(key, keyOff, keyLen);
            hmac.update(msg, msgOff, msgLen);
            hmac.doFinal(out, outOff);
        } finally {
            wipeState();
        }
    }

    private void loadKey(byte[] key, int off, int len) {
        byte[] k = keyRegister.getKey();
        Secrets.wipe(k);
        if (len > BLOCK_LENGTH) {
            digest.update(key, off, len);
            digest.doFinal(k, 0);
        } else if (len > 0) {
            System.arraycopy(key, off, k, 0, len);
        }
        hmac.init(keyRegister);
        Secrets.wipe(k);
    }

    private void wipeState() {
        Secrets.wipe(prk);
        Secrets.wipe(block);
        // re-keying with the zero register overwrites the secret pads held inside HMac
        hmac.init(keyRegister);
    }
}
