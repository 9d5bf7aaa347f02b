package io.dynakey.gateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema as an ordered list of migrations; {@code PRAGMA user_version} records how
 * many have run. A migration is never edited once released: a change is a new entry.
 */
final class Migrations {

    static final List<String[]> STEPS = List.of(
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
            });

    private Migrations() {
    }

    /** Brings the schema up to date in one transaction per step. */
    static void apply(Connection c) throws SQLException, StoreException {
        int version;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > STEPS.size()) {
            throw new StoreException(StoreException.Reason.SCHEMA_TOO_NEW,
                    "schema version " + version + " is newer than this build (" + STEPS.size() + ")");
        }
        for (int v = version; v < STEPS.size(); v++) {
            try (Statement s = c.createStatement()) {
                for (String sql : STEPS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
