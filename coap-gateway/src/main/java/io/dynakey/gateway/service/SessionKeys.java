package io.dynakey.gateway.service;

import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.gateway.store.CommitOutcome;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.KeyState;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.StoreException;
import io.dynakey.gateway.store.UsableKey;
import io.dynakey.gateway.store.RevokedDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Sessions end with their key: each replaced key has its own deadline (the end of its grace
 * window); from then on requests on its open sessions get 4.01 and {@link #sweep} has the
 * transport drop its connections. A revocation, whether made through this gateway or written to
 * the store by another process (the CLI, another gateway), refuses the device's requests and drops
 * its connections; {@link #sweep} picks up the second kind from the store.
 *
 * <p>With {@link #cacheFreshKeys} on, a key this gateway has just issued ({@link #issued}) is
 * kept in memory, with its rotation's transcript hash, until its rotation is confirmed or
 * {@link #FRESH_KEY_TTL_MS} passes: the handshake with it and the confirmation that follows then
 * read neither the store nor unwrap the key, and a confirmation after the commit does not commit
 * again. Only for a gateway that is the store's one writer of rotations (see {@code Gateway}).
 * Thread-safe.
 */
public final class SessionKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKeys.class);
    /** Revocations read from the store per sweep, at most. */
    private static final int REVOCATIONS_PER_SWEEP = 1000;
    /** How long a freshly issued key stays in memory unless its rotation is confirmed earlier. */
    public static final long FRESH_KEY_TTL_MS = 60_000;
    /** Freshly issued keys held in memory at most; beyond that the store answers. */
    static final int MAX_FRESH_KEYS = 65_536;

    private final DeviceKeyStore store;
    private final LongSupplier clock;
    private final String operatorIdentity;
    private final Secret operatorPsk;
    private final long graceMs;
    private final RequestLimiter limiter;
    private final ConcurrentHashMap<String, Integer> pendingHandshakes = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    /** Per device that replaced a key while this gateway ran: the deadlines of its replaced keys. */
    private final ConcurrentHashMap<String, ReplacedKeys> replaced = new ConcurrentHashMap<>();
    private volatile SessionTerminator terminator = SessionTerminator.NONE;
    private volatile GatewayObserver observer = GatewayObserver.NONE;
    private volatile boolean cacheFresh;
    /** Per device: the key this gateway issued last, while its rotation is not confirmed (see {@link #issued}). */
    private final ConcurrentHashMap<String, FreshKey> fresh = new ConcurrentHashMap<>();
    /** Outbox seq of the newest revocation read from the store. */
    private long revocationCursor;

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

    /** The transport's way to end open sessions (until set, sessions end only by refusal at the next request). */
    public void terminateWith(SessionTerminator terminator) {
        this.terminator = terminator;
    }

    /** Reports refusals and commits to {@code observer} from now on. */
    public void observeWith(GatewayObserver observer) {
        this.observer = observer;
    }

    /**
     * Keeps keys issued through {@link #issued} in memory (see the class comment). Sound only when
     * no other process issues or commits this store's rotations: another writer could replace a
     * pending key behind the cache's back.
     */
    public void cacheFreshKeys(boolean on) {
        this.cacheFresh = on;
        if (!on) {
            clearFresh();
        }
    }

    /**
     * This gateway stored {@code psk} as the pending key of {@code deviceId} at {@code epoch} for
     * the rotation with {@code transcriptHash}; with the cache on, a copy is kept (replacing the
     * device's previous one, which is wiped).
     */
    public void issued(String deviceId, int epoch, byte[] psk, byte[] transcriptHash, long nowMs) {
        if (!cacheFresh || revoked.contains(deviceId) || (fresh.size() >= MAX_FRESH_KEYS && !fresh.containsKey(deviceId))) {
            return;
        }
        FreshKey old = fresh.put(deviceId, new FreshKey(epoch, new Secret(psk), transcriptHash.clone(), nowMs + FRESH_KEY_TTL_MS));
        if (old != null) {
            old.wipe();
        }
    }

    /**
     * The freshly issued key of {@code deviceId} at {@code epoch} still held in memory, with its
     * transcript hash, or null (never cached, expired, confirmed, or another epoch's).
     */
    public FreshKey fresh(String deviceId, long epoch, long nowMs) {
        FreshKey f = fresh.get(deviceId);
        return f != null && f.epoch == epoch && nowMs < f.expiresMs ? f : null;
    }

    /** The rotation of {@code f} is confirmed: its key leaves memory. */
    public void confirmed(String deviceId, FreshKey f) {
        if (fresh.remove(deviceId, f)) {
            f.wipe();
        }
    }

    private void clearFresh() {
        for (String id : fresh.keySet()) {
            FreshKey f = fresh.remove(id);
            if (f != null) {
                f.wipe();
            }
        }
    }

    /** The PSK for {@code identity} (a copy the caller wipes), or null when no key may open a session. */
    public byte[] keyFor(String identity) {
        if (identity.equals(operatorIdentity)) {
            return operatorPsk.bytes();
        }
        Caller c = callerOf(identity);
        if (c == null || !c.isDevice() || revoked.contains(c.deviceId())) {
            return null;
        }
        FreshKey f = fresh(c.deviceId(), c.epoch(), clock.getAsLong());
        if (f != null) {
            byte[] key = f.copyKey();
            if (key != null) {
                if (!f.committed) {
                    pendingHandshakes.put(c.deviceId(), c.epoch());
                }
                return key;
            }
        }
        try {
            Optional<UsableKey> k = store.usableKey(c.deviceId(), c.epoch(), clock.getAsLong());
            if (k.isEmpty()) {
                return null;
            }
            if (k.get().state() == KeyState.PENDING) {
                pendingHandshakes.put(c.deviceId(), c.epoch());
            } else if (k.get().state() == KeyState.RETIRING) {
                // a session on a key replaced before this gateway started: it ends with the key's grace window
                replacedKeys(c.deviceId()).replaced(c.epoch(), k.get().usableUntilMs());
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
     * Admits a request of {@code caller}, or returns the refusal: 4.03 for a revoked device, 4.01
     * on a session whose key's grace window has ended, 4.29 for a device above its request rate.
     * Commits a pending key on its first use.
     */
    public Reply admit(Caller caller) {
        if (!caller.isDevice()) {
            return null;
        }
        String id = caller.deviceId();
        if (revoked.contains(id)) {
            observer.requestRefused(GatewayObserver.Refusal.REVOKED);
            return Reply.error(Reply.Code.FORBIDDEN, "device revoked");
        }
        long now = clock.getAsLong();
        ReplacedKeys old = replaced.get(id);
        if (old != null && old.expired(caller.epoch(), now)) {
            observer.requestRefused(GatewayObserver.Refusal.KEY_RETIRED);
            return Reply.error(Reply.Code.UNAUTHORIZED, "key retired: open a session with the current key");
        }
        if (!limiter.tryAcquire(id, now)) {
            observer.requestRefused(GatewayObserver.Refusal.RATE_LIMIT);
            return Reply.error(Reply.Code.TOO_MANY_REQUESTS, "request rate limit");
        }
        if (pendingHandshakes.remove(id, caller.epoch())) {
            try {
                CommitOutcome out = store.commit(id, caller.epoch(), now, graceMs);
                if (out == CommitOutcome.COMMITTED) {
                    committed(id, caller.epoch(), now);
                    observer.rotationCommitted();
                    LOG.debug("committed {} epoch {}", id, caller.epoch());
                }
                FreshKey f = fresh.get(id);
                if (f != null && f.epoch == caller.epoch()) {
                    if (out == CommitOutcome.NOT_PENDING) {
                        confirmed(id, f); // replaced or revoked meanwhile: the store decides from now on
                    } else {
                        f.markCommitted();
                    }
                }
            } catch (StoreException e) {
                pendingHandshakes.put(id, caller.epoch());
                return Reply.error(Reply.Code.SERVICE_UNAVAILABLE, "key store unavailable");
            }
        }
        return null;
    }

    /**
     * Whether one more block of a block-wise transfer may be taken from {@code caller}: each block
     * costs the device one request of its rate limit, as a whole request does, and a revoked device
     * gets none. (The reassembled request then passes {@link #admit} as any other.)
     */
    public boolean admitBlock(Caller caller) {
        if (!caller.isDevice()) {
            return true;
        }
        return !revoked.contains(caller.deviceId()) && limiter.tryAcquire(caller.deviceId(), clock.getAsLong());
    }

    /**
     * A key of {@code deviceId} at {@code epoch} became current at {@code nowMs}: the key it replaced
     * (epoch - 1) opens sessions until {@code nowMs} plus the grace window, and its open sessions end
     * then. Keys replaced earlier keep their own, earlier deadlines.
     */
    public void committed(String deviceId, int epoch, long nowMs) {
        if (epoch > 0) {
            replacedKeys(deviceId).replaced(epoch - 1, nowMs + graceMs);
        }
    }

    /** Refuses every further request of a revoked device and drops its connections. */
    public void revoked(String deviceId) {
        revoked.add(deviceId);
        pendingHandshakes.remove(deviceId);
        FreshKey f = fresh.remove(deviceId);
        if (f != null) {
            f.wipe();
        }
        replaced.remove(deviceId);
        limiter.forget(deviceId);
        terminator.terminate(deviceId, Integer.MAX_VALUE);
    }

    /**
     * Housekeeping, called every {@code gateway.session.sweep-interval}: learns of revocations
     * written to the store by others, drops the connections of replaced keys whose grace window
     * has ended, and forgets the request-limit buckets of devices that have been quiet long enough
     * for theirs to refill.
     *
     * @return the number of devices whose sessions were ended
     */
    public int sweep() {
        int ended = 0;
        try {
            List<RevokedDevice> news;
            do {
                news = store.revocationsAfter(revocationCursor, REVOCATIONS_PER_SWEEP);
                for (RevokedDevice r : news) {
                    revocationCursor = Math.max(revocationCursor, r.seq());
                    if (!revoked.contains(r.deviceId())) {
                        revoked(r.deviceId());
                        ended++;
                    }
                }
            } while (news.size() == REVOCATIONS_PER_SWEEP);
        } catch (StoreException e) {
            LOG.warn("reading revocations failed: {}", e.reason());
        }
        long now = clock.getAsLong();
        limiter.prune(now);
        for (Map.Entry<String, FreshKey> e : fresh.entrySet()) {
            if (now >= e.getValue().expiresMs) {
                confirmed(e.getKey(), e.getValue());
            }
        }
        // an entry stays after its keys expired (a few dozen bytes per device that rotated): a request racing the
        // asynchronous drop must still be refused
        for (Map.Entry<String, ReplacedKeys> e : replaced.entrySet()) {
            int through = e.getValue().expireDue(now);
            if (through >= 0) {
                terminator.terminate(e.getKey(), through);
                ended++;
            }
        }
        return ended;
    }

    /**
     * A key this gateway issued, held in memory until its rotation is confirmed or it expires:
     * the key (wiped when it leaves), its epoch, its rotation's transcript hash, and whether the
     * store has committed it.
     */
    public static final class FreshKey {
        private final int epoch;
        private final Secret key;
        private final byte[] transcriptHash;
        private final long expiresMs;
        private volatile boolean committed;

        FreshKey(int epoch, Secret key, byte[] transcriptHash, long expiresMs) {
            this.epoch = epoch;
            this.key = key;
            this.transcriptHash = transcriptHash;
            this.expiresMs = expiresMs;
        }

        /** A copy of the key the caller wipes, or null once it left memory. */
        synchronized byte[] copyKey() {
            return key.isDestroyed() ? null : key.bytes();
        }

        synchronized void wipe() {
            key.destroy();
        }

        /** The transcript hash of the rotation that issued the key (a copy). */
        byte[] transcriptHash() {
            return transcriptHash.clone();
        }

        /** True once the store holds the key as current (committed through this gateway). */
        boolean committed() {
            return committed;
        }

        void markCommitted() {
            committed = true;
        }

        @Override
        public String toString() {
            return "FreshKey[epoch " + epoch + ", committed " + committed + "]";
        }
    }

    private ReplacedKeys replacedKeys(String deviceId) {
        return replaced.computeIfAbsent(deviceId, k -> new ReplacedKeys());
    }

    /**
     * One device's replaced keys whose sessions are still open: the epochs in order, each with the end
     * of its grace window, and the highest epoch whose window has ended.
     */
    private static final class ReplacedKeys {
        private final ArrayDeque<long[]> due = new ArrayDeque<>(2);
        private int expiredThrough = -1;

        synchronized void replaced(int epoch, long deadlineMs) {
            if (epoch <= expiredThrough) {
                return;
            }
            for (long[] d : due) {
                if (d[0] == epoch) {
                    d[1] = Math.min(d[1], deadlineMs);
                    return;
                }
            }
            // rotations go forward, so epochs arrive in order; a late handshake on an older retiring key goes first
            if (due.isEmpty() || due.peekLast()[0] < epoch) {
                due.addLast(new long[] {epoch, deadlineMs});
            } else {
                due.addFirst(new long[] {epoch, deadlineMs});
            }
        }

        synchronized boolean expired(int epoch, long nowMs) {
            if (epoch <= expiredThrough) {
                return true;
            }
            for (long[] d : due) {
                if (d[0] == epoch) {
                    return nowMs >= d[1];
                }
            }
            return false;
        }

        /** Moves keys whose deadline passed to expired; the highest such epoch, or -1 if none did now. */
        synchronized int expireDue(long nowMs) {
            int through = -1;
            for (Iterator<long[]> it = due.iterator(); it.hasNext(); ) {
                long[] d = it.next();
                if (nowMs >= d[1]) {
                    through = Math.max(through, (int) d[0]);
                    it.remove();
                }
            }
            if (through >= 0) {
                expiredThrough = Math.max(expiredThrough, through);
            }
            return through;
        }
    }
}
