package io.dynakey.gateway.service;

import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.gateway.store.CommitOutcome;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.KeyState;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.StoreException;
import io.dynakey.gateway.store.UsableKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which key opens a session and who is behind it: looks up the PSK of a DTLS identity, turns an
 * identity into a {@link Caller}, and admits or refuses each request. A handshake with a pending
 * key is remembered; the first request on that session proves the device holds the key (the
 * DTLS Finished messages verified), so {@link #admit} commits it: two-phase commit, phase two.
 * Thread-safe.
 */
public final class SessionKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKeys.class);

    private final DeviceKeyStore store;
    private final LongSupplier clock;
    private final String operatorIdentity;
    private final Secret operatorPsk;
    private final long graceMs;
    private final RequestLimiter limiter;
    private final ConcurrentHashMap<String, Integer> pendingHandshakes = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    /** Per device: the newest superseded epoch and when its grace window ends, for sessions still open on it. */
    private final ConcurrentHashMap<String, long[]> superseded = new ConcurrentHashMap<>();

    /**
     * @param operatorIdentity the operator's PSK identity
     * @param operatorPsk      the operator's PSK
     * @param graceMs          how long a replaced key keeps working after its successor's first use
     * @param limiter          per-device request limits
     */
    public SessionKeys(DeviceKeyStore store, LongSupplier clock, String operatorIdentity, Secret operatorPsk, long graceMs,
                       RequestLimiter limiter) {
        this.store = store;
        this.clock = clock;
        this.operatorIdentity = operatorIdentity;
        this.operatorPsk = operatorPsk;
        this.graceMs = graceMs;
        this.limiter = limiter;
    }

    /** The PSK for {@code identity} (a copy the caller wipes), or null when no key may open a session. */
    public byte[] keyFor(String identity) {
        if (identity.equals(operatorIdentity)) {
            return operatorPsk.bytes();
        }
        Caller c = callerOf(identity);
        if (c == null || !c.isDevice()) {
            return null;
        }
        try {
            Optional<UsableKey> k = store.usableKey(c.deviceId(), c.epoch(), clock.getAsLong());
            if (k.isEmpty()) {
                return null;
            }
            if (k.get().state() == KeyState.PENDING) {
                pendingHandshakes.put(c.deviceId(), c.epoch());
            }
            byte[] key = k.get().key().bytes();
            k.get().key().destroy();
            return key;
        } catch (StoreException e) {
            LOG.warn("key lookup failed for {}: {}", identity, e.reason());
            return null;
        }
    }

    /** The caller an identity names, or null if it is neither a device identity nor the operator's. */
    public Caller callerOf(String identity) {
        if (identity == null) {
            return null;
        }
        if (identity.equals(operatorIdentity)) {
            return Caller.operator();
        }
        byte[] b = identity.getBytes(StandardCharsets.US_ASCII);
        int idLen = PskIdentity.deviceIdLength(b, 0, b.length);
        if (idLen < 0) {
            return null;
        }
        return Caller.device(new String(b, 3, idLen, StandardCharsets.US_ASCII), PskIdentity.epoch(b, 0, b.length));
    }

    /**
     * Admits a request of {@code caller}, or returns the refusal: 4.03 for a revoked device, 4.29
     * for a device above its request rate. Commits a pending key on its first use.
     */
    public Reply admit(Caller caller) {
        if (!caller.isDevice()) {
            return null;
        }
        String id = caller.deviceId();
        if (revoked.contains(id)) {
            return Reply.error(Reply.Code.FORBIDDEN, "device revoked");
        }
        long now = clock.getAsLong();
        long[] old = superseded.get(id);
        if (old != null && caller.epoch() <= old[0] && now >= old[1]) {
            return Reply.error(Reply.Code.UNAUTHORIZED, "key retired: open a session with the current key");
        }
        if (!limiter.tryAcquire(id, now)) {
            return Reply.error(Reply.Code.TOO_MANY_REQUESTS, "request rate limit");
        }
        if (pendingHandshakes.remove(id, caller.epoch())) {
            try {
                CommitOutcome out = store.commit(id, caller.epoch(), now, graceMs);
                if (out == CommitOutcome.COMMITTED) {
                    committed(id, caller.epoch(), now);
                    LOG.debug("committed {} epoch {}", id, caller.epoch());
                }
            } catch (StoreException e) {
                pendingHandshakes.put(id, caller.epoch());
                return Reply.error(Reply.Code.SERVICE_UNAVAILABLE, "key store unavailable");
            }
        }
        return null;
    }

    /**
     * A key of {@code deviceId} at {@code epoch} became current at {@code nowMs}: sessions still open
     * on older keys are refused (4.01) once the grace window has passed, as new handshakes are.
     */
    public void committed(String deviceId, int epoch, long nowMs) {
        superseded.put(deviceId, new long[] {epoch - 1, nowMs + graceMs});
    }

    /** Refuses every further request of a revoked device, even on sessions already open. */
    public void revoked(String deviceId) {
        revoked.add(deviceId);
        pendingHandshakes.remove(deviceId);
        limiter.forget(deviceId);
    }
}
