package io.dynakey.gateway.service;

import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.ModelFile;
import io.dynakey.gateway.store.RolloutState;
import io.dynakey.gateway.store.StoreException;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.ModelRollout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Per-group staged model rollouts. Every model published for a group is kept (in the store, and
 * verified against the model-signing key again at every start), and each group has a stable
 * version and possibly a canary: the canary version is served, in {@code GET /model} and in each
 * telemetry acknowledgement, to the devices whose id hashes into the canary share
 * ({@link #inCanary}), the stable one to the rest. {@link #promote} makes the canary stable,
 * {@link #rollback} abandons it (or steps back from the stable version); each step is a
 * {@code ModelRollout} ledger event with the group and the model's SHA-256, written in the same
 * transaction as the state. A group without a rollout is served the gateway's default model
 * ({@code gateway.model.file} or {@code Gateway.publishModel}). The version each device reports
 * is tracked. Thread-safe: changes are serialised, reads see a consistent snapshot.
 *
 * <p>A device never goes back to an older model (anti-rollback), so telling canary devices the
 * previous version changes nothing on them; to bring them back the operator re-signs the previous
 * model's content under a version above the canary's and passes it to {@link #rollback} (the
 * usual fix), which then serves it to the whole group.
 */
public final class ModelRollouts {

    /**
     * A group's rollout as the operator sees it.
     *
     * @param state            stable and canary versions, share, start
     * @param keptVersions     every version kept for the group, ascending
     * @param devicesByVersion the group's non-revoked devices by the version they last reported (0: none yet)
     */
    public record Status(RolloutState state, List<Long> keptVersions, Map<Long, Integer> devicesByVersion) {
    }

    private final DeviceKeyStore store;
    private final GroupDirectory groups;
    private final LongSupplier clock;
    private final int maxBytes;
    private final Supplier<ModelService> fallback;
    private final ConcurrentHashMap<String, NavigableMap<Long, ModelService>> files = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RolloutState> states = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> reported = new ConcurrentHashMap<>();
    private byte[] publisherKey;

    private ModelRollouts(DeviceKeyStore store, GroupDirectory groups, LongSupplier clock, int maxBytes, Supplier<ModelService> fallback) {
        this.store = store;
        this.groups = groups;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.fallback = fallback;
    }

    /**
     * The rollouts recorded in {@code store}; every kept file is verified again with {@code publisherKey}.
     *
     * @param fallback the gateway's default model (served to groups without a rollout, and where a group's stable version is 0)
     * @throws IllegalArgumentException when a kept file does not verify (or there are kept files and no key)
     */
    public static ModelRollouts load(DeviceKeyStore store, GroupDirectory groups, LongSupplier clock, int maxBytes,
                                     byte[] publisherKey, Supplier<ModelService> fallback) throws StoreException {
        ModelRollouts r = new ModelRollouts(store, groups, clock, maxBytes, fallback);
        r.publisherKey = publisherKey;
        r.readFiles();
        for (RolloutState s : store.rolloutStates()) {
            r.states.put(s.groupId(), s);
        }
        r.reported.putAll(store.deviceModelVersions());
        return r;
    }

    /**
     * Re-reads the rollout states from the store (written there by the CLI or another gateway on
     * the same store), and the kept files when a state names a version not read yet.
     */
    public synchronized void refresh() throws StoreException {
        List<RolloutState> all = store.rolloutStates();
        for (RolloutState s : all) {
            NavigableMap<Long, ModelService> kept = files.get(s.groupId());
            if ((s.stableVersion() != 0 && (kept == null || !kept.containsKey(s.stableVersion())))
                    || (s.canaryVersion() != 0 && (kept == null || !kept.containsKey(s.canaryVersion())))) {
                readFiles();
                break;
            }
        }
        for (RolloutState s : all) {
            states.put(s.groupId(), s);
        }
    }

    private void readFiles() throws StoreException {
        for (ModelFile f : store.modelFiles()) {
            NavigableMap<Long, ModelService> kept = files.get(f.groupId());
            if (kept != null && kept.containsKey(f.version())) {
                continue;
            }
            ModelService m;
            try {
                m = ModelService.verified(f.file(), Integer.MAX_VALUE, publisherKey);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("kept model version " + f.version() + " of group " + f.groupId()
                        + " does not verify: " + e.getMessage(), e);
            }
            files.computeIfAbsent(f.groupId(), g -> new ConcurrentSkipListMap<>()).put(m.modelVersion(), m);
        }
    }

    /** True if {@code deviceId} falls in a canary of {@code permille}: the first 4 bytes of SHA-256(id) mod 1000. */
    public static boolean inCanary(String deviceId, int permille) {
        byte[] h = sha256(deviceId.getBytes(StandardCharsets.UTF_8));
        long v = ((h[0] & 0xffL) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        return v % 1000 < permille;
    }

    /** The model {@code deviceId} is to run: its group's canary or stable model, else the default one. */
    public ModelService servingFor(String deviceId) {
        String group = groups.groupFor(deviceId);
        RolloutState s = group == null ? null : states.get(group);
        if (s == null) {
            return fallback.get();
        }
        long v = assigned(deviceId, s);
        NavigableMap<Long, ModelService> kept = files.get(group);
        ModelService m = v == 0 || kept == null ? null : kept.get(v);
        return m == null ? fallback.get() : m;
    }

    /** The model version {@code deviceId} is told to run (0: none). */
    public long versionFor(String deviceId) {
        return servingFor(deviceId).modelVersion();
    }

    private static long assigned(String deviceId, RolloutState s) {
        return s.canaryRunning() && inCanary(deviceId, s.canaryPermille()) ? s.canaryVersion() : s.stableVersion();
    }

    /** Records that {@code deviceId} reports running {@code version} (stored only when it changed; store errors are ignored). */
    public void reported(String deviceId, long version) {
        if (version <= 0 || Objects.equals(reported.get(deviceId), version)) {
            return;
        }
        try {
            store.recordDeviceModel(deviceId, version, clock.getAsLong());
            reported.put(deviceId, version);
        } catch (StoreException e) {
            // tried again on the next report
        }
    }

    /** The version {@code deviceId} last reported, 0 if none. */
    public long reportedVersion(String deviceId) {
        return reported.getOrDefault(deviceId, 0L);
    }

    /**
     * Publishes {@code file} to {@code groupId} as a canary for {@code permille} of its devices.
     *
     * @throws IllegalArgumentException when it does not verify, is too large, or is not newer than every version of the group
     * @throws IllegalStateException    when a canary already runs in the group
     */
    public synchronized RolloutState publish(String groupId, byte[] file, int permille, byte[] publisherKey) throws StoreException {
        RolloutState now = stateOf(groupId);
        if (now.canaryRunning()) {
            throw new IllegalStateException("group " + groupId + " runs canary version " + now.canaryVersion()
                    + ": promote or roll back first");
        }
        ModelService m = newerVerified(groupId, file, publisherKey);
        long t = clock.getAsLong();
        RolloutState next = new RolloutState(groupId, now.stableVersion(), m.modelVersion(), permille, t);
        apply(new ModelFile(groupId, m.modelVersion(), m.file(), t), m, next, ModelRollout.CANARY, m);
        return next;
    }

    /**
     * Serves the running canary to the whole group.
     *
     * @throws IllegalStateException when no canary runs
     */
    public synchronized RolloutState promote(String groupId) throws StoreException {
        RolloutState now = stateOf(groupId);
        if (!now.canaryRunning()) {
            throw new IllegalStateException("group " + groupId + " runs no canary");
        }
        ModelService canary = files.get(groupId).get(now.canaryVersion());
        RolloutState next = new RolloutState(groupId, now.canaryVersion(), 0, 0, 0);
        apply(null, null, next, ModelRollout.PROMOTED, canary);
        return next;
    }

    /**
     * Rolls {@code groupId} back. With {@code restored} (the previous model's content re-signed under
     * a version above every kept one), that file serves the whole group: the way devices that already
     * run the canary get back, since they refuse an older version. Without it, a running canary is
     * abandoned (its devices are told the stable version, which those that already switched refuse:
     * they keep the canary until a restored file comes), or with no canary the group steps back to
     * the highest kept version below the stable one (only devices that never ran the stable one follow).
     *
     * @throws IllegalStateException    when there is nothing to roll back to
     * @throws IllegalArgumentException when {@code restored} does not verify or is not newer than every kept version
     */
    public synchronized RolloutState rollback(String groupId, byte[] restored, byte[] publisherKey) throws StoreException {
        RolloutState now = stateOf(groupId);
        long t = clock.getAsLong();
        if (restored != null) {
            ModelService m = newerVerified(groupId, restored, publisherKey);
            RolloutState next = new RolloutState(groupId, m.modelVersion(), 0, 0, 0);
            apply(new ModelFile(groupId, m.modelVersion(), m.file(), t), m, next, ModelRollout.ROLLED_BACK, m);
            return next;
        }
        long target;
        if (now.canaryRunning()) {
            target = now.stableVersion();
        } else {
            NavigableMap<Long, ModelService> kept = files.get(groupId);
            Long below = kept == null ? null : kept.lowerKey(now.stableVersion());
            if (below == null) {
                throw new IllegalStateException("group " + groupId + " has no version to roll back to");
            }
            target = below;
        }
        NavigableMap<Long, ModelService> kept = files.get(groupId);
        ModelService to = target == 0 || kept == null ? fallback.get() : kept.get(target);
        RolloutState next = new RolloutState(groupId, target, 0, 0, 0);
        apply(null, null, next, ModelRollout.ROLLED_BACK, to);
        return next;
    }

    /**
     * Applies {@code rule} to the group's running canary: its devices against the rest of the group
     * (RISK rotations of non-revoked devices since the canary started, and who reports the canary
     * version), then promotes or rolls back as it decides.
     */
    public synchronized PromotionRule.Decision evaluate(String groupId, PromotionRule rule) throws StoreException {
        RolloutState s = stateOf(groupId);
        if (!s.canaryRunning()) {
            return PromotionRule.Decision.WAIT;
        }
        Map<String, Long> rotations = store.riskRotationsSince(groupId, s.canarySinceMs());
        int cn = 0;
        int con = 0;
        long cr = 0;
        int rn = 0;
        int ron = 0;
        long rr = 0;
        for (Map.Entry<String, Long> e : rotations.entrySet()) {
            boolean on = reportedVersion(e.getKey()) >= s.canaryVersion();
            if (inCanary(e.getKey(), s.canaryPermille())) {
                cn++;
                con += on ? 1 : 0;
                cr += e.getValue();
            } else {
                rn++;
                ron += on ? 1 : 0;
                rr += e.getValue();
            }
        }
        PromotionRule.Decision d = rule.decide(clock.getAsLong() - s.canarySinceMs(), new PromotionRule.Cohort(cn, con, cr),
                new PromotionRule.Cohort(rn, ron, rr));
        if (d == PromotionRule.Decision.PROMOTE) {
            promote(groupId);
        } else if (d == PromotionRule.Decision.ROLL_BACK) {
            rollback(groupId, null, null);
        }
        return d;
    }

    /** {@link #evaluate} for every group with a running canary; returns the decisions other than WAIT. */
    public Map<String, PromotionRule.Decision> evaluateAll(PromotionRule rule) throws StoreException {
        Map<String, PromotionRule.Decision> out = new HashMap<>();
        for (RolloutState s : new ArrayList<>(states.values())) {
            if (s.canaryRunning()) {
                PromotionRule.Decision d = evaluate(s.groupId(), rule);
                if (d != PromotionRule.Decision.WAIT) {
                    out.put(s.groupId(), d);
                }
            }
        }
        return out;
    }

    /** The group's rollout: state, kept versions, and how many of its devices report each version. */
    public Status status(String groupId) throws StoreException {
        NavigableMap<Long, ModelService> kept = files.get(groupId);
        Map<Long, Integer> byVersion = new TreeMap<>();
        for (String id : store.riskRotationsSince(groupId, Long.MAX_VALUE).keySet()) {
            long v = reportedVersion(id);
            byVersion.merge(v, 1, Integer::sum);
        }
        return new Status(stateOf(groupId), kept == null ? List.of() : List.copyOf(kept.keySet()), byVersion);
    }

    private RolloutState stateOf(String groupId) {
        RolloutState s = states.get(groupId);
        return s != null ? s : new RolloutState(groupId, 0, 0, 0, 0);
    }

    private ModelService newerVerified(String groupId, byte[] file, byte[] publisherKey) {
        ModelService m = ModelService.verified(file, maxBytes, publisherKey);
        NavigableMap<Long, ModelService> kept = files.get(groupId);
        long highest = Math.max(kept == null || kept.isEmpty() ? 0 : kept.lastKey(), fallback.get().modelVersion());
        if (m.modelVersion() <= highest) {
            throw new IllegalArgumentException("model version " + m.modelVersion() + " is not newer than version " + highest
                    + " of group " + groupId + " (a device never goes back: re-sign older content under a higher version)");
        }
        return m;
    }

    private void apply(ModelFile newFile, ModelService newModel, RolloutState next, int action, ModelService about)
            throws StoreException {
        byte[] digest = about == null || about.fileSha256() == null ? new byte[32] : about.fileSha256();
        long version = about == null ? 0 : about.modelVersion();
        store.recordRollout(newFile, next, EventCodec.encodeBody(new ModelRollout(next.groupId(), action, version, digest)),
                clock.getAsLong());
        if (newModel != null) {
            files.computeIfAbsent(next.groupId(), g -> new ConcurrentSkipListMap<>()).put(newModel.modelVersion(), newModel);
        }
        states.put(next.groupId(), next);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
