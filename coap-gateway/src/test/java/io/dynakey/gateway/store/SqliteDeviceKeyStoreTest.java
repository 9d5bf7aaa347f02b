package io.dynakey.gateway.store;

import java.nio.file.Path;

/** The store contract on SQLite (always runs). */
class SqliteDeviceKeyStoreTest extends DeviceKeyStoreContract {

    @Override
    TestDatabase newDatabase(Path dir) {
        return TestDatabase.sqlite(dir);
    }
}
