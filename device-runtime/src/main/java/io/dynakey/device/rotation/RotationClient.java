package io.dynakey.device.rotation;

import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.crypto.RotationKeyDerivation;
import io.dynakey.device.crypto.Secrets;
import io.dynakey.device.crypto.X25519KeyAgreement;
import io.dynakey.device.crypto.XWingKem;
import io.dynakey.device.hal.Entropy;
import io.dynakey.device.hal.HalException;
import io.dynakey.device.hal.StorageException;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.device.keys.KeyStoreException;
import io.dynakey.device.keys.TwoSlotKeyStore;
import io.dynakey.device.wire.EnrolRequest;
import io.dynakey.device.wire.ErrorResponse;
import io.dynakey.device.wire.RotateConfirm;
import io.dynakey.device.wire.RotateRequest;
import io.dynakey.device.wire.RotateResponse;
import io.dynakey.device.wire.WireException;
import io.dynakey.device.wire.WireMessage;

/**
 * The device side of key rotation over the {@link Transport} HAL (see {@code docs/protocol.md}):
 * <ol>
 * <li>sign a {@link RotateRequest} with a fresh X25519 key and POST it to {@code /rotate} on the
 *     session of the current key, resending the same bytes after a lost answer (the gateway
 *     answers a retry with the same response);</li>
 * <li>check the gateway's signed {@link RotateResponse} (signature, epoch, request id and hash),
 *     derive the next PSK with {@link RotationKeyDerivation}, and store it in the free key slot;</li>
 * <li>switch the transport to the new key (a new DTLS handshake, which commits the key on the
 *     gateway) and POST a {@link RotateConfirm} tag to {@code /rotate/confirm}; on success the
 *     old key may go. If the new key fails, the device goes back to the old one, which the
 *     gateway accepts until its grace window ends.</li>
 * </ol>
 * Java 7, no allocation after construction except what the HAL does. Not thread-safe.
 */
public final class RotationClient {

    /** The rotation completed: the new key is confirmed. */
    public static final int RESULT_ROTATED = 0;
    /** The gateway refused (see {@link #lastErrorCode()} and {@link #lastResponseCode()}); nothing changed. */
    public static final int RESULT_REFUSED = 1;
    /** No answer from the gateway; nothing changed on the device. */
    public static final int RESULT_NO_ANSWER = 2;
    /** The answer failed a check (signature, epoch, request id or hash); nothing changed. */
    public static final int RESULT_BAD_RESPONSE = 3;
    /** The new key is stored but could not be confirmed yet; the device still talks with the old key. */
    public static final int RESULT_UNCONFIRMED = 4;

    private static final byte[] PATH_ROTATE = {'r', 'o', 't', 'a', 't', 'e'};
    private static final byte[] PATH_CONFIRM = {'r', 'o', 't', 'a', 't', 'e', '/', 'c', 'o', 'n', 'f', 'i', 'r', 'm'};
    private static final byte[] PATH_ENROL = {'e', 'n', 'r', 'o', 'l'};
    private static final byte[] PATH_PROBE = {'g', 'r', 'o', 'u', 'p', '-', 'k', 'e', 'y'};
    private static final int CODE_CHANGED = 68;
    private static final int ATTEMPTS = 3;

    private final Transport transport;
    private final Entropy entropy;
    private final TwoSlotKeyStore keys;
    private final byte[] deviceId;
    private final byte[] identityPrivate;
    private final byte[] identityPublic;
    private final byte[] gatewayPublic;
    private final CborReader reader = WireMessage.newReader();
    private final CborWriter writer = WireMessage.newWriter();
    private final RotateRequest request = new RotateRequest();
    private final RotateResponse response = new RotateResponse();
    private final RotateConfirm confirm = new RotateConfirm();
    private final ErrorResponse error = new ErrorResponse();
    private final RotationKeyDerivation kdf = new RotationKeyDerivation();
    private final byte[] requestBytes = new byte[WireMessage.MAX_ENCODED_LENGTH];
    private final byte[] responseBytes = new byte[WireMessage.MAX_ENCODED_LENGTH];
    private final byte[] scratch = new byte[WireMessage.MAX_ENCODED_LENGTH];
    private final byte[] ephemeral = new byte[X25519KeyAgreement.PRIVATE_KEY_LENGTH + 2 * X25519KeyAgreement.PUBLIC_KEY_LENGTH];
    private final byte[] secrets = new byte[X25519KeyAgreement.SHARED_SECRET_LENGTH + 2 * RotationKeyDerivation.PSK_LENGTH];
    private final byte[] hashes = new byte[2 * RotationKeyDerivation.TRANSCRIPT_HASH_LENGTH + 16 + 16];
    private final byte[] identity = new byte[PskIdentity.MAX_LENGTH];
    private final byte[] sessionKey = new byte[64];
    private int lastResponseCode;
    private int lastErrorCode;
    private int suite = CipherSuite.X25519_ED25519_HKDF_SHA256;
    /** X-Wing seed, public key and the gateway's ciphertext; allocated once when suite 2 is chosen. */
    private byte[] hybrid;

    /**
     * @param deviceId         the device id (ASCII, 1..32 bytes; copied)
     * @param identityPrivate  the device's Ed25519 private key (copied)
     * @param gatewayPublic    the gateway's Ed25519 public key, provisioned at the factory (copied)
     */
    public RotationClient(Transport transport, Entropy entropy, TwoSlotKeyStore keys, byte[] deviceId,
                          byte[] identityPrivate, byte[] gatewayPublic) throws CryptoException {
        if (!PskIdentity.validId(deviceId, 0, deviceId.length)) {
            throw new IllegalArgumentException("invalid device id");
        }
        this.transport = transport;
        this.entropy = entropy;
        this.keys = keys;
        this.deviceId = copy(deviceId);
        this.identityPrivate = copy(identityPrivate);
        this.identityPublic = new byte[Ed25519Signatures.PUBLIC_KEY_LENGTH];
        Ed25519Signatures.publicKey(this.identityPrivate, 0, identityPublic, 0);
        this.gatewayPublic = copy(gatewayPublic);
    }

    private static byte[] copy(byte[] b) {
        byte[] c = new byte[b.length];
        System.arraycopy(b, 0, c, 0, b.length);
        return c;
    }

    /**
     * Settles which stored key the gateway holds and opens the transport with it. A staged key
     * (rotation not confirmed: power cut, lost answer) is tried first: if a request on its
     * session gets any CoAP answer, the gateway has it (that request committed it there) and it
     * is committed here too. Otherwise the active key is tried. The staged key is kept even when
     * the active one works: a refused handshake and a lost one look the same to the device (both
     * time out), and the active key still works at the gateway during its grace window after the
     * staged one was committed there, so dropping the staged key on that evidence would lock the
     * device out when the window ends. The next settle tries it again; the next rotation's
     * response stages over it.
     *
     * @return the epoch in use, or -1 when the gateway answered on neither key
     */
    public int settle() throws StorageException, KeyStoreException {
        if (!keys.hasStagedKey()) {
            int active = keys.activeEpoch();
            try {
                select(active, false);
            } catch (TransportException e) {
                return -1;
            }
            return active;
        }
        int staged = keys.stagedEpoch();
        try {
            select(staged, true);
            if (probe()) {
                keys.commit(staged);
                return staged;
            }
            select(keys.activeEpoch(), false);
            if (probe()) {
                return keys.activeEpoch();
            }
        } catch (TransportException e) {
            return -1;
        }
        return -1;
    }

    private boolean probe() {
        try {
            transport.request(Transport.METHOD_GET, PATH_PROBE, PATH_PROBE.length, requestBytes, 0, 0, responseBytes, 0,
                    responseBytes.length);
            return true;
        } catch (TransportException e) {
            return false;
        }
    }

    private void select(int epoch, boolean staged) throws StorageException, TransportException {
        try {
            if (staged) {
                keys.copyStagedKey(sessionKey, 0);
            } else {
                keys.copyActiveKey(sessionKey, 0);
            }
            int idLen = PskIdentity.encode(deviceId, 0, deviceId.length, epoch, identity, 0);
            transport.usePsk(identity, idLen, sessionKey, TwoSlotKeyStore.PSK_LENGTH);
        } catch (KeyStoreException e) {
            throw new StorageException(HalException.REASON_UNAVAILABLE, "no key for epoch " + epoch);
        } finally {
            Secrets.wipe(sessionKey);
        }
    }

    /**
     * Proves possession of the identity key to the gateway ({@code POST /enrol}) on the session
     * of the current key.
     *
     * @return {@link #RESULT_ROTATED} (accepted), {@link #RESULT_REFUSED} or {@link #RESULT_NO_ANSWER}
     */
    public int enrol() throws CryptoException, StorageException {
        EnrolRequest e = new EnrolRequest();
        e.deviceId().set(deviceId, 0, deviceId.length);
        e.identityKey().set(identityPublic, 0, identityPublic.length);
        try {
            entropy.nextBytes(scratch, 0, 16);
        } catch (HalException ex) {
            throw new CryptoException(CryptoException.REASON_ENTROPY, "entropy failed");
        }
        e.nonce().set(scratch, 0, e.nonce().maxLength());
        e.set(CipherSuite.X25519_ED25519_HKDF_SHA256, 0);
        try {
            select(keys.activeEpoch(), false);
            e.sign(identityPrivate, 0, identityPublic, 0, writer, scratch);
            int n = e.encode(writer, requestBytes, 0, requestBytes.length);
            return send(PATH_ENROL, n) < 0 ? RESULT_NO_ANSWER : lastResponseCode == CODE_CHANGED ? RESULT_ROTATED : RESULT_REFUSED;
        } catch (WireException ex) {
            throw new IllegalStateException("EnrolRequest does not encode");
        } catch (TransportException ex) {
            return RESULT_NO_ANSWER;
        }
    }

    /**
     * The rotation suite of the following rotations: {@code CipherSuite.X25519_ED25519_HKDF_SHA256}
     * (the default) or {@code CipherSuite.HYBRID_X25519_MLKEM768}. The suite travels in the signed
     * request and comes back in the signed response, so neither a changed request nor a changed
     * answer can downgrade it; a gateway whose policy requires the hybrid suite refuses suite 1
     * ({@code ErrorResponse.CODE_UNSUPPORTED_SUITE}). The hybrid suite's request (about 1.3 KB) and
     * response (about 1.25 KB) travel block-wise.
     *
     * @throws IllegalArgumentException for a suite this runtime does not implement
     */
    public void useSuite(int suite) {
        if (!CipherSuite.isSupported(suite)) {
            throw new IllegalArgumentException("unsupported cipher suite " + suite);
        }
        if (suite == CipherSuite.HYBRID_X25519_MLKEM768 && hybrid == null) {
            hybrid = new byte[XWingKem.SEED_LENGTH + XWingKem.PUBLIC_KEY_LENGTH + XWingKem.CIPHERTEXT_LENGTH];
        }
        this.suite = suite;
    }

    /** The suite of the next rotation. */
    public int suite() {
        return suite;
    }

    /**
     * Rotates from the active key to the next epoch (settling a pending rotation first).
     *
     * @param reason       a {@code RotationReason} code
     * @param riskPermille the risk that led to it, 0..1000
     * @param modelVersion the model version that scored it (0: none)
     * @return a {@code RESULT_*} code
     */
    public int rotate(int reason, int riskPermille, int modelVersion)
            throws CryptoException, StorageException, KeyStoreException {
        if (!keys.hasActiveKey()) {
            throw new IllegalStateException("no key to rotate from");
        }
        if (keys.hasStagedKey() && settle() < 0) {
            return RESULT_NO_ANSWER;
        }
        int from = keys.activeEpoch();
        int to = from + 1;
        int privOff = 0;
        int pubOff = X25519KeyAgreement.PRIVATE_KEY_LENGTH;
        int peerOff = pubOff + X25519KeyAgreement.PUBLIC_KEY_LENGTH;
        int reqHashOff = 0;
        int transcriptOff = RotationKeyDerivation.TRANSCRIPT_HASH_LENGTH;
        int requestIdOff = 2 * RotationKeyDerivation.TRANSCRIPT_HASH_LENGTH;
        int tagOff = requestIdOff + 16;
        int sharedOff = 0;
        int pskOff = X25519KeyAgreement.SHARED_SECRET_LENGTH;
        try {
            int suite = this.suite;
            boolean hybridSuite = suite == CipherSuite.HYBRID_X25519_MLKEM768;
            request.clear();
            if (hybridSuite) {
                XWingKem.generateKeyPair(entropy, hybrid, 0, hybrid, XWingKem.SEED_LENGTH);
                request.ephemeralKey().set(hybrid, XWingKem.SEED_LENGTH, XWingKem.PUBLIC_KEY_LENGTH);
            } else {
                X25519KeyAgreement.generateKeyPair(entropy, ephemeral, privOff, ephemeral, pubOff);
                request.ephemeralKey().set(ephemeral, pubOff, X25519KeyAgreement.PUBLIC_KEY_LENGTH);
            }
            entropy.nextBytes(hashes, requestIdOff, 16);
            request.deviceId().set(deviceId, 0, deviceId.length);
            request.requestId().set(hashes, requestIdOff, 16);
            request.set(from, to, suite, reason, riskPermille, modelVersion);
            request.sign(identityPrivate, 0, identityPublic, 0, writer, scratch);
            int reqLen = request.encode(writer, requestBytes, 0, requestBytes.length);

            select(from, false);
            int respLen = send(PATH_ROTATE, reqLen);
            if (respLen < 0) {
                return RESULT_NO_ANSWER;
            }
            if (lastResponseCode != CODE_CHANGED) {
                readError(respLen);
                return RESULT_REFUSED;
            }
            try {
                response.decode(reader, responseBytes, 0, respLen);
            } catch (WireException e) {
                return RESULT_BAD_RESPONSE;
            }
            kdf.transcriptHash(requestBytes, 0, reqLen, requestBytes, 0, 0, hashes, reqHashOff);
            if (!response.verify(gatewayPublic, 0, writer, scratch) || !response.isAccepted() || response.newEpoch() != to
                    || response.suite() != suite
                    || !response.requestId().contentEquals(hashes, requestIdOff, 16)
                    || !response.requestHash().contentEquals(hashes, reqHashOff, RotationKeyDerivation.TRANSCRIPT_HASH_LENGTH)) {
                return RESULT_BAD_RESPONSE;
            }
            if (hybridSuite) {
                int ctOff = XWingKem.SEED_LENGTH + XWingKem.PUBLIC_KEY_LENGTH;
                response.ephemeralKey().copyTo(hybrid, ctOff);
                XWingKem.decapsulate(hybrid, 0, hybrid, ctOff, secrets, sharedOff);
            } else {
                response.ephemeralKey().copyTo(ephemeral, peerOff);
                X25519KeyAgreement.agree(ephemeral, privOff, ephemeral, peerOff, secrets, sharedOff);
            }
            kdf.transcriptHash(requestBytes, 0, reqLen, responseBytes, 0, respLen, hashes, transcriptOff);
            kdf.derivePsk(secrets, sharedOff, hashes, transcriptOff, deviceId, 0, deviceId.length, from, to,
                    suite, secrets, pskOff);
            kdf.confirmTag(secrets, pskOff, hashes, transcriptOff, hashes, tagOff);
            keys.stage(to, secrets, pskOff);
            return confirm(to, requestIdOff, tagOff);
        } catch (HalException e) {
            if (e instanceof StorageException) {
                throw (StorageException) e;
            }
            return RESULT_NO_ANSWER;
        } catch (WireException e) {
            return RESULT_BAD_RESPONSE;
        } finally {
            Secrets.wipe(ephemeral);
            Secrets.wipe(secrets);
            if (hybrid != null) {
                Secrets.wipe(hybrid, 0, XWingKem.SEED_LENGTH);
            }
        }
    }

    private int confirm(int epoch, int requestIdOff, int tagOff) throws StorageException, WireException, KeyStoreException {
        confirm.clear();
        confirm.deviceId().set(deviceId, 0, deviceId.length);
        confirm.requestId().set(hashes, requestIdOff, 16);
        confirm.confirmTag().set(hashes, tagOff, RotationKeyDerivation.CONFIRM_TAG_LENGTH);
        confirm.set(epoch);
        int len = confirm.encode(writer, requestBytes, 0, requestBytes.length);
        try {
            select(epoch, true);
            int n = send(PATH_CONFIRM, len);
            if (n >= 0 && lastResponseCode == CODE_CHANGED) {
                keys.commit(epoch);
                return RESULT_ROTATED;
            }
            if (n >= 0) {
                readError(n);
            }
        } catch (TransportException e) {
            // fall through: go back to the old key
        }
        try {
            select(keys.activeEpoch(), false);
        } catch (TransportException e) {
            // the next request will tell
        }
        return RESULT_UNCONFIRMED;
    }

    private int send(byte[] path, int len) throws TransportException {
        TransportException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                int n = transport.request(Transport.METHOD_POST, path, path.length, requestBytes, 0, len,
                        responseBytes, 0, responseBytes.length);
                lastResponseCode = transport.lastResponseCode();
                return n;
            } catch (TransportException e) {
                last = e;
                if (e.reason() == HalException.REASON_REFUSED) {
                    break;
                }
            }
        }
        lastResponseCode = 0;
        if (last != null && last.reason() == HalException.REASON_REFUSED) {
            throw last;
        }
        return -1;
    }

    private void readError(int len) {
        lastErrorCode = 0;
        try {
            error.decode(reader, responseBytes, 0, len);
            lastErrorCode = error.code();
        } catch (WireException e) {
            lastErrorCode = 0;
        }
    }

    /** CoAP code of the last answer (class * 32 + detail), 0 when there was none. */
    public int lastResponseCode() {
        return lastResponseCode;
    }

    /** The {@code ErrorResponse} code of the last refusal, 0 if none. */
    public int lastErrorCode() {
        return lastErrorCode;
    }
}
