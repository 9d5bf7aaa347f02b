package io.dynakey.gateway.store;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/** Group membership on PostgreSQL (skipped where it is not installed). */
class PostgresGroupMembershipTest extends GroupMembershipContract {

    @BeforeAll
    static void postgresInstalled() {
        TestDatabase.assumeInstalled();
    }

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return TestDatabase.postgres("groups");
    }
}
