package io.dynakey.gateway.store;

import java.nio.file.Path;

/**
 * The store contract on a real PostgreSQL server (a throwaway one per JVM, a new database per
 * test); skipped, saying why, where PostgreSQL is not installed.
 */
class PostgresDeviceKeyStoreTest extends DeviceKeyStoreContract {

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return TestDatabase.postgres("contract");
    }
}
