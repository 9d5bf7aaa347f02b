package io.dynakey.gateway.store;

import java.nio.file.Path;

/** Group membership on PostgreSQL (skipped where it is not installed). */
class PostgresGroupMembershipTest extends GroupMembershipContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return TestDatabase.postgres("groups");
    }
}
