package io.dynakey.gateway;

import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.ledger.LeaderDrain;
import io.dynakey.gateway.ledger.LedgerEventBodies;
import io.dynakey.gateway.ledger.OutboxEventSource;
import io.dynakey.gateway.service.EnrolmentService;
import io.dynakey.gateway.service.GroupDirectory;
import io.dynakey.gateway.service.GatewayObserver;
import io.dynakey.gateway.service.GroupKeyService;
import io.dynakey.gateway.service.ModelRiskScorer;
import io.dynakey.gateway.service.ModelService;
import io.dynakey.gateway.service.ModelRollouts;
import io.dynakey.gateway.service.PromotionRule;
import io.dynakey.gateway.service.Caller;
import io.dynakey.gateway.service.Reply;
import io.dynakey.gateway.service.RequestLimiter;
import io.dynakey.gateway.service.RotationService;
import io.dynakey.gateway.service.SessionKeys;
import io.dynakey.gateway.service.TelemetryService;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.FleetQueries;
import io.dynakey.gateway.store.GroupKey;
import io.dynakey.gateway.store.KeyEncryptionKeys;
import io.dynakey.gateway.store.KeyFiles;
import io.dynakey.gateway.store.KeyWrapper;
import io.dynakey.gateway.store.OperatorPsk;
import io.dynakey.gateway.store.PostgresDeviceKeyStore;
import io.dynakey.gateway.store.PostgresFleetQueries;
import io.dynakey.gateway.store.PostgresUrl;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.SqliteDeviceKeyStore;
import io.dynakey.gateway.store.SqliteFleetQueries;
import io.dynakey.gateway.store.StoreException;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key service without its transport: the store, the gateway's signing key, and the
 * services the CoAP resources call. Owns a background task that retires keys past their grace
 * window. Build with {@link #open}; close to stop the task and the store.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** Name of the gateway's Ed25519 signing seed in the store. */
    static final String SIGNING_SEED = "signing-seed";
    /** Events per Merkle batch of the gateway's own ledger drain. */
    static final int LEDGER_BATCH_EVENTS = 256;
    /** Longest a partial batch waits, ms of the gateway's clock. */
    static final long LEDGER_BATCH_WAIT_MS = 1_000;
    /** Pause between drain rounds with nothing to do, and between tries for the outbox lease. */
    static final long LEDGER_POLL_MS = 200;

    private final GatewayConfig config;
    private final DeviceKeyStore store;
    private final byte[] signingPublicKey;
    private final SessionKeys sessions;
    private final RotationService rotations;
    private final EnrolmentService enrolment;
    private final GroupKeyService groupKeys;
    private final GroupDirectory groups;
    private final long groupRekeyDelayMs;
    private final LongSupplier clock;
    private volatile ModelService models;
    private final TelemetryService telemetry;
    private final ModelRollouts rollouts;
    private final ScheduledExecutorService housekeeping;
    private final FleetQueries fleet;
    private volatile GatewayObserver observer = GatewayObserver.NONE;
    private final LeaderDrain ledgerDrain;

    private Gateway(GatewayConfig config, DeviceKeyStore store, FleetQueries fleet, Secret operatorPsk, ModelService models,
                    LongSupplier clock) throws StoreException {
        this.config = config;
        this.store = store;
        this.fleet = fleet;
        this.clock = clock;
        Secret seed = store.gatewaySecret(SIGNING_SEED, Ed25519Signatures.PRIVATE_KEY_LENGTH);
        byte[] seedBytes = seed.bytes();
        this.signingPublicKey = new byte[Ed25519Signatures.PUBLIC_KEY_LENGTH];
        try {
            Ed25519Signatures.publicKey(seedBytes, 0, signingPublicKey, 0);
        } catch (CryptoException e) {
            throw new IllegalStateException("cannot derive the signing public key", e);
        }
        java.util.Arrays.fill(seedBytes, (byte) 0);
        RequestLimiter limiter = new RequestLimiter(config.get(GatewaySettings.REQUESTS_PER_SECOND),
                config.get(GatewaySettings.REQUEST_BURST));
        this.sessions = new SessionKeys(store, clock, config.get(GatewaySettings.OPERATOR_IDENTITY), operatorPsk,
                config.get(GatewaySettings.GRACE_WINDOW).toMillis(), limiter);
        this.models = models;
        this.rotations = new RotationService(store, seed, signingPublicKey, clock, config.get(GatewaySettings.ROTATIONS_PER_HOUR),
                config.get(GatewaySettings.GRACE_WINDOW).toMillis());
        this.rotations.reportCommitsTo(sessions);
        // a SQLite file is one gateway's: nobody else issues or commits its rotations, so the keys it issues may stay in
        // memory until confirmed; a shared PostgreSQL store or a cluster node reads them from the store each time
        // (the system property dynakey.gateway.no-fresh-key-cache turns it off: the benchmark's before/after switch)
        this.sessions.cacheFreshKeys(store instanceof SqliteDeviceKeyStore && config.get(GatewaySettings.CLUSTER_NODE_ID) == 0
                && !Boolean.getBoolean("dynakey.gateway.no-fresh-key-cache"));
        this.rotations.requireHybridSuite(hybridGroups(config.get(GatewaySettings.HYBRID_GROUPS)));
        this.enrolment = new EnrolmentService(store, sessions, clock);
        this.groups = new GroupDirectory(store);
        this.groupRekeyDelayMs = config.get(GatewaySettings.GROUP_REKEY_DELAY).toMillis();
        this.groupKeys = new GroupKeyService(store, clock, groupRekeyDelayMs, groups);
        TelemetryService.RiskScorer scorer = models.model() == null ? TelemetryService.RiskScorer.NONE
                : new ModelRiskScorer(models.model());
        this.telemetry = new TelemetryService(store, scorer, clock, config.get(GatewaySettings.RISK_ROTATE_PERMILLE), groups);
        try {
            this.rollouts = ModelRollouts.load(store, groups, clock, config.get(GatewaySettings.MAX_MODEL_BYTES),
                    modelPublicKey(config), () -> this.models);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.telemetry.assignModelsWith(rollouts);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dynakey-retire");
            t.setDaemon(true);
            return t;
        });
        long every = config.get(GatewaySettings.RETIRE_INTERVAL).toMillis();
        housekeeping.scheduleWithFixedDelay(() -> retire(clock), every, every, TimeUnit.MILLISECONDS);
        sessions.sweep(); // the revocations already in the store, before the first request
        sweepGroups(clock);
        long sweepEvery = config.get(GatewaySettings.SESSION_SWEEP_INTERVAL).toMillis();
        housekeeping.scheduleWithFixedDelay(this::sweepSessions, sweepEvery, sweepEvery, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(() -> sweepGroups(clock), sweepEvery, sweepEvery, TimeUnit.MILLISECONDS);
        this.ledgerDrain = startLedgerDrain(config, store, clock);
        if (config.get(GatewaySettings.MODEL_AUTO_PROMOTE)) {
            PromotionRule rule = new PromotionRule(config.get(GatewaySettings.MODEL_CANARY_MIN_TIME).toMillis(),
                    config.get(GatewaySettings.MODEL_CANARY_MARGIN) / 1000.0);
            long checkEvery = config.get(GatewaySettings.MODEL_ROLLOUT_CHECK_INTERVAL).toMillis();
            housekeeping.scheduleWithFixedDelay(() -> evaluateRollouts(rule), checkEvery, checkEvery, TimeUnit.MILLISECONDS);
        }
    }

    private void evaluateRollouts(PromotionRule rule) {
        try {
            rollouts.refresh();
            rollouts.evaluateAll(rule).forEach((group, d) -> LOG.info("model rollout of group {}: {}", group, d));
        } catch (StoreException | RuntimeException e) {
            LOG.warn("checking model rollouts failed: {}", e.getMessage());
        }
    }

    private static byte[] modelPublicKey(GatewayConfig config) throws IOException {
        Path keyFile = config.get(GatewaySettings.MODEL_PUBLIC_KEY_FILE);
        return keyFile == null ? null
                : KeyFiles.readPublic(keyFile, "model-signing public key", Ed25519Signatures.PUBLIC_KEY_LENGTH);
    }

    /** The group model rollouts (per-group canary, promotion, rollback, and the versions devices report). */
    public ModelRollouts rollouts() {
        return rollouts;
    }

    /**
     * Publishes a signed model to {@code groupId} as a canary for {@code permille} of its devices
     * (verified with {@code gateway.model.public-key-file}; a {@code ModelRollout} ledger event).
     */
    public io.dynakey.gateway.store.RolloutState publishToGroup(String groupId, byte[] file, int permille)
            throws IOException, StoreException {
        io.dynakey.gateway.store.DeviceIds.requireGroup(groupId);
        return rollouts.publish(groupId, file, permille, modelPublicKey(config));
    }

    /** Promotes the group's canary to the whole group (a {@code ModelRollout} ledger event). */
    public io.dynakey.gateway.store.RolloutState promoteModel(String groupId) throws StoreException {
        return rollouts.promote(groupId);
    }

    /**
     * Rolls the group's model back; {@code restored} (may be null) is the previous model's content
     * re-signed under a higher version, the way devices that already switched get back (see {@link ModelRollouts#rollback}).
     */
    public io.dynakey.gateway.store.RolloutState rollbackModel(String groupId, byte[] restored) throws IOException, StoreException {
        return rollouts.rollback(groupId, restored, restored == null ? null : modelPublicKey(config));
    }

    /** {@code GET /model}: the file the calling device's rollout stage assigns it, else the default model. */
    public Reply modelRequest(Caller caller, byte[] payload) {
        return (caller.isDevice() ? rollouts.servingFor(caller.deviceId()) : models).handle(caller, payload);
    }

    /**
     * Opens the store under the configured data directory (created with mode 700) and starts
     * housekeeping. Key files are read and created by {@link KeyEncryptionKeys} and {@link OperatorPsk}.
     *
     * @throws IOException naming the file when a key file is unreadable, malformed or readable by group or others
     */
    public static Gateway open(GatewayConfig config) throws IOException, StoreException {
        return open(config, System::currentTimeMillis);
    }

    /** Like {@link #open(GatewayConfig)} with an explicit clock (Unix ms). */
    public static Gateway open(GatewayConfig config, LongSupplier clock) throws IOException, StoreException {
        ModelService models = loadModel(config); // first: a model that fails its checks touches no key file
        Path dir = config.get(GatewaySettings.DATA_DIR);
        KeyFiles.createPrivateDirectories(dir);
        if (!KeyFiles.isOwnerOnly(dir)) {
            LOG.warn("the data folder {} is open to group or others ({}); its key files are not, but chmod 700 it",
                    dir, KeyFiles.describePermissions(dir));
        }
        Path kekFile = config.get(GatewaySettings.KEK_FILE);
        byte[] kek = KeyEncryptionKeys.load(kekFile != null ? kekFile : dir.resolve("kek.hex"), true);
        KeyWrapper wrapper = new KeyWrapper(kek);
        java.util.Arrays.fill(kek, (byte) 0);
        DeviceKeyStore store = openStore(config, dir, wrapper);
        Path opFile = config.get(GatewaySettings.OPERATOR_PSK_FILE);
        Secret operatorPsk;
        try {
            operatorPsk = OperatorPsk.loadOrCreate(opFile != null ? opFile : dir.resolve("operator.psk"));
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        FleetQueries fleet = null;
        try {
            fleet = store instanceof PostgresDeviceKeyStore pg ? PostgresFleetQueries.open(pg)
                    : SqliteFleetQueries.open(dir.resolve("gateway.db"));
            return new Gateway(config, store, fleet, operatorPsk, models, clock);
        } catch (StoreException | RuntimeException e) {
            if (fleet != null) {
                fleet.close();
            }
            store.close();
            throw e;
        }
    }

    /** Drains the outbox into {@code gateway.ledger.journal-file} while this node holds the outbox lease; null if unset. */
    private static LeaderDrain startLedgerDrain(GatewayConfig config, DeviceKeyStore store, LongSupplier clock) {
        Path journal = config.get(GatewaySettings.LEDGER_JOURNAL);
        if (journal == null) {
            return null;
        }
        String node = config.get(GatewaySettings.BIND_ADDRESS) + ":" + config.get(GatewaySettings.PORT) + "/pid "
                + ProcessHandle.current().pid();
        return new LeaderDrain(store, store.outboxLease(node), () -> Journal.open(journal, FsyncPolicy.GROUP_COMMIT),
                journal.resolveSibling(journal.getFileName() + ".fence"), LEDGER_BATCH_EVENTS, LEDGER_BATCH_WAIT_MS,
                LEDGER_POLL_MS, clock);
    }

    /**
     * The configured store ({@code gateway.store}): SQLite in {@code dir}, or a PostgreSQL database
     * shared with other gateways, its password read from {@code gateway.store.password-file}.
     *
     * @throws IllegalArgumentException naming the setting, for a value that is neither form or a URL with a password
     */
    static DeviceKeyStore openStore(GatewayConfig config, Path dir, KeyWrapper wrapper) throws IOException, StoreException {
        String where = config.get(GatewaySettings.STORE);
        if (where.equals("sqlite")) {
            return SqliteDeviceKeyStore.open(dir.resolve("gateway.db"), wrapper, new LedgerEventBodies(),
                    config.get(GatewaySettings.DURABLE_COMMITS) ? SqliteDeviceKeyStore.Durability.FULL
                            : SqliteDeviceKeyStore.Durability.NORMAL);
        }
        String key = GatewaySettings.STORE.key();
        if (!PostgresUrl.looksLikeOne(where)) {
            throw new IllegalArgumentException(key + ": '" + where + "' is neither sqlite nor postgres://HOST[:PORT]/DATABASE?user=NAME");
        }
        PostgresUrl url;
        try {
            url = PostgresUrl.parse(where);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
        if (url.hasPassword()) {
            throw new IllegalArgumentException(key + ": the URL carries a password; put it in "
                    + GatewaySettings.STORE_PASSWORD_FILE.key() + " instead");
        }
        Path passwordFile = config.get(GatewaySettings.STORE_PASSWORD_FILE);
        if (passwordFile != null) {
            byte[] pw = KeyFiles.readPrivate(passwordFile, "PostgreSQL password");
            url = url.withPassword(new String(pw, java.nio.charset.StandardCharsets.UTF_8).strip());
            java.util.Arrays.fill(pw, (byte) 0);
        }
        LOG.info("key store: PostgreSQL {}", url.redacted());
        return PostgresDeviceKeyStore.open(url, wrapper, new LedgerEventBodies());
    }

    /**
     * The configured model, its signature checked with {@code gateway.model.public-key-file}; without
     * that key only when {@code gateway.model.allow-unverified} (logged as a warning).
     */
    private static ModelService loadModel(GatewayConfig config) throws IOException {
        Path modelFile = config.get(GatewaySettings.MODEL_FILE);
        Path keyFile = config.get(GatewaySettings.MODEL_PUBLIC_KEY_FILE);
        byte[] key = keyFile == null ? null
                : KeyFiles.readPublic(keyFile, "model-signing public key", Ed25519Signatures.PUBLIC_KEY_LENGTH);
        boolean unverified = config.get(GatewaySettings.MODEL_ALLOW_UNVERIFIED);
        ModelService models = ModelService.load(modelFile == null ? null : modelFile.toString(),
                config.get(GatewaySettings.MAX_MODEL_BYTES), key, unverified);
        if (modelFile != null && key == null) {
            LOG.warn("serving model {} without checking its signature (gateway.model.allow-unverified)", modelFile);
        }
        return models;
    }

    /** The operator PSK of {@code file}, created if absent: {@link OperatorPsk#loadOrCreate}. */
    public static Secret operatorPsk(Path file) throws IOException {
        return OperatorPsk.loadOrCreate(file);
    }

    private void retire(LongSupplier clock) {
        try {
            int n = store.retireExpired(clock.getAsLong());
            if (n > 0) {
                LOG.debug("retired {} keys", n);
            }
        } catch (StoreException e) {
            LOG.warn("retiring keys failed: {}", e.reason());
        } catch (RuntimeException e) {
            LOG.warn("retiring keys failed", e);
        }
    }

    /**
     * Rekeys the groups whose batch of joins is due (members then learn the new version in their
     * next telemetry acknowledgement) and re-reads every group's key version.
     */
    private void sweepGroups(LongSupplier clock) {
        try {
            long now = clock.getAsLong();
            List<String> rekeyed = store.rekeyJoinedGroups(now - groupRekeyDelayMs, now);
            if (!rekeyed.isEmpty()) {
                LOG.debug("rekeyed {} groups for new members", rekeyed.size());
            }
            groups.refresh();
            rollouts.refresh(); // rollout steps the CLI or another gateway wrote to the store
        } catch (StoreException e) {
            LOG.warn("group rekey sweep failed: {}", e.reason());
        } catch (RuntimeException e) {
            LOG.warn("group rekey sweep failed", e);
        }
    }

    /**
     * Moves a device to another group: its old group is rekeyed at once (it must not read what the
     * others send from now on) and it receives only the new group's keys from after the move.
     */
    public void moveDevice(String deviceId, String groupId) throws StoreException {
        store.moveDevice(deviceId, groupId, clock.getAsLong());
        groups.forget(deviceId);
        groups.refresh();
    }

    private void sweepSessions() {
        try {
            int n = sessions.sweep();
            if (n > 0) {
                LOG.debug("ended the sessions of {} devices", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("sweeping sessions failed", e);
        }
    }

    /**
     * Revokes a device as an operator: a {@code Revoked} event, its group rekeyed, its sessions on
     * this gateway ended at once ({@link EnrolmentService#revoke(String, int)}).
     *
     * @return false when it was already revoked
     * @throws StoreException {@code UNKNOWN_DEVICE} if not registered
     */
    public boolean revoke(String deviceId, int reason) throws StoreException {
        return enrolment.revoke(deviceId, reason);
    }

    /**
     * Gives the group a fresh key of the next version now (a {@code GroupRekeyed} event with
     * {@code reason}); members learn the version in their next telemetry acknowledgement.
     *
     * @return the new key's version
     * @throws IllegalArgumentException if {@code groupId} is not a group number
     */
    public long rekeyGroup(String groupId, int reason) throws StoreException {
        io.dynakey.gateway.store.DeviceIds.requireGroup(groupId);
        GroupKey k = store.rekeyGroup(groupId, reason, clock.getAsLong());
        k.key().destroy();
        groups.refresh();
        return k.version();
    }

    /**
     * Publishes a signed model while the gateway runs: checked like {@code gateway.model.file} but
     * with no unverified path (the signature must verify with {@code gateway.model.public-key-file}),
     * its version must be above the served one, a {@code ModelPublished} event goes to the ledger,
     * and from then on {@code GET /model} serves it and telemetry is scored with it.
     *
     * @return the published model's version
     * @throws IllegalArgumentException when it does not verify, is too large, or is not newer
     * @throws IOException when the public key file cannot be read
     */
    public synchronized long publishModel(byte[] file) throws IOException, StoreException {
        Path keyFile = config.get(GatewaySettings.MODEL_PUBLIC_KEY_FILE);
        byte[] key = keyFile == null ? null
                : KeyFiles.readPublic(keyFile, "model-signing public key", Ed25519Signatures.PUBLIC_KEY_LENGTH);
        ModelService next = ModelService.verified(file, config.get(GatewaySettings.MAX_MODEL_BYTES), key);
        if (next.modelVersion() <= models.modelVersion()) {
            throw new IllegalArgumentException("model version " + next.modelVersion() + " is not newer than the served "
                    + models.modelVersion());
        }
        store.appendEvent(io.dynakey.ledger.event.EventCodec.encodeBody(new io.dynakey.ledger.event.ModelPublished(
                Long.toString(next.model().modelId()), next.modelVersion(), next.fileSha256())), clock.getAsLong());
        telemetry.scoreWith(new ModelRiskScorer(next.model()));
        models = next;
        LOG.info("published model {} version {}", next.model().modelId(), next.modelVersion());
        return next.modelVersion();
    }

    /**
     * Reports what the gateway does (rotations, refusals, scored telemetry, and through the
     * transport, handshakes) to {@code observer} from now on; {@link GatewayObserver#NONE} stops it.
     */
    public void observeWith(GatewayObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer);
        sessions.observeWith(observer);
        rotations.observeWith(observer);
        telemetry.observeWith(observer);
    }

    /** The observer set by {@link #observeWith}, {@link GatewayObserver#NONE} until then. */
    public GatewayObserver observer() {
        return observer;
    }

    /** Read-only, paged queries over the fleet for the operator console and metrics. */
    public FleetQueries fleet() {
        return fleet;
    }

    /** The configuration. */
    public GatewayConfig config() {
        return config;
    }

    /** The key store. */
    public DeviceKeyStore store() {
        return store;
    }

    /** The gateway's own ledger drain ({@code gateway.ledger.journal-file}), if configured. */
    public Optional<LeaderDrain> ledgerDrain() {
        return Optional.ofNullable(ledgerDrain);
    }

    /** The outbox as the ledger bridge's event source. */
    public OutboxEventSource events() {
        return new OutboxEventSource(store);
    }

    /** The gateway's Ed25519 public key, which devices use to check its rotation responses (a copy). */
    public byte[] signingPublicKey() {
        return signingPublicKey.clone();
    }

    /** Session keys and request admission. */
    public SessionKeys sessions() {
        return sessions;
    }

    /** Rotation start and confirm. */
    public RotationService rotations() {
        return rotations;
    }

    /** Operator registration and revocation. */
    public EnrolmentService enrolment() {
        return enrolment;
    }

    /** Group key fetch. */
    public GroupKeyService groupKeys() {
        return groupKeys;
    }

    /** Model download and scoring. */
    public ModelService models() {
        return models;
    }

    /** Telemetry intake. */
    public TelemetryService telemetry() {
        return telemetry;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        try {
            housekeeping.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ledgerDrain != null) {
            ledgerDrain.close(); // anchors what is left if this node leads
        }
        try {
            fleet.close();
        } catch (StoreException e) {
            LOG.warn("closing the fleet view failed: {}", e.reason());
        }
        try {
            store.close();
        } catch (StoreException e) {
            LOG.warn("closing the store failed: {}", e.reason());
        }
    }

    /** The groups of {@code gateway.rotation.hybrid-groups}: comma-separated ids, {@code *} for all, {@code none}. */
    static Predicate<String> hybridGroups(String setting) {
        Set<String> groups = new HashSet<>();
        for (String g : setting.split(",")) {
            if (!g.isBlank() && !g.trim().equals("none")) {
                groups.add(g.trim());
            }
        }
        return groups.contains("*") ? group -> true : groups::contains;
    }
}
