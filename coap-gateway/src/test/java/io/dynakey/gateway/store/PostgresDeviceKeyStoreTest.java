package io.dynakey.gateway.store;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a real PostgreSQL server (a throwaway one per JVM, a new database per
 * test); skipped, saying why, where PostgreSQL is not installed.
 */
class PostgresDeviceKeyStoreTest extends DeviceKeyStoreContract {

    @BeforeAll
    static void postgresInstalled() {
        TestDatabase.assumeInstalled();
    }

    @Override
    TestDatabase newDatabase(Path dir) throws Exception {
        return TestDatabase.postgres("contract");
    }
}
