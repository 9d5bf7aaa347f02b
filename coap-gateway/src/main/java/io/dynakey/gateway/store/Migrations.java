package io.dynakey.gateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema as an ordered list of migrations per engine; the database records how many
 * have run (SQLite in {@code PRAGMA user_version}, PostgreSQL in table {@code schema_version}). A
 * migration is never edited once released: a change is a new entry, in both lists.
 */
final class Migrations {

    /**
     * One engine's migrations and how it records its schema version.
     *
     * @param prepare      run once before the version is read (may be empty)
     * @param readVersion  returns one row: the number of steps applied
     * @param writeVersion a format with {@code %d}: records the number of steps applied
     * @param finish       run once after the last step (may be empty)
     */
    record Schema(List<String[]> steps, List<String> prepare, String readVersion, String writeVersion, List<String> finish) {
    }

    private static final List<String[]> SQLITE_STEPS = List.of(
            new String[] {
                "CREATE TABLE device (device_id TEXT PRIMARY KEY, identity_pub BLOB NOT NULL, group_id TEXT NOT NULL,"
                        + " revoked INTEGER NOT NULL DEFAULT 0, current_epoch INTEGER NOT NULL, created_ms INTEGER NOT NULL) WITHOUT ROWID",
                "CREATE TABLE device_key (device_id TEXT NOT NULL REFERENCES device(device_id), epoch INTEGER NOT NULL,"
                        + " state TEXT NOT NULL CHECK (state IN ('PENDING','CURRENT','RETIRING','RETIRED','REVOKED')),"
                        + " wrapped_key BLOB, commitment BLOB NOT NULL, request_digest BLOB, response BLOB,"
                        + " reason INTEGER NOT NULL DEFAULT 0, risk INTEGER NOT NULL DEFAULT 0, model_version INTEGER NOT NULL DEFAULT 0,"
                        + " created_ms INTEGER NOT NULL, committed_ms INTEGER, retire_after_ms INTEGER NOT NULL DEFAULT 0,"
                        + " PRIMARY KEY (device_id, epoch)) WITHOUT ROWID",
                "CREATE TABLE group_key (group_id TEXT NOT NULL, version INTEGER NOT NULL, wrapped_key BLOB NOT NULL,"
                        + " created_ms INTEGER NOT NULL, PRIMARY KEY (group_id, version)) WITHOUT ROWID",
                "CREATE TABLE gateway_secret (name TEXT PRIMARY KEY, wrapped BLOB NOT NULL) WITHOUT ROWID",
                "CREATE TABLE outbox (seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, body BLOB NOT NULL)"
            },
            new String[] {
                // invariants the database itself enforces: one current and at most one pending key per device
                "CREATE UNIQUE INDEX device_key_one_current ON device_key(device_id) WHERE state = 'CURRENT'",
                "CREATE UNIQUE INDEX device_key_one_pending ON device_key(device_id) WHERE state = 'PENDING'",
                "CREATE INDEX device_key_retiring ON device_key(retire_after_ms) WHERE state = 'RETIRING'"
            },
            new String[] {
                // how far the ledger bridge has anchored the outbox
                "CREATE TABLE outbox_ack (id INTEGER PRIMARY KEY CHECK (id = 1), through_seq INTEGER NOT NULL)",
                "INSERT INTO outbox_ack (id, through_seq) VALUES (1, 0)"
            },
            new String[] {
                // the rotation transcript hash, to check a device's key confirmation tag
                "ALTER TABLE device_key ADD COLUMN transcript_hash BLOB"
            },
            new String[] {
                // the outbox seq of a device's Revoked event, so every gateway on the store learns of revocations in order
                "ALTER TABLE device ADD COLUMN revoked_seq INTEGER NOT NULL DEFAULT 0",
                "UPDATE device SET revoked_seq = 1 WHERE revoked = 1",
                "CREATE INDEX device_revoked_seq ON device(revoked_seq) WHERE revoked = 1"
            },
            new String[] {
                // the key commitment's scheme: 1 = unsalted (rows written before h17), 2 = salted under the commitment secret
                "ALTER TABLE device_key ADD COLUMN commitment_version INTEGER NOT NULL DEFAULT 1"
            },
            new String[] {
                // group membership: when a device joined its group and the group key version then current
                // (-1: none, or a member from before this step), so a newcomer never gets a key from before it joined
                "ALTER TABLE device ADD COLUMN joined_ms INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE device ADD COLUMN joined_version INTEGER NOT NULL DEFAULT -1",
                "UPDATE device SET joined_ms = created_ms"
            },
            new String[] {
                // the operator console's fleet queries (FleetQueries): devices by group, key ages, rotations over time
                "CREATE INDEX device_group ON device(group_id, revoked)",
                "CREATE INDEX device_key_current_since ON device_key(committed_ms) WHERE state = 'CURRENT'",
                "CREATE INDEX device_key_committed ON device_key(committed_ms, reason) WHERE committed_ms IS NOT NULL"
            },
            new String[] {
                // model rollout (issue 18): every published model file per group, each group's rollout stage,
                // and the model version each device last reported
                "CREATE TABLE model_file (group_id TEXT NOT NULL, version INTEGER NOT NULL, body BLOB NOT NULL, sha256 BLOB NOT NULL,"
                        + " published_ms INTEGER NOT NULL, PRIMARY KEY (group_id, version)) WITHOUT ROWID",
                "CREATE TABLE model_rollout (group_id TEXT PRIMARY KEY, stable_version INTEGER NOT NULL, canary_version INTEGER NOT NULL,"
                        + " canary_permille INTEGER NOT NULL, canary_since_ms INTEGER NOT NULL) WITHOUT ROWID",
                "CREATE TABLE device_model (device_id TEXT PRIMARY KEY, version INTEGER NOT NULL, reported_ms INTEGER NOT NULL) WITHOUT ROWID"
            });

    /** SQLite: the schema version in the file header. */
    static final Schema SQLITE = new Schema(SQLITE_STEPS, List.of(), "PRAGMA user_version", "PRAGMA user_version = %d", List.of());

    /** Key of the session advisory lock under which a PostgreSQL gateway migrates ("dk-migr"). */
    static final long POSTGRES_MIGRATION_LOCK = 0x646b2d6d69677200L;

    /**
     * PostgreSQL: its first step is SQLite's schema after step 7 (the same columns and meanings),
     * with {@code outbox_head} added: the last outbox seq in a row that every writer of an event
     * locks until it commits, so seqs are gapless and become visible in order.
     */
    private static final List<String[]> POSTGRES_STEPS = List.<String[]>of(
            new String[] {
                "CREATE TABLE device (device_id TEXT PRIMARY KEY, identity_pub BYTEA NOT NULL, group_id TEXT NOT NULL,"
                        + " revoked INTEGER NOT NULL DEFAULT 0, current_epoch BIGINT NOT NULL, created_ms BIGINT NOT NULL,"
                        + " revoked_seq BIGINT NOT NULL DEFAULT 0, joined_ms BIGINT NOT NULL DEFAULT 0,"
                        + " joined_version BIGINT NOT NULL DEFAULT -1)",
                "CREATE TABLE device_key (device_id TEXT NOT NULL REFERENCES device(device_id), epoch BIGINT NOT NULL,"
                        + " state TEXT NOT NULL CHECK (state IN ('PENDING','CURRENT','RETIRING','RETIRED','REVOKED')),"
                        + " wrapped_key BYTEA, commitment BYTEA NOT NULL, request_digest BYTEA, response BYTEA,"
                        + " reason INTEGER NOT NULL DEFAULT 0, risk INTEGER NOT NULL DEFAULT 0, model_version BIGINT NOT NULL DEFAULT 0,"
                        + " created_ms BIGINT NOT NULL, committed_ms BIGINT, retire_after_ms BIGINT NOT NULL DEFAULT 0,"
                        + " transcript_hash BYTEA, commitment_version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (device_id, epoch))",
                "CREATE TABLE group_key (group_id TEXT NOT NULL, version BIGINT NOT NULL, wrapped_key BYTEA NOT NULL,"
                        + " created_ms BIGINT NOT NULL, PRIMARY KEY (group_id, version))",
                "CREATE TABLE gateway_secret (name TEXT PRIMARY KEY, wrapped BYTEA NOT NULL)",
                "CREATE TABLE outbox (seq BIGINT PRIMARY KEY, time_ms BIGINT NOT NULL, body BYTEA NOT NULL)",
                "CREATE TABLE outbox_head (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq BIGINT NOT NULL)",
                "INSERT INTO outbox_head (id, last_seq) VALUES (1, 0)",
                "CREATE TABLE outbox_ack (id INTEGER PRIMARY KEY CHECK (id = 1), through_seq BIGINT NOT NULL)",
                "INSERT INTO outbox_ack (id, through_seq) VALUES (1, 0)",
                "CREATE UNIQUE INDEX device_key_one_current ON device_key(device_id) WHERE state = 'CURRENT'",
                "CREATE UNIQUE INDEX device_key_one_pending ON device_key(device_id) WHERE state = 'PENDING'",
                "CREATE INDEX device_key_retiring ON device_key(retire_after_ms) WHERE state = 'RETIRING'",
                "CREATE INDEX device_revoked_seq ON device(revoked_seq) WHERE revoked = 1"
            },
            new String[] {
                // SQLite step 8: the operator console's fleet queries (FleetQueries), and the device list
                // paged in code point order whatever the database's collation (PostgresFleetQueries)
                "CREATE INDEX device_group ON device(group_id, revoked)",
                "CREATE INDEX device_key_current_since ON device_key(committed_ms) WHERE state = 'CURRENT'",
                "CREATE INDEX device_key_committed ON device_key(committed_ms, reason) WHERE committed_ms IS NOT NULL",
                "CREATE INDEX device_id_c ON device(device_id COLLATE \"C\")"
            },
            new String[] {
                // SQLite step 9: model rollout (issue 18)
                "CREATE TABLE model_file (group_id TEXT NOT NULL, version BIGINT NOT NULL, body BYTEA NOT NULL, sha256 BYTEA NOT NULL,"
                        + " published_ms BIGINT NOT NULL, PRIMARY KEY (group_id, version))",
                "CREATE TABLE model_rollout (group_id TEXT PRIMARY KEY, stable_version BIGINT NOT NULL, canary_version BIGINT NOT NULL,"
                        + " canary_permille INTEGER NOT NULL, canary_since_ms BIGINT NOT NULL)",
                "CREATE TABLE device_model (device_id TEXT PRIMARY KEY, version BIGINT NOT NULL, reported_ms BIGINT NOT NULL)"
            });

    /** PostgreSQL: the version in a one-row table, migrations serialised across gateways by an advisory lock. */
    static final Schema POSTGRES = new Schema(POSTGRES_STEPS,
            List.of("SELECT pg_advisory_lock(" + POSTGRES_MIGRATION_LOCK + ")",
                    "CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
                    "INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING"),
            "SELECT version FROM schema_version WHERE id = 1", "UPDATE schema_version SET version = %d WHERE id = 1",
            List.of("SELECT pg_advisory_unlock(" + POSTGRES_MIGRATION_LOCK + ")"));

    private Migrations() {
    }

    /** Brings the schema up to date in one transaction per step. */
    static void apply(Connection c, Schema schema) throws SQLException, StoreException {
        run(c, schema.prepare());
        try {
            int version;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(schema.readVersion())) {
                rs.next();
                version = rs.getInt(1);
            }
            c.commit();
            List<String[]> steps = schema.steps();
            if (version > steps.size()) {
                throw new StoreException(StoreException.Reason.SCHEMA_TOO_NEW,
                        "schema version " + version + " is newer than this build (" + steps.size() + ")");
            }
            for (int v = version; v < steps.size(); v++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : steps.get(v)) {
                        s.execute(sql);
                    }
                    s.execute(String.format(schema.writeVersion(), v + 1));
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
        } finally {
            run(c, schema.finish());
        }
    }

    private static void run(Connection c, List<String> sqls) throws SQLException {
        if (sqls.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String sql : sqls) {
                s.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }
}
