package io.dynakey.gateway.store;

import java.nio.file.Path;

/** Group membership on SQLite. */
class SqliteGroupMembershipTest extends GroupMembershipContract {

    @Override
    TestDatabase newDatabase(Path dir) {
        return TestDatabase.sqlite(dir);
    }
}
