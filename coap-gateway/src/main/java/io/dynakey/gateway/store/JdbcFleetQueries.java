package io.dynakey.gateway.store;

import io.dynakey.gateway.store.StoreException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link FleetQueries} in plain SQL on a read-only connection of their own, shared by the engines
 * ({@link SqliteFleetQueries}, {@link PostgresFleetQueries}): a reader never holds up the store's
 * writer, so the console's queries leave key rotations and telemetry alone. The store must have
 * opened (and migrated) the database first. One connection, serialised by this object's monitor;
 * statements are prepared once.
 */
public abstract class JdbcFleetQueries implements FleetQueries {

    private static final String SUMMARY = "SELECT d.device_id, d.group_id, d.revoked, d.current_epoch, k.committed_ms, k.reason,"
            + " k.risk, k.model_version FROM device d LEFT JOIN device_key k ON k.device_id = d.device_id AND k.state = 'CURRENT'";

    private final Connection c;
    private final String idOrder;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    /**
     * @param idOrder the device id as an expression that compares and sorts by code point (ids are
     *                ASCII), whatever the database's collation
     */
    JdbcFleetQueries(Connection c, String idOrder) {
        this.c = c;
        this.idOrder = idOrder;
    }

    @FunctionalInterface
    private interface Read<T> {
        T run() throws SQLException;
    }

    private synchronized <T> T read(String what, Read<T> r) throws StoreException {
        try {
            return r.run();
        } catch (SQLException e) {
            throw new StoreException(Reason.IO, what + " failed: " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepared(String sql, Object... args) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        ps.clearParameters();
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private long count(String sql, Object... args) throws SQLException {
        try (ResultSet rs = prepared(sql, args).executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public List<GroupCount> groupCounts() throws StoreException {
        return read("count devices by group", () -> {
            List<GroupCount> out = new ArrayList<>();
            try (ResultSet rs = prepared("SELECT group_id, SUM(CASE WHEN revoked = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN revoked != 0 THEN 1 ELSE 0 END) FROM device"
                    + " GROUP BY group_id ORDER BY CAST(group_id AS INTEGER)").executeQuery()) {
                while (rs.next()) {
                    out.add(new GroupCount(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    @Override
    public long[] keyAges(long nowMs, long[] upperBoundsMs) throws StoreException {
        return read("count key ages", () -> {
            long[] out = new long[upperBoundsMs.length + 1];
            long newer = Long.MAX_VALUE; // committed after this: younger than the previous bound
            for (int i = 0; i <= upperBoundsMs.length; i++) {
                long older = i < upperBoundsMs.length ? nowMs - upperBoundsMs[i] : Long.MIN_VALUE;
                out[i] = count("SELECT COUNT(*) FROM device_key WHERE state = 'CURRENT' AND committed_ms > ? AND committed_ms <= ?",
                        older, newer);
                newer = older;
            }
            return out;
        });
    }

    @Override
    public List<RotationCount> rotationsPerHour(long sinceMs) throws StoreException {
        return read("count rotations", () -> {
            List<RotationCount> out = new ArrayList<>();
            try (ResultSet rs = prepared("SELECT committed_ms / 3600000, reason, COUNT(*) FROM device_key"
                    + " WHERE committed_ms >= ? AND committed_ms IS NOT NULL AND epoch > 0 GROUP BY 1, 2 ORDER BY 1, 2", sinceMs)
                    .executeQuery()) {
                while (rs.next()) {
                    out.add(new RotationCount(rs.getLong(1) * 3_600_000L, rs.getInt(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    @Override
    public long abandonedRotations(long beforeMs) throws StoreException {
        return read("count abandoned rotations", () ->
                count("SELECT COUNT(*) FROM device_key WHERE state = 'PENDING' AND created_ms < ?", beforeMs));
    }

    @Override
    public List<DeviceSummary> devices(String prefix, int offset, int limit) throws StoreException {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must be >= 0");
        }
        String p = prefix == null ? "" : prefix;
        return read("list devices", () -> {
            List<DeviceSummary> out = new ArrayList<>();
            // a range on the primary key, not LIKE: ids are [A-Za-z0-9._-], so prefix + U+FFFF bounds the range
            try (ResultSet rs = prepared(SUMMARY + " WHERE " + idOrder + " >= ? AND " + idOrder + " < ? ORDER BY " + idOrder
                    + " LIMIT ? OFFSET ?",
                    p, p + "\uffff", limit, offset).executeQuery()) {
                while (rs.next()) {
                    out.add(summary(rs));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<DeviceSummary> device(String deviceId) throws StoreException {
        return read("read device", () -> {
            try (ResultSet rs = prepared(SUMMARY + " WHERE d.device_id = ?", deviceId).executeQuery()) {
                return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
            }
        });
    }

    private static DeviceSummary summary(ResultSet rs) throws SQLException {
        long since = rs.getLong(5);
        boolean hasKey = !rs.wasNull();
        return new DeviceSummary(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getLong(4), hasKey ? since : -1,
                rs.getInt(6), rs.getInt(7), rs.getLong(8));
    }

    @Override
    public List<KeyHistory> keyHistory(String deviceId) throws StoreException {
        return read("read key history", () -> {
            List<KeyHistory> out = new ArrayList<>();
            try (ResultSet rs = prepared("SELECT epoch, state, reason, risk, model_version, created_ms, committed_ms FROM device_key"
                    + " WHERE device_id = ? ORDER BY epoch", deviceId).executeQuery()) {
                while (rs.next()) {
                    long committed = rs.getLong(7);
                    out.add(new KeyHistory(rs.getLong(1), KeyState.valueOf(rs.getString(2)), rs.getInt(3), rs.getInt(4),
                            rs.getLong(5), rs.getLong(6), rs.wasNull() ? -1 : committed));
                }
            }
            return out;
        });
    }

    @Override
    public List<ModelUse> modelUse() throws StoreException {
        return read("count model versions", () -> {
            List<ModelUse> out = new ArrayList<>();
            try (ResultSet rs = prepared("SELECT d.group_id, k.model_version, COUNT(*) FROM device_key k"
                    + " JOIN device d ON d.device_id = k.device_id WHERE k.state = 'CURRENT' GROUP BY 1, 2"
                    + " ORDER BY CAST(d.group_id AS INTEGER), 2").executeQuery()) {
                while (rs.next()) {
                    out.add(new ModelUse(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    @Override
    public OutboxStatus outboxStatus() throws StoreException {
        return read("read outbox status", () -> {
            long head = count("SELECT COALESCE(MAX(seq), 0) FROM outbox");
            long acked = count("SELECT through_seq FROM outbox_ack WHERE id = 1");
            long oldest = -1;
            try (ResultSet rs = prepared("SELECT time_ms FROM outbox WHERE seq > ? ORDER BY seq LIMIT 1", acked).executeQuery()) {
                if (rs.next()) {
                    oldest = rs.getLong(1);
                }
            }
            return new OutboxStatus(head, acked, oldest);
        });
    }

    @Override
    public final synchronized void close() throws StoreException {
        try {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
            c.close();
        } catch (SQLException e) {
            throw new StoreException(Reason.IO, "close the fleet view failed: " + e.getMessage(), e);
        }
    }
}
