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
 * its connections; {@link #sweep} picks up the second kind from the store. Thread-safe.
 */
public final class SessionKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SessionKeys.class);
    /** Revocations read from the store per sweep, at most. */
    private static final int REVOCATIONS_PER_SWEEP = 1000;

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

    /** The PSK for {@code identity} (a copy the caller wipes), or null when no key may open a session. */
    public byte[] keyFor(String identity) {
        if (identity.equals(operatorIdentity)) {
            return operatorPsk.bytes();
        }
        Caller c = callerOf(identity);
        if (c == null || !c.isDevice() || revoked.contains(c.deviceId())) {
            return null;
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
