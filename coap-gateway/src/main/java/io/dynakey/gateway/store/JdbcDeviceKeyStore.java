package io.dynakey.gateway.store;

import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.store.StoreException.Reason;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link DeviceKeyStore} logic over one JDBC connection, shared by the SQLite and PostgreSQL
 * stores; a subclass supplies what differs between the engines (row locks, the next outbox seq,
 * which errors are transient, engine self-checks). Every public method is one transaction,
 * serialised by this object's monitor; a transaction that fails with a transient conflict
 * (another writer on the same database) is rolled back and run again, up to
 * {@value #MAX_ATTEMPTS} times, then fails as {@code BUSY}. Keys are wrapped by a
 * {@link KeyWrapper}; the associated data names the row, so rows cannot be swapped. Ledger
 * commitments are salted under a commitment secret kept in the store ({@value #COMMITMENT_SECRET},
 * wrapped under the KEK like every key).
 */
public abstract class JdbcDeviceKeyStore implements DeviceKeyStore {

    /** Name of the ledger commitment secret in {@link #gatewaySecret}. */
    public static final String COMMITMENT_SECRET = "ledger-commitment-secret";
    /** Length of the commitment secret, bytes. */
    static final int COMMITMENT_SECRET_LENGTH = 32;
    /** Runs of one transaction at most before a transient conflict is reported as {@code BUSY}. */
    static final int MAX_ATTEMPTS = 50;

    private final Connection c;
    private final KeyWrapper wrapper;
    private final EventBodies events;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final List<PreparedStatement> opened = new ArrayList<>();
    private final Secret commitmentSecret;
    private long retries;

    /** Takes over {@code c} (migrated, auto-commit off); reads or creates the commitment secret. */
    JdbcDeviceKeyStore(Connection c, KeyWrapper wrapper, EventBodies events) throws StoreException {
        this.c = c;
        this.wrapper = wrapper;
        this.events = events;
        this.commitmentSecret = gatewaySecret(COMMITMENT_SECRET, COMMITMENT_SECRET_LENGTH);
    }

    static void closeQuietly(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // already failing; the first error is the one reported
        }
    }

    // ---------------------------------------------------------------- what differs between engines

    /** Appended to a SELECT that a writer reads before it changes the rows (e.g. {@code " FOR UPDATE"}), or "". */
    abstract String lockClause();

    /**
     * SQL that a write transaction runs first so that it waits for the engine's write lock up front
     * (instead of failing when it upgrades a read), or {@code null} where row locks do the job.
     */
    abstract String writeLockSql();

    /** True if a read of one statement may run on an auto-commit connection (a round trip saved per read). */
    abstract boolean autoCommitReads();

    /**
     * One statement that appends an outbox event (parameters: time ms, body) under the next seq and
     * returns that seq; seqs must stay gapless and become visible in commit order.
     */
    abstract String appendOutboxSql();

    /** The engine's two-argument maximum and minimum functions. */
    abstract String greatest();

    abstract String least();

    /** True if {@code e} is a transient conflict with another writer: the transaction may simply run again. */
    abstract boolean isTransient(SQLException e);

    /** True if {@code e} means another writer held the database too long (reported as {@code BUSY}). */
    boolean isBusy(SQLException e) {
        return isTransient(e);
    }

    /** The engine's own consistency checks, adding what it finds to {@code problems}. */
    abstract void engineCheck(Statement s, List<String> problems) throws SQLException;

    /** Transactions run again after a transient conflict since this store opened. */
    public synchronized long retries() {
        return retries;
    }

    @Override
    public synchronized void registerDevice(String deviceId, byte[] identityPublicKey, String groupId, Secret initialPsk,
                                            long nowMs) throws StoreException {
        DeviceIds.require(deviceId);
        DeviceIds.requireGroup(groupId);
        if (identityPublicKey == null || identityPublicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        PskLength.require(initialPsk.length(), "factory PSK");
        inWriteTransaction("register " + deviceId, () -> {
            if (deviceRow(deviceId) != null) {
                throw new StoreException(Reason.DUPLICATE_DEVICE, "device " + deviceId + " is already registered");
            }
            byte[] key = initialPsk.bytes();
            byte[] commitment = events.deviceKeyCommitment(commitmentSecret, deviceId, 0, key);
            exec("INSERT INTO device (device_id, identity_pub, group_id, revoked, current_epoch, created_ms, joined_ms,"
                    + " joined_version) VALUES (?,?,?,0,0,?,?,?)", deviceId, identityPublicKey, groupId, nowMs, nowMs,
                    latestGroupVersion(groupId));
            exec("INSERT INTO device_key (device_id, epoch, state, wrapped_key, commitment, commitment_version, created_ms,"
                    + " committed_ms) VALUES (?,0,'CURRENT',?,?,?,?,?)", deviceId, wrapper.wrap(key, keyContext(deviceId, 0)),
                    commitment, events.commitmentVersion(), nowMs, nowMs);
            Arrays.fill(key, (byte) 0);
            outbox(events.enrolled(deviceId, 0, commitment), nowMs);
            return null;
        });
    }

    @Override
    public synchronized Optional<DeviceRecord> device(String deviceId) throws StoreException {
        return inRead("read device", () -> Optional.ofNullable(deviceRow(deviceId)));
    }

    @Override
    public synchronized int deviceCount() throws StoreException {
        return inRead("count devices", () -> {
            try (PreparedStatement ps = prepared("SELECT COUNT(*) FROM device"); ResultSet rs = ps.executeQuery()) {
                return one(rs).getInt(1);
            }
        });
    }

    @Override
    public synchronized Optional<UsableKey> usableKey(String deviceId, long epoch, long nowMs) throws StoreException {
        return inRead("read key", () -> {
            try (PreparedStatement ps = prepared(
                    "SELECT k.state, k.wrapped_key, k.retire_after_ms FROM device_key k JOIN device d ON d.device_id = k.device_id"
                            + " WHERE k.device_id = ? AND k.epoch = ? AND d.revoked = 0")) {
                ps.setString(1, deviceId);
                ps.setLong(2, epoch);
                UsableKey result = null;
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        KeyState state = KeyState.valueOf(rs.getString(1));
                        boolean usable = state == KeyState.PENDING || state == KeyState.CURRENT
                                || (state == KeyState.RETIRING && nowMs < rs.getLong(3));
                        if (usable) {
                            result = new UsableKey(deviceId, epoch, state,
                                    Secret.adopt(wrapper.unwrap(rs.getBytes(2), keyContext(deviceId, epoch))),
                                    state == KeyState.RETIRING ? rs.getLong(3) : Long.MAX_VALUE);
                        }
                    }
                }
                return Optional.ofNullable(result);
            }
        });
    }

    @Override
    public synchronized Optional<PendingKey> pending(String deviceId, long toEpoch) throws StoreException {
        return inRead("read pending", () -> Optional.ofNullable(pendingRow(deviceId, toEpoch)));
    }

    @Override
    public synchronized Optional<byte[]> transcriptHash(String deviceId, long epoch) throws StoreException {
        return inRead("read transcript hash", () -> {
            try (PreparedStatement ps = prepared("SELECT transcript_hash FROM device_key"
                    + " WHERE device_id = ? AND epoch = ? AND state IN ('PENDING', 'CURRENT') AND transcript_hash IS NOT NULL")) {
                ps.setString(1, deviceId);
                ps.setLong(2, epoch);
                byte[] h = null;
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        h = rs.getBytes(1);
                    }
                }
                return Optional.ofNullable(h);
            }
        });
    }

    @Override
    public synchronized PendingOutcome putPending(PendingKey p, long nowMs) throws StoreException {
        return inWriteTransaction("store pending key", () -> {
            DeviceRecord d = lockedDeviceRow(p.deviceId());
            PendingOutcome out;
            if (d == null) {
                out = new PendingOutcome(PendingOutcome.Status.UNKNOWN_DEVICE, null);
            } else if (d.revoked()) {
                out = new PendingOutcome(PendingOutcome.Status.REVOKED, null);
            } else if (d.currentEpoch() != p.fromEpoch()) {
                out = new PendingOutcome(PendingOutcome.Status.STALE_EPOCH, null);
            } else {
                PendingKey existing = pendingRow(p.deviceId(), p.toEpoch());
                if (existing != null && MessageDigest.isEqual(existing.requestDigest(), p.requestDigest())) {
                    out = new PendingOutcome(PendingOutcome.Status.RETRY, existing.response());
                } else {
                    exec("DELETE FROM device_key WHERE device_id = ? AND state = 'PENDING'", p.deviceId());
                    byte[] key = p.key().bytes();
                    exec("INSERT INTO device_key (device_id, epoch, state, wrapped_key, commitment, commitment_version,"
                                    + " request_digest, transcript_hash, response, reason, risk, model_version, created_ms)"
                                    + " VALUES (?,?,'PENDING',?,?,?,?,?,?,?,?,?,?)",
                            p.deviceId(), p.toEpoch(), wrapper.wrap(key, keyContext(p.deviceId(), p.toEpoch())),
                            events.deviceKeyCommitment(commitmentSecret, p.deviceId(), p.toEpoch(), key),
                            events.commitmentVersion(), p.requestDigest(), p.transcriptHash(), p.response(),
                            p.reason(), p.riskPermille(), p.modelVersion(), nowMs);
                    Arrays.fill(key, (byte) 0);
                    out = new PendingOutcome(PendingOutcome.Status.STORED, p.response());
                }
            }
            return out;
        });
    }

    @Override
    public synchronized CommitOutcome commit(String deviceId, long epoch, long nowMs, long graceMs) throws StoreException {
        return inWriteTransaction("commit key", () -> {
            lockDevice(deviceId); // the device row first, as in every writer: no lock-order deadlock with putPending
            try (PreparedStatement ps = prepared(
                    "SELECT k.state, k.reason, k.risk, k.model_version, k.commitment, d.revoked FROM device_key k"
                            + " JOIN device d ON d.device_id = k.device_id WHERE k.device_id = ? AND k.epoch = ?")) {
                ps.setString(1, deviceId);
                ps.setLong(2, epoch);
                CommitOutcome out;
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(6) != 0) {
                        out = CommitOutcome.NOT_PENDING;
                    } else {
                        KeyState state = KeyState.valueOf(rs.getString(1));
                        if (state == KeyState.CURRENT) {
                            out = CommitOutcome.ALREADY_CURRENT;
                        } else if (state != KeyState.PENDING) {
                            out = CommitOutcome.NOT_PENDING;
                        } else {
                            int reason = rs.getInt(2);
                            int risk = rs.getInt(3);
                            long model = rs.getLong(4);
                            byte[] commitment = rs.getBytes(5);
                            rs.close();
                            exec("UPDATE device_key SET state = 'RETIRING', retire_after_ms = ? WHERE device_id = ? AND state = 'CURRENT'",
                                    nowMs + graceMs, deviceId);
                            exec("UPDATE device_key SET state = 'CURRENT', committed_ms = ? WHERE device_id = ? AND epoch = ?",
                                    nowMs, deviceId, epoch);
                            exec("UPDATE device SET current_epoch = ? WHERE device_id = ?", epoch, deviceId);
                            outbox(events.rotated(deviceId, epoch, reason, risk, model, commitment), nowMs);
                            out = CommitOutcome.COMMITTED;
                        }
                    }
                }
                return out;
            }
        });
    }

    @Override
    public synchronized int retireExpired(long nowMs) throws StoreException {
        return inWriteTransaction("retire keys", () -> exec(
                "UPDATE device_key SET state = 'RETIRED', wrapped_key = NULL, response = NULL, transcript_hash = NULL"
                        + " WHERE state = 'RETIRING' AND retire_after_ms <= ?", nowMs));
    }

    @Override
    public synchronized boolean revoke(String deviceId, int reason, long nowMs) throws StoreException {
        return inWriteTransaction("revoke " + deviceId, () -> {
            DeviceRecord d = lockedDeviceRow(deviceId);
            if (d == null) {
                throw new StoreException(Reason.UNKNOWN_DEVICE, "device " + deviceId + " is not registered");
            }
            if (d.revoked()) {
                return false;
            }
            exec("UPDATE device_key SET state = 'REVOKED', wrapped_key = NULL, response = NULL WHERE device_id = ?", deviceId);
            long seq = outbox(events.revoked(deviceId, d.currentEpoch(), reason), nowMs);
            exec("UPDATE device SET revoked = 1, revoked_seq = ? WHERE device_id = ?", seq, deviceId);
            // the device held its group's current key: the others move on to a new one it never gets
            GroupKey held = latestGroupKey(d.groupId());
            if (held != null) {
                held.key().destroy();
                insertGroupKey(d.groupId(), held.version() + 1, RotationReason.MEMBER_LEFT, nowMs).key().destroy();
            }
            return true;
        });
    }

    @Override
    public synchronized List<RevokedDevice> revocationsAfter(long afterSeq, int max) throws StoreException {
        return inRead("read revocations", () -> {
            try (PreparedStatement ps = prepared("SELECT device_id, revoked_seq FROM device WHERE revoked = 1 AND revoked_seq > ?"
                    + " ORDER BY revoked_seq LIMIT ?")) {
                ps.setLong(1, afterSeq);
                ps.setInt(2, max);
                List<RevokedDevice> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RevokedDevice(rs.getString(1), rs.getLong(2)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public synchronized Optional<CommitmentOpening> openCommitment(String deviceId, long epoch) throws StoreException {
        return inRead("open commitment", () -> {
            try (PreparedStatement ps = prepared(
                    "SELECT state, commitment, commitment_version FROM device_key WHERE device_id = ? AND epoch = ?")) {
                ps.setString(1, deviceId);
                ps.setLong(2, epoch);
                CommitmentOpening out = null;
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        int version = rs.getInt(3);
                        byte[] salt = version == events.commitmentVersion()
                                ? events.deviceKeySalt(commitmentSecret, deviceId, epoch) : new byte[0];
                        out = new CommitmentOpening(deviceId, epoch, KeyState.valueOf(rs.getString(1)), rs.getBytes(2),
                                version, salt);
                    }
                }
                return Optional.ofNullable(out);
            }
        });
    }

    @Override
    public synchronized List<KeyRow> keys(String deviceId) throws StoreException {
        return inRead("list keys", () -> {
            try (PreparedStatement ps = prepared("SELECT epoch, state, commitment, retire_after_ms, CASE WHEN wrapped_key IS NULL THEN 0 ELSE 1 END"
                    + " FROM device_key WHERE device_id = ? ORDER BY epoch")) {
                ps.setString(1, deviceId);
                List<KeyRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new KeyRow(deviceId, rs.getLong(1), KeyState.valueOf(rs.getString(2)), rs.getBytes(3),
                                rs.getLong(4), rs.getInt(5) != 0));
                    }
                }
                return rows;
            }
        });
    }

    @Override
    public synchronized GroupKey groupKey(String groupId, long nowMs) throws StoreException {
        DeviceIds.require(groupId);
        return inWriteTransaction("read group key", () -> {
            GroupKey g = latestGroupKey(groupId);
            if (g == null) {
                g = insertGroupKey(groupId, 0, RotationReason.UNSPECIFIED, nowMs);
            }
            return g;
        });
    }

    @Override
    public synchronized GroupKey rekeyGroup(String groupId, int reason, long nowMs) throws StoreException {
        DeviceIds.require(groupId);
        return inWriteTransaction("rekey group", () -> {
            GroupKey old = latestGroupKey(groupId);
            GroupKey g = insertGroupKey(groupId, old == null ? 0 : old.version() + 1, reason, nowMs);
            return g;
        });
    }

    @Override
    public synchronized Optional<GroupKey> memberGroupKey(String deviceId, long rekeyDelayMs, long nowMs) throws StoreException {
        return inWriteTransaction("member group key", () -> {
            DeviceRecord d = lockedDeviceRow(deviceId);
            if (d == null) {
                throw new StoreException(Reason.UNKNOWN_DEVICE, "device " + deviceId + " is not registered");
            }
            GroupKey g = latestGroupKey(d.groupId());
            if (g == null) {
                return Optional.of(insertGroupKey(d.groupId(), 0, RotationReason.UNSPECIFIED, nowMs));
            }
            if (g.version() > d.joinedVersion()) {
                return Optional.of(g);
            }
            g.key().destroy();
            if (nowMs - d.joinedMs() < rekeyDelayMs) {
                return Optional.<GroupKey>empty();
            }
            return Optional.of(insertGroupKey(d.groupId(), g.version() + 1, RotationReason.MEMBER_JOINED, nowMs));
        });
    }

    @Override
    public synchronized List<String> rekeyJoinedGroups(long joinedByMs, long nowMs) throws StoreException {
        return inWriteTransaction("rekey joined groups", () -> {
            List<String> due = new ArrayList<>();
            try (PreparedStatement ps = prepared("SELECT DISTINCT d.group_id FROM device d JOIN"
                    + " (SELECT group_id, MAX(version) AS v FROM group_key GROUP BY group_id) g ON g.group_id = d.group_id"
                    + " WHERE d.revoked = 0 AND d.joined_version >= g.v AND d.joined_ms <= ? ORDER BY d.group_id")) {
                ps.setLong(1, joinedByMs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(rs.getString(1));
                    }
                }
            }
            for (String group : due) {
                insertGroupKey(group, latestGroupVersion(group) + 1, RotationReason.MEMBER_JOINED, nowMs).key().destroy();
            }
            return due;
        });
    }

    @Override
    public synchronized void moveDevice(String deviceId, String groupId, long nowMs) throws StoreException {
        DeviceIds.requireGroup(groupId);
        inWriteTransaction("move " + deviceId, () -> {
            DeviceRecord d = lockedDeviceRow(deviceId);
            if (d == null) {
                throw new StoreException(Reason.UNKNOWN_DEVICE, "device " + deviceId + " is not registered");
            }
            if (d.groupId().equals(groupId)) {
                return null;
            }
            exec("UPDATE device SET group_id = ?, joined_ms = ?, joined_version = ? WHERE device_id = ?", groupId, nowMs,
                    latestGroupVersion(groupId), deviceId);
            long left = latestGroupVersion(d.groupId());
            if (left >= 0) {
                insertGroupKey(d.groupId(), left + 1, RotationReason.MEMBER_LEFT, nowMs).key().destroy();
            }
            return null;
        });
    }

    @Override
    public synchronized Map<String, Long> groupKeyVersions() throws StoreException {
        return inRead("group key versions", () -> {
            Map<String, Long> versions = new HashMap<>();
            try (PreparedStatement ps = prepared("SELECT group_id, MAX(version) FROM group_key GROUP BY group_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), rs.getLong(2));
                }
            }
            return versions;
        });
    }

    private long latestGroupVersion(String groupId) throws SQLException {
        try (PreparedStatement ps = prepared("SELECT COALESCE(MAX(version), -1) FROM group_key WHERE group_id = ?")) {
            ps.setString(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                return one(rs).getLong(1);
            }
        }
    }

    @Override
    public synchronized Secret gatewaySecret(String name, int length) throws StoreException {
        byte[] ctx = ("secret|" + name).getBytes(StandardCharsets.US_ASCII);
        return inWriteTransaction("gateway secret", () -> {
            byte[] wrapped = null;
            try (PreparedStatement ps = prepared("SELECT wrapped FROM gateway_secret WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        wrapped = rs.getBytes(1);
                    }
                }
            }
            Secret s;
            if (wrapped != null) {
                s = Secret.adopt(wrapper.unwrap(wrapped, ctx));
            } else {
                byte[] fresh = new byte[length];
                random.nextBytes(fresh);
                exec("INSERT INTO gateway_secret (name, wrapped) VALUES (?, ?)", name, wrapper.wrap(fresh, ctx));
                s = Secret.adopt(fresh);
            }
            return s;
        });
    }

    @Override
    public synchronized long appendEvent(byte[] body, long nowMs) throws StoreException {
        return inWriteTransaction("append event", () -> outbox(body, nowMs));
    }

    @Override
    public synchronized long recordRollout(ModelFile newFile, RolloutState state, byte[] eventBody, long nowMs) throws StoreException {
        return inWriteTransaction("record model rollout of " + state.groupId(), () -> {
            if (newFile != null) {
                exec("INSERT INTO model_file (group_id, version, body, sha256, published_ms) VALUES (?, ?, ?, ?, ?)",
                        newFile.groupId(), newFile.version(), newFile.file(), sha256(newFile.file()), newFile.publishedMs());
            }
            exec("INSERT INTO model_rollout (group_id, stable_version, canary_version, canary_permille, canary_since_ms)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id) DO UPDATE SET stable_version = excluded.stable_version,"
                    + " canary_version = excluded.canary_version, canary_permille = excluded.canary_permille,"
                    + " canary_since_ms = excluded.canary_since_ms",
                    state.groupId(), state.stableVersion(), state.canaryVersion(), state.canaryPermille(), state.canarySinceMs());
            return outbox(eventBody, nowMs);
        });
    }

    @Override
    public synchronized List<ModelFile> modelFiles() throws StoreException {
        return inRead("read model files", () -> {
            try (PreparedStatement ps = prepared("SELECT group_id, version, body, published_ms FROM model_file ORDER BY group_id, version")) {
                List<ModelFile> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ModelFile(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getLong(4)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public synchronized List<RolloutState> rolloutStates() throws StoreException {
        return inRead("read model rollouts", () -> {
            try (PreparedStatement ps = prepared("SELECT group_id, stable_version, canary_version, canary_permille, canary_since_ms"
                    + " FROM model_rollout ORDER BY group_id")) {
                List<RolloutState> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RolloutState(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getLong(5)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public synchronized Map<String, Long> riskRotationsSince(String groupId, long sinceMs) throws StoreException {
        return inRead("count risk rotations of " + groupId, () -> {
            try (PreparedStatement ps = prepared("SELECT d.device_id, (SELECT COUNT(*) FROM device_key k WHERE k.device_id = d.device_id"
                    + " AND k.reason = ? AND k.committed_ms >= ?) FROM device d WHERE d.group_id = ? AND d.revoked = 0")) {
                ps.setInt(1, RotationReason.RISK);
                ps.setLong(2, sinceMs);
                ps.setString(3, groupId);
                Map<String, Long> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public synchronized void recordDeviceModel(String deviceId, long version, long nowMs) throws StoreException {
        inWriteTransaction("record model of " + deviceId, () -> exec("INSERT INTO device_model (device_id, version, reported_ms)"
                + " VALUES (?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET version = excluded.version, reported_ms = excluded.reported_ms",
                deviceId, version, nowMs));
    }

    @Override
    public synchronized Map<String, Long> deviceModelVersions() throws StoreException {
        return inRead("read device models", () -> {
            try (PreparedStatement ps = prepared("SELECT device_id, version FROM device_model")) {
                Map<String, Long> out = new java.util.HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized List<OutboxEvent> eventsAfter(long afterSeq, int max) throws StoreException {
        return inRead("read outbox", () -> {
            try (PreparedStatement ps = prepared("SELECT seq, time_ms, body FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, afterSeq);
                ps.setInt(2, max);
                List<OutboxEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutboxEvent(rs.getLong(1), rs.getLong(2), rs.getBytes(3)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public synchronized void acknowledgeEvents(long throughSeq) throws StoreException {
        inWriteTransaction("acknowledge events", () -> {
            exec("UPDATE outbox_ack SET through_seq = " + greatest() + "(through_seq, " + least()
                    + "(?, (SELECT COALESCE(MAX(seq), 0) FROM outbox)))", throughSeq);
            return null;
        });
    }

    @Override
    public synchronized long acknowledgedEvents() throws StoreException {
        return inRead("read acknowledgement", () -> {
            try (PreparedStatement ps = prepared("SELECT through_seq FROM outbox_ack"); ResultSet rs = ps.executeQuery()) {
                return one(rs).getLong(1);
            }
        });
    }

    @Override
    public synchronized List<String> check() throws StoreException {
        List<String> problems = new ArrayList<>();
        return inTransaction("check", () -> {
            try (Statement s = c.createStatement()) {
                engineCheck(s, problems);
                query(s, problems, "SELECT d.device_id FROM device d WHERE d.revoked = 0 AND (SELECT COUNT(*) FROM device_key k"
                        + " WHERE k.device_id = d.device_id AND k.state = 'CURRENT' AND k.epoch = d.current_epoch) != 1",
                        "device without exactly one current key at its current epoch: ");
                query(s, problems, "SELECT device_id || '@' || epoch FROM device_key k WHERE state = 'PENDING'"
                        + " AND epoch != (SELECT current_epoch + 1 FROM device d WHERE d.device_id = k.device_id)",
                        "pending key not at current epoch + 1: ");
                query(s, problems, "SELECT device_id || '@' || epoch FROM device_key WHERE state IN ('PENDING','CURRENT','RETIRING')"
                        + " AND wrapped_key IS NULL", "usable key without key bytes: ");
                query(s, problems, "SELECT device_id || '@' || epoch FROM device_key WHERE state IN ('RETIRED','REVOKED')"
                        + " AND wrapped_key IS NOT NULL", "dead key still stored: ");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(MAX(seq), 0), COALESCE(MIN(seq), 1) FROM outbox")) {
                    if (one(rs).getLong(1) != rs.getLong(2) || rs.getLong(3) != 1) {
                        problems.add("outbox sequence has gaps: " + rs.getLong(1) + " events, last seq " + rs.getLong(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT device_id, epoch, wrapped_key, commitment, commitment_version"
                        + " FROM device_key WHERE wrapped_key IS NOT NULL")) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        long epoch = rs.getLong(2);
                        try {
                            byte[] key = wrapper.unwrap(rs.getBytes(3), keyContext(id, epoch));
                            boolean matches = rs.getInt(5) != events.commitmentVersion() || Arrays.equals(rs.getBytes(4),
                                    events.deviceKeyCommitment(commitmentSecret, id, epoch, key));
                            Arrays.fill(key, (byte) 0);
                            if (!matches) {
                                problems.add("commitment does not match the key: " + id + "@" + epoch);
                            }
                        } catch (StoreException e) {
                            problems.add("key does not unwrap: " + id + "@" + epoch);
                        }
                    }
                }
                return problems;
            }
        });
    }

    @Override
    public synchronized void close() throws StoreException {
        try {
            for (PreparedStatement ps : opened) {
                ps.close();
            }
            statements.clear();
            commitmentSecret.destroy();
            c.close();
        } catch (SQLException e) {
            throw io("close", e);
        }
    }

    // ---------------------------------------------------------------- helpers (caller holds the monitor)

    /**
     * The prepared statement for {@code sql}, prepared once and reused: SQLite parses and plans a
     * statement on every prepare, which costs more than most of our queries. The returned view's
     * {@code close()} only clears the parameters, so callers keep the usual try-with-resources.
     */
    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement view = statements.get(sql);
        if (view == null) {
            PreparedStatement real = c.prepareStatement(sql);
            opened.add(real);
            view = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && method.getParameterCount() == 0) {
                            real.clearParameters();
                            return null;
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            statements.put(sql, view);
        }
        return view;
    }

    private DeviceRecord deviceRow(String deviceId) throws SQLException {
        return deviceRow(deviceId, "");
    }

    private void lockDevice(String deviceId) throws SQLException {
        if (!lockClause().isEmpty()) {
            lockedDeviceRow(deviceId);
        }
    }

    /** The device's row, locked until the transaction ends where the engine has row locks. */
    private DeviceRecord lockedDeviceRow(String deviceId) throws SQLException {
        return deviceRow(deviceId, lockClause());
    }

    private DeviceRecord deviceRow(String deviceId, String lock) throws SQLException {
        try (PreparedStatement ps = prepared(
                "SELECT identity_pub, group_id, revoked, current_epoch, joined_ms, joined_version FROM device WHERE device_id = ?"
                        + lock)) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new DeviceRecord(deviceId, rs.getBytes(1), rs.getString(2), rs.getInt(3) != 0, rs.getLong(4),
                        rs.getLong(5), rs.getLong(6)) : null;
            }
        }
    }

    private PendingKey pendingRow(String deviceId, long toEpoch) throws SQLException, StoreException {
        try (PreparedStatement ps = prepared("SELECT wrapped_key, request_digest, transcript_hash, response, reason, risk, model_version"
                + " FROM device_key WHERE device_id = ? AND epoch = ? AND state = 'PENDING'")) {
            ps.setString(1, deviceId);
            ps.setLong(2, toEpoch);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new PendingKey(deviceId, toEpoch - 1, toEpoch,
                        Secret.adopt(wrapper.unwrap(rs.getBytes(1), keyContext(deviceId, toEpoch))),
                        rs.getBytes(2), rs.getBytes(3), rs.getBytes(4), rs.getInt(5), rs.getInt(6), rs.getLong(7));
            }
        }
    }

    private GroupKey latestGroupKey(String groupId) throws SQLException, StoreException {
        try (PreparedStatement ps = prepared(
                "SELECT version, wrapped_key FROM group_key WHERE group_id = ? ORDER BY version DESC LIMIT 1")) {
            ps.setString(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long v = rs.getLong(1);
                return new GroupKey(groupId, v, Secret.adopt(wrapper.unwrap(rs.getBytes(2), groupContext(groupId, v))));
            }
        }
    }

    private GroupKey insertGroupKey(String groupId, long version, int reason, long nowMs) throws SQLException {
        byte[] key = new byte[16];
        random.nextBytes(key);
        exec("INSERT INTO group_key (group_id, version, wrapped_key, created_ms) VALUES (?,?,?,?)",
                groupId, version, wrapper.wrap(key, groupContext(groupId, version)), nowMs);
        int members;
        try (PreparedStatement ps = prepared("SELECT COUNT(*) FROM device WHERE group_id = ? AND revoked = 0")) {
            ps.setString(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                members = one(rs).getInt(1);
            }
        }
        outbox(events.groupRekeyed(groupId, version, reason, members,
                events.groupKeyCommitment(commitmentSecret, groupId, version, key)), nowMs);
        return new GroupKey(groupId, version, Secret.adopt(key));
    }

    private long outbox(byte[] body, long nowMs) throws SQLException {
        try (PreparedStatement ps = prepared(appendOutboxSql())) {
            ps.setLong(1, nowMs);
            ps.setBytes(2, body);
            try (ResultSet rs = ps.executeQuery()) {
                return one(rs).getLong(1);
            }
        }
    }

    /** {@code rs} on its first row; an aggregate always has one. */
    private static ResultSet one(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            throw new SQLException("the query returned no row");
        }
        return rs;
    }

    private void query(Statement s, List<String> problems, String sql, String label) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                problems.add(label + rs.getString(1));
            }
        }
    }

    private int exec(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepared(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static byte[] keyContext(String deviceId, long epoch) {
        return ("key|" + deviceId + "|" + epoch).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] groupContext(String groupId, long version) {
        return ("group|" + groupId + "|" + version).getBytes(StandardCharsets.US_ASCII);
    }

    /** One unit of work inside a transaction; it may read, write and throw. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException, StoreException;
    }

    /**
     * Runs {@code work} as one transaction: commits when it returns, rolls back when anything is
     * thrown (an {@link SQLException} becomes a {@link StoreException} naming {@code what}). A
     * transient conflict ({@link #isTransient}) rolls back and runs {@code work} again after a
     * short random pause, so {@code work} must not change anything outside the database. The
     * connection never auto-commits, so a key change and its outbox event always commit together.
     */
    private <T> T inTransaction(String what, Work<T> work) throws StoreException {
        for (int attempt = 1; ; attempt++) {
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly();
                if (!isTransient(e) || attempt == MAX_ATTEMPTS) {
                    throw io(what, e);
                }
                retries++;
                pause(attempt);
            } catch (StoreException | RuntimeException | Error e) {
                rollbackQuietly();
                throw e;
            }
        }
    }

    /**
     * Runs {@code work}, one SELECT, as a read: where the engine says so ({@link #autoCommitReads})
     * on an auto-commit connection, which saves PostgreSQL a COMMIT round trip; else as a transaction.
     */
    private <T> T inRead(String what, Work<T> work) throws StoreException {
        if (!autoCommitReads()) {
            return inTransaction(what, work);
        }
        try {
            c.setAutoCommit(true);
            try {
                return work.run();
            } finally {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw io(what, e);
        }
    }

    /** {@link #inTransaction} for work that may write: takes the engine's write lock first ({@link #writeLockSql}). */
    private <T> T inWriteTransaction(String what, Work<T> work) throws StoreException {
        String take = writeLockSql();
        return inTransaction(what, () -> {
            if (take != null) {
                exec(take);
            }
            return work.run();
        });
    }

    private void pause(int attempt) throws StoreException {
        try {
            Thread.sleep(random.nextInt(1 + Math.min(attempt, 10) * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Reason.BUSY, "interrupted while waiting to retry a conflicting transaction", e);
        }
    }

    private void rollbackQuietly() {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the transaction is void anyway
        }
    }

    private StoreException io(String what, SQLException e) {
        // SQL messages carry no bound parameter values, so no key bytes can leak through them
        return new StoreException(isBusy(e) ? Reason.BUSY : Reason.IO, what + " failed: " + e.getMessage(), e);
    }
}
