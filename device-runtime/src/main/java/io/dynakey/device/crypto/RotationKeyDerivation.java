package io.dynakey.device.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.util.Pack;

/**
 * The rotation key schedule shared by the device and the gateway.
 *
 * <pre>
 * transcript  = encoded RotateRequest || encoded RotateResponse   (as sent, signatures included)
 * next PSK    = HKDF-SHA256(ikm  = X25519 shared secret,
 *                           salt = SHA-256(transcript),
 *                           info = "dynakey-psk-v1" || u8 len(deviceId) || deviceId
 *                                  || u32be oldEpoch || u32be newEpoch || u8 suite,
 *                           L    = 16)
 * confirm tag = first 16 bytes of HMAC-SHA256(next PSK, "dynakey-confirm-v1" || SHA-256(transcript))
 * </pre>
 *
 * Not thread-safe (one instance per thread); the shared secret is not wiped here, the caller owns
 * it. Intermediate values are wiped.
 */
public final class RotationKeyDerivation {

    /** Length of the derived PSK, bytes (AES-128 for {@code TLS_PSK_WITH_AES_128_CCM_8}). */
    public static final int PSK_LENGTH = 16;
    /** Length of the transcript hash, bytes. */
    public static final int TRANSCRIPT_HASH_LENGTH = 32;
    /** Length of the key confirmation tag, bytes. */
    public static final int CONFIRM_TAG_LENGTH = 16;
    /** Longest device id, bytes. */
    public static final int MAX_DEVICE_ID_LENGTH = 32;

    private static final byte[] PSK_LABEL = {
        'd', 'y', 'n', 'a', 'k', 'e', 'y', '-', 'p', 's', 'k', '-', 'v', '1'};
    private static final byte[] CONFIRM_LABEL = {
        'd', 'y', 'n', 'a', 'k', 'e', 'y', '-', 'c', 'o', 'n', 'f', 'i', 'r', 'm', '-', 'v', '1'};

    private final HkdfSha256 hkdf = new HkdfSha256();
    private final SHA256Digest sha256 = new SHA256Digest();
    private final byte[] info = new byte[PSK_LABEL.length + 1 + MAX_DEVICE_ID_LENGTH + 4 + 4 + 1];
    private final byte[] confirmInput = new byte[CONFIRM_LABEL.length + TRANSCRIPT_HASH_LENGTH];
    private final byte[] mac = new byte[HkdfSha256.HASH_LENGTH];
    private final byte[] expectedTag = new byte[CONFIRM_TAG_LENGTH];

    /**
     * Writes SHA-256(first || second) to {@code out[outOff .. +32)}; pass the encoded request and
     * response as sent.
     */
    public void transcriptHash(byte[] first, int firstOff, int firstLen, byte[] second, int secondOff, int secondLen,
                               byte[] out, int outOff) throws CryptoException {
        Secrets.checkRange(first, firstOff, firstLen, "transcript part 1");
        Secrets.checkRange(second, secondOff, secondLen, "transcript part 2");
        Secrets.checkRange(out, outOff, TRANSCRIPT_HASH_LENGTH, "transcript hash");
        sha256.reset();
        sha256.update(first, firstOff, firstLen);
        sha256.update(second, secondOff, secondLen);
        sha256.doFinal(out, outOff);
    }

    /**
     * Writes SHA-256 of the encoded request as received to {@code out[outOff .. +32)}: the
     * request hash that {@code RotateResponse} echoes.
     */
    public void requestHash(byte[] request, int off, int len, byte[] out, int outOff) throws CryptoException {
        transcriptHash(request, off, len, request, off, 0, out, outOff);
    }

    /**
     * Derives the next 16-byte PSK into {@code psk[pskOff ..]}.
     *
     * @param shared the 32-byte X25519 shared secret
     * @param transcriptHash SHA-256 of the transcript (see {@link #transcriptHash})
     * @param epochs {@code oldEpoch} and {@code newEpoch} are non-negative, {@code newEpoch > oldEpoch}
     */
    public void derivePsk(byte[] shared, int sharedOff, byte[] transcriptHash, int hashOff,
                          byte[] deviceId, int idOff, int idLen, int oldEpoch, int newEpoch, int suite,
                          byte[] psk, int pskOff) throws CryptoException {
        Secrets.checkRange(shared, sharedOff, X25519KeyAgreement.SHARED_SECRET_LENGTH, "shared secret");
        Secrets.checkRange(transcriptHash, hashOff, TRANSCRIPT_HASH_LENGTH, "transcript hash");
        if (idLen < 1 || idLen > MAX_DEVICE_ID_LENGTH) {
            throw new CryptoException(CryptoException.REASON_BAD_LENGTH, "device id must be 1..32 bytes");
        }
        Secrets.checkRange(deviceId, idOff, idLen, "device id");
        Secrets.checkRange(psk, pskOff, PSK_LENGTH, "PSK output");
        if (!CipherSuite.isSupported(suite)) {
            throw new CryptoException(CryptoException.REASON_UNSUPPORTED_SUITE, "unsupported cipher suite " + suite);
        }
        if (oldEpoch < 0 || newEpoch <= oldEpoch) {
            throw new IllegalArgumentException("epochs must satisfy 0 <= old < new");
        }
        int n = PSK_LABEL.length;
        System.arraycopy(PSK_LABEL, 0, info, 0, n);
        info[n++] = (byte) idLen;
        System.arraycopy(deviceId, idOff, info, n, idLen);
        n += idLen;
        Pack.intToBigEndian(oldEpoch, info, n);
        n += 4;
        Pack.intToBigEndian(newEpoch, info, n);
        n += 4;
        info[n++] = (byte) suite;
        hkdf.derive(shared, sharedOff, X25519KeyAgreement.SHARED_SECRET_LENGTH,
                transcriptHash, hashOff, TRANSCRIPT_HASH_LENGTH, info, 0, n, psk, pskOff, PSK_LENGTH);
    }

    /**
     * Writes the 16-byte key confirmation tag that proves possession of the new PSK to
     * {@code out[outOff ..]}.
     */
    public void confirmTag(byte[] psk, int pskOff, byte[] transcriptHash, int hashOff, byte[] out, int outOff)
            throws CryptoException {
        Secrets.checkRange(transcriptHash, hashOff, TRANSCRIPT_HASH_LENGTH, "transcript hash");
        Secrets.checkRange(out, outOff, CONFIRM_TAG_LENGTH, "confirm tag");
        System.arraycopy(CONFIRM_LABEL, 0, confirmInput, 0, CONFIRM_LABEL.length);
        System.arraycopy(transcriptHash, hashOff, confirmInput, CONFIRM_LABEL.length, TRANSCRIPT_HASH_LENGTH);
        try {
            hkdf.hmac(psk, pskOff, PSK_LENGTH, confirmInput, 0, confirmInput.length, mac, 0);
            System.arraycopy(mac, 0, out, outOff, CONFIRM_TAG_LENGTH);
        } finally {
            Secrets.wipe(mac);
        }
    }

    /** Checks a received confirmation tag in constant time. */
    public boolean verifyConfirmTag(byte[] psk, int pskOff, byte[] transcriptHash, int hashOff,
                                    byte[] tag, int tagOff) throws CryptoException {
        Secrets.checkRange(tag, tagOff, CONFIRM_TAG_LENGTH, "confirm tag");
        try {
            confirmTag(psk, pskOff, transcriptHash, hashOff, expectedTag, 0);
            return Secrets.constantTimeEquals(expectedTag, 0, tag, tagOff, CONFIRM_TAG_LENGTH);
        } finally {
            Secrets.wipe(expectedTag);
        }
    }
}
