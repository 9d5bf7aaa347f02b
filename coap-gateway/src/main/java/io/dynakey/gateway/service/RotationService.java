package io.dynakey.gateway.service;

import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.RotationKeyDerivation;
import io.dynakey.device.crypto.X25519KeyAgreement;
import io.dynakey.device.crypto.XWingKem;
import io.dynakey.device.hal.Entropy;
import io.dynakey.device.wire.EnrolRequest;
import io.dynakey.device.wire.ErrorResponse;
import io.dynakey.device.wire.RotateConfirm;
import io.dynakey.device.wire.RotateRequest;
import io.dynakey.device.wire.RotateResponse;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.device.wire.WireException;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.store.CommitOutcome;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.DeviceRecord;
import io.dynakey.gateway.store.PendingKey;
import io.dynakey.gateway.store.PendingOutcome;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.StoreException;
import io.dynakey.gateway.store.UsableKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMGenerator;
import org.bouncycastle.pqc.crypto.xwing.XWingPublicKeyParameters;

/**
 * The gateway side of the rotation protocol (see {@code docs/protocol.md}): {@code /enrol}
 * (proof of possession of the identity key), {@code /rotate} (phase one: verify the device's
 * signed {@link RotateRequest}, answer with a signed {@link RotateResponse} carrying a fresh
 * X25519 key or, for the hybrid suite, an X-Wing ciphertext, derive the next PSK with {@link RotationKeyDerivation} and store it as pending) and
 * {@code /rotate/confirm} (phase two by key confirmation tag; the first DTLS handshake with the
 * new key commits it too, see {@link SessionKeys}).
 *
 * <p>Every refusal is a 4.xx with an {@code ErrorResponse} code and changes nothing. The same
 * request sent again while its key is pending gets the same response (idempotent retry); once
 * committed, it is a replay and is refused. Thread-safe: per-thread codecs, the store
 * serialises state changes.
 */
public final class RotationService {

    private final DeviceKeyStore store;
    private final byte[] signingPublicKey;
    private final Secret signingSeed;
    private final LongSupplier clock;
    private final long graceMs;
    private final RotationRateLimit rateLimit;
    private final Entropy entropy;
    private final SecureRandom random;
    private volatile Predicate<String> hybridRequired = group -> false;
    private final ThreadLocal<Work> work = ThreadLocal.withInitial(Work::new);
    private volatile SessionKeys sessions;
    private volatile GatewayObserver observer = GatewayObserver.NONE;

    /**
     * @param signingSeed      the gateway's Ed25519 private key (seed)
     * @param signingPublicKey its public key
     * @param maxPerHour       rotations a device may start per hour
     * @param graceMs          how long the replaced key keeps working once a confirmation commits its successor
     */
    public RotationService(DeviceKeyStore store, Secret signingSeed, byte[] signingPublicKey, LongSupplier clock, int maxPerHour,
                           long graceMs) {
        this.store = store;
        this.graceMs = graceMs;
        this.signingSeed = signingSeed;
        this.signingPublicKey = signingPublicKey.clone();
        this.clock = clock;
        this.rateLimit = new RotationRateLimit(maxPerHour, 3_600_000L);
        SecureRandom random = new SecureRandom();
        this.random = random;
        this.entropy = (out, off, len) -> {
            byte[] b = new byte[len];
            random.nextBytes(b);
            System.arraycopy(b, 0, out, off, len);
            Arrays.fill(b, (byte) 0);
        };
    }

    /**
     * The group policy on suites: a device of a group for which {@code groupRequiresHybrid} is true
     * may rotate only with the hybrid suite ({@code CipherSuite.HYBRID_X25519_MLKEM768}); a suite-1
     * request from it is refused with 4.22 {@code UNSUPPORTED_SUITE} after its signature is checked.
     * The device signs the suite it chose and the gateway signs the suite it answers with, so a
     * downgrade on the way is detected by either side.
     */
    public void requireHybridSuite(Predicate<String> groupRequiresHybrid) {
        this.hybridRequired = groupRequiresHybrid;
    }

    /** Reports accepted and confirmed rotations to {@code observer} from now on. */
    public void observeWith(GatewayObserver observer) {
        this.observer = observer;
    }

    /** Tells {@code sessions} about keys this service commits, so sessions on replaced keys end with their grace window. */
    public void reportCommitsTo(SessionKeys sessions) {
        this.sessions = sessions;
    }

    /** {@code POST /enrol}: 2.04 when the signed {@link EnrolRequest} proves possession of the registered identity key. */
    public Reply enrol(Caller caller, byte[] payload) {
        if (!caller.isDevice()) {
            return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_BAD_REQUEST, -1, "devices only");
        }
        Work w = work.get();
        EnrolRequest req = w.enrol;
        try {
            req.decode(w.reader, payload, 0, payload.length);
        } catch (WireException e) {
            return malformed("EnrolRequest", e);
        }
        if (!sameId(req.deviceId().toByteArray(), caller)) {
            return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_BAD_REQUEST, EnrolRequest.KEY_DEVICE_ID,
                    "device id differs from the DTLS identity");
        }
        try {
            Optional<DeviceRecord> d = store.device(caller.deviceId());
            if (d.isEmpty()) {
                return Reply.wireError(Reply.Code.NOT_FOUND, ErrorResponse.CODE_UNKNOWN_DEVICE, -1, "unknown device");
            }
            if (d.get().revoked()) {
                return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_REVOKED, -1, "device revoked");
            }
            byte[] registered = d.get().identityPublicKey();
            if (!req.identityKey().contentEquals(registered, 0, registered.length)) {
                return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_UNKNOWN_DEVICE, EnrolRequest.KEY_IDENTITY_KEY,
                        "identity key is not the registered one");
            }
            if (!req.verify(registered, 0, w.writer, w.scratch)) {
                return badSignature();
            }
            return Reply.ok(Reply.Code.CHANGED);
        } catch (StoreException e) {
            return unavailable();
        } catch (WireException | CryptoException e) {
            return badSignature();
        }
    }

    /** {@code POST /rotate}: phase one of a rotation. */
    public Reply start(Caller caller, byte[] payload) {
        if (!caller.isDevice()) {
            return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_BAD_REQUEST, -1, "devices only");
        }
        if (payload.length == 0) {
            return pendingResponse(caller);
        }
        Work w = work.get();
        RotateRequest req = w.request;
        try {
            req.decode(w.reader, payload, 0, payload.length);
        } catch (WireException e) {
            return malformed("RotateRequest", e);
        }
        if (!sameId(req.deviceId().toByteArray(), caller)) {
            return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_BAD_REQUEST, RotateRequest.KEY_DEVICE_ID,
                    "device id differs from the DTLS identity");
        }
        if (!CipherSuite.isSupported(req.suite())) {
            return Reply.wireError(Reply.Code.UNPROCESSABLE_ENTITY, ErrorResponse.CODE_UNSUPPORTED_SUITE, RotateRequest.KEY_SUITE,
                    "unsupported cipher suite");
        }
        if (req.newEpoch() != req.currentEpoch() + 1) {
            return Reply.wireError(Reply.Code.BAD_REQUEST, ErrorResponse.CODE_EPOCH_MISMATCH, RotateRequest.KEY_NEW_EPOCH,
                    "the new epoch must be the current epoch + 1");
        }
        String id = caller.deviceId();
        try {
            Optional<DeviceRecord> d = store.device(id);
            if (d.isEmpty()) {
                return Reply.wireError(Reply.Code.NOT_FOUND, ErrorResponse.CODE_UNKNOWN_DEVICE, -1, "unknown device");
            }
            if (d.get().revoked()) {
                return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_REVOKED, -1, "device revoked");
            }
            if (!req.verify(d.get().identityPublicKey(), 0, w.writer, w.scratch)) {
                return badSignature();
            }
            if (req.suite() != CipherSuite.HYBRID_X25519_MLKEM768 && hybridRequired.test(d.get().groupId())) {
                return Reply.wireError(Reply.Code.UNPROCESSABLE_ENTITY, ErrorResponse.CODE_UNSUPPORTED_SUITE,
                        RotateRequest.KEY_SUITE, "the device's group requires the hybrid suite");
            }
            byte[] requestHash = sha256(payload);
            Optional<PendingKey> pending = store.pending(id, req.newEpoch());
            if (pending.isPresent() && MessageDigest.isEqual(pending.get().requestDigest(), requestHash)) {
                pending.get().key().destroy();
                return Reply.ok(Reply.Code.CHANGED, pending.get().response());
            }
            if (req.currentEpoch() != d.get().currentEpoch() || caller.epoch() != req.currentEpoch()) {
                return Reply.wireError(Reply.Code.CONFLICT,
                        req.currentEpoch() < d.get().currentEpoch() ? ErrorResponse.CODE_REPLAY : ErrorResponse.CODE_EPOCH_MISMATCH,
                        RotateRequest.KEY_CURRENT_EPOCH, "not the device's current epoch (replay or rollback)");
            }
            if (!rateLimit.tryAcquire(id, clock.getAsLong())) {
                return Reply.wireError(Reply.Code.TOO_MANY_REQUESTS, ErrorResponse.CODE_RATE_LIMITED, -1, "rotation rate limit");
            }
            return accept(w, req, payload, requestHash, id);
        } catch (StoreException e) {
            return unavailable();
        } catch (WireException | CryptoException e) {
            return badSignature();
        }
    }

    private Reply accept(Work w, RotateRequest req, byte[] payload, byte[] requestHash, String id)
            throws WireException, CryptoException, StoreException {
        RotateResponse resp = w.response;
        resp.clear();
        resp.set(RotateResponse.STATUS_ACCEPTED, req.newEpoch(), req.suite());
        if (!keyShare(w, req, resp)) {
            return Reply.wireError(Reply.Code.BAD_REQUEST, ErrorResponse.CODE_BAD_REQUEST, RotateRequest.KEY_EPHEMERAL_KEY,
                    "not a valid key share for the suite");
        }
        int idLen = req.requestId().copyTo(w.requestId, 0);
        resp.requestId().set(w.requestId, 0, idLen);
        resp.requestHash().set(requestHash, 0, requestHash.length);
        byte[] seed = signingSeed.bytes();
        try {
            resp.sign(seed, 0, signingPublicKey, 0, w.writer, w.scratch);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        int n = resp.encode(w.writer, w.out, 0, w.out.length);
        byte[] response = Arrays.copyOf(w.out, n);
        byte[] psk = new byte[RotationKeyDerivation.PSK_LENGTH];
        try {
            w.kdf.transcriptHash(payload, 0, payload.length, response, 0, n, w.transcriptHash, 0);
            byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
            w.kdf.derivePsk(w.shared, 0, w.transcriptHash, 0, idBytes, 0, idBytes.length, req.currentEpoch(), req.newEpoch(),
                    req.suite(), psk, 0);
            PendingKey p = new PendingKey(id, req.currentEpoch(), req.newEpoch(), new Secret(psk), requestHash,
                    w.transcriptHash, response, recordedReason(req.reason()), req.riskPermille(), req.modelVersion());
            long now = clock.getAsLong();
            PendingOutcome out = store.putPending(p, now);
            p.key().destroy();
            if (out.status() == PendingOutcome.Status.STORED) {
                SessionKeys s = sessions;
                if (s != null) {
                    s.issued(id, req.newEpoch(), psk, w.transcriptHash, now);
                }
                observer.rotationAccepted(p.reason(), req.suite());
            }
            return switch (out.status()) {
                case STORED, RETRY -> Reply.ok(Reply.Code.CHANGED, out.response());
                case STALE_EPOCH -> Reply.wireError(Reply.Code.CONFLICT, ErrorResponse.CODE_EPOCH_MISMATCH,
                        RotateRequest.KEY_CURRENT_EPOCH, "epoch changed meanwhile");
                case REVOKED -> Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_REVOKED, -1, "device revoked");
                case UNKNOWN_DEVICE -> Reply.wireError(Reply.Code.NOT_FOUND, ErrorResponse.CODE_UNKNOWN_DEVICE, -1, "unknown device");
            };
        } finally {
            Arrays.fill(psk, (byte) 0);
            Arrays.fill(w.shared, (byte) 0);
            Arrays.fill(w.ephemeralPrivate, (byte) 0);
        }
    }

    /** {@code POST /rotate/confirm}: checks the key confirmation tag and commits the pending key. */
    public Reply confirm(Caller caller, byte[] payload) {
        if (!caller.isDevice()) {
            return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_BAD_REQUEST, -1, "devices only");
        }
        Work w = work.get();
        RotateConfirm c = w.confirm;
        try {
            c.decode(w.reader, payload, 0, payload.length);
        } catch (WireException e) {
            return malformed("RotateConfirm", e);
        }
        if (!sameId(c.deviceId().toByteArray(), caller)) {
            return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_BAD_REQUEST, RotateConfirm.KEY_DEVICE_ID,
                    "device id differs from the DTLS identity");
        }
        if (caller.epoch() != c.newEpoch() && caller.epoch() != c.newEpoch() - 1) {
            return Reply.wireError(Reply.Code.CONFLICT, ErrorResponse.CODE_EPOCH_MISMATCH, RotateConfirm.KEY_NEW_EPOCH,
                    "confirm on the old or the new session only");
        }
        String id = caller.deviceId();
        long now = clock.getAsLong();
        SessionKeys s = sessions;
        SessionKeys.FreshKey fresh = s == null ? null : s.fresh(id, c.newEpoch(), now);
        if (fresh != null) {
            Reply r = confirmFresh(w, c, id, now, s, fresh);
            if (r != null) {
                return r;
            }
        }
        try {
            Optional<byte[]> th = store.transcriptHash(id, c.newEpoch());
            Optional<UsableKey> key = store.usableKey(id, c.newEpoch(), now);
            if (th.isEmpty() || key.isEmpty()) {
                return Reply.wireError(Reply.Code.CONFLICT, ErrorResponse.CODE_EPOCH_MISMATCH, RotateConfirm.KEY_NEW_EPOCH,
                        "no pending or current key at that epoch");
            }
            byte[] psk = key.get().key().bytes();
            key.get().key().destroy();
            boolean ok;
            try {
                c.confirmTag().copyTo(w.tag, 0);
                ok = w.kdf.verifyConfirmTag(psk, 0, th.get(), 0, w.tag, 0);
            } finally {
                Arrays.fill(psk, (byte) 0);
            }
            if (!ok) {
                return badSignature();
            }
            CommitOutcome out = store.commit(id, c.newEpoch(), now, graceMs);
            if (out == CommitOutcome.COMMITTED) {
                if (sessions != null) {
                    sessions.committed(id, c.newEpoch(), now);
                }
                observer.rotationCommitted();
            }
            return out == CommitOutcome.NOT_PENDING
                    ? Reply.wireError(Reply.Code.CONFLICT, ErrorResponse.CODE_EPOCH_MISMATCH, RotateConfirm.KEY_NEW_EPOCH,
                            "key is neither pending nor current")
                    : Reply.ok(Reply.Code.CHANGED);
        } catch (StoreException e) {
            return unavailable();
        } catch (CryptoException e) {
            return badSignature();
        }
    }

    /**
     * {@link #confirm} with the key this gateway issued still in memory: the tag is checked against
     * it, and the store is asked to commit only if it has not committed the key yet (the first
     * request on the new key's session commits it, see {@link SessionKeys#admit}). Null when the
     * key left memory meanwhile: the caller asks the store.
     */
    private Reply confirmFresh(Work w, RotateConfirm c, String id, long now, SessionKeys s, SessionKeys.FreshKey fresh) {
        byte[] psk = fresh.copyKey();
        if (psk == null) {
            return null;
        }
        boolean ok;
        try {
            c.confirmTag().copyTo(w.tag, 0);
            ok = w.kdf.verifyConfirmTag(psk, 0, fresh.transcriptHash(), 0, w.tag, 0);
        } catch (CryptoException e) {
            ok = false;
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
        if (!ok) {
            return badSignature();
        }
        if (!fresh.committed()) {
            CommitOutcome out;
            try {
                out = store.commit(id, c.newEpoch(), now, graceMs);
            } catch (StoreException e) {
                return unavailable();
            }
            if (out == CommitOutcome.COMMITTED) {
                s.committed(id, c.newEpoch(), now);
                observer.rotationCommitted();
            }
            if (out == CommitOutcome.NOT_PENDING) {
                s.confirmed(id, fresh);
                return Reply.wireError(Reply.Code.CONFLICT, ErrorResponse.CODE_EPOCH_MISMATCH, RotateConfirm.KEY_NEW_EPOCH,
                        "key is neither pending nor current");
            }
        }
        s.confirmed(id, fresh);
        return Reply.ok(Reply.Code.CHANGED);
    }

    /**
     * The reason the gateway records for a device's rotation: the device's own code, the same
     * number in the pending key and the ledger's {@code Rotated} event, when it is a rotation
     * reason; {@link RotationReason#UNSPECIFIED} for any other code.
     */
    static int recordedReason(int wireReason) {
        return RotationReason.isRotation(wireReason) ? wireReason : RotationReason.UNSPECIFIED;
    }

    private static boolean sameId(byte[] wireId, Caller caller) {
        return new String(wireId, StandardCharsets.US_ASCII).equals(caller.deviceId());
    }

    private static Reply malformed(String what, WireException e) {
        return Reply.wireError(Reply.Code.BAD_REQUEST, ErrorResponse.CODE_BAD_REQUEST, e.field() >= 0 && e.field() < 64 ? e.field() : -1,
                "malformed " + what + ": " + WireException.reasonName(e.reason()));
    }

    /**
     * An empty {@code POST /rotate}: the response stored with the caller's pending rotation (from its
     * session's epoch to the next). A response larger than a block (the hybrid suite's, ~1.3 KB) is
     * served one Block2 block per request without block-wise state, and a client asks for the blocks
     * after the first without repeating its request; the pending key already holds the response, so
     * each block is cut from the same bytes. 4.00 when nothing is pending.
     */
    private Reply pendingResponse(Caller caller) {
        try {
            Optional<PendingKey> pending = store.pending(caller.deviceId(), caller.epoch() + 1L);
            if (pending.isEmpty()) {
                return Reply.wireError(Reply.Code.BAD_REQUEST, ErrorResponse.CODE_BAD_REQUEST, -1,
                        "empty request and no pending rotation to continue");
            }
            pending.get().key().destroy();
            return Reply.ok(Reply.Code.CHANGED, pending.get().response());
        } catch (StoreException e) {
            return unavailable();
        }
    }

    /**
     * Puts the gateway's key share into {@code resp} and the shared secret into {@code w.shared}:
     * a fresh X25519 key agreed with the device's (suite 1), or an X-Wing encapsulation to the
     * device's X-Wing key (suite 2, Bouncy Castle's generator). False when the device's X-Wing key
     * is refused by Bouncy Castle (its ML-KEM part failing FIPS 203's modulus check).
     */
    private boolean keyShare(Work w, RotateRequest req, RotateResponse resp) throws CryptoException {
        if (req.suite() == CipherSuite.HYBRID_X25519_MLKEM768) {
            SecretWithEncapsulation enc;
            try {
                enc = new XWingKEMGenerator(random).generateEncapsulated(new XWingPublicKeyParameters(req.ephemeralKey().toByteArray()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                return false;
            }
            try {
                byte[] secret = enc.getSecret();
                System.arraycopy(secret, 0, w.shared, 0, XWingKem.SHARED_SECRET_LENGTH);
                Arrays.fill(secret, (byte) 0);
                byte[] ct = enc.getEncapsulation();
                resp.ephemeralKey().set(ct, 0, ct.length);
            } finally {
                destroy(enc);
            }
            return true;
        }
        X25519KeyAgreement.generateKeyPair(entropy, w.ephemeralPrivate, 0, w.ephemeralPublic, 0);
        try {
            req.ephemeralKey().copyTo(w.peerPublic, 0);
            // a low-order point throws, and is refused as before (docs/protocol.md)
            X25519KeyAgreement.agree(w.ephemeralPrivate, 0, w.peerPublic, 0, w.shared, 0);
        } finally {
            Arrays.fill(w.ephemeralPrivate, (byte) 0);
        }
        resp.ephemeralKey().set(w.ephemeralPublic, 0, X25519KeyAgreement.PUBLIC_KEY_LENGTH);
        return true;
    }

    private static void destroy(SecretWithEncapsulation enc) {
        try {
            enc.destroy();
        } catch (javax.security.auth.DestroyFailedException e) {
            // the secret was copied out and its array zeroed above; nothing more to do
        }
    }

    private static Reply badSignature() {
        return Reply.wireError(Reply.Code.UNAUTHORIZED, ErrorResponse.CODE_BAD_SIGNATURE, -1, "signature does not verify");
    }

    private static Reply unavailable() {
        return Reply.wireError(Reply.Code.SERVICE_UNAVAILABLE, ErrorResponse.CODE_INTERNAL, -1, "key store unavailable");
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Per-thread codecs and buffers. */
    private static final class Work {
        final io.dynakey.device.cbor.CborReader reader = WireMessage.newReader();
        final io.dynakey.device.cbor.CborWriter writer = WireMessage.newWriter();
        final RotateRequest request = new RotateRequest();
        final RotateResponse response = new RotateResponse();
        final RotateConfirm confirm = new RotateConfirm();
        final EnrolRequest enrol = new EnrolRequest();
        final RotationKeyDerivation kdf = new RotationKeyDerivation();
        final byte[] scratch = new byte[WireMessage.MAX_ENCODED_LENGTH];
        final byte[] out = new byte[WireMessage.MAX_ENCODED_LENGTH];
        final byte[] ephemeralPrivate = new byte[X25519KeyAgreement.PRIVATE_KEY_LENGTH];
        final byte[] ephemeralPublic = new byte[X25519KeyAgreement.PUBLIC_KEY_LENGTH];
        final byte[] shared = new byte[X25519KeyAgreement.SHARED_SECRET_LENGTH];
        final byte[] transcriptHash = new byte[RotationKeyDerivation.TRANSCRIPT_HASH_LENGTH];
        final byte[] peerPublic = new byte[X25519KeyAgreement.PUBLIC_KEY_LENGTH];
        final byte[] requestId = new byte[16];
        final byte[] tag = new byte[RotationKeyDerivation.CONFIRM_TAG_LENGTH];
    }
}
