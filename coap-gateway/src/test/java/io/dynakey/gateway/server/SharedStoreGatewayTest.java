package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.ledger.LedgerEventBodies;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.KeyEncryptionKeys;
import io.dynakey.gateway.store.KeyWrapper;
import io.dynakey.gateway.store.PostgresUrl;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.TestDatabase;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.ledger.journal.JournalCheck;
import io.dynakey.ledger.journal.JournalRecord;
import io.dynakey.ledger.journal.JournalScan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real gateways on one PostgreSQL store (gateway.store): a device rotates on one and carries on at the other. */
class SharedStoreGatewayTest {

    static DtlsClients clients;
    @TempDir
    Path dir;

    @BeforeAll
    static void clients() {
        clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(4_000));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private GatewayConfig node(PostgresUrl url, String name) {
        return TestGateway.config(dir.resolve(name)).set(GatewaySettings.STORE, url.toString())
                .set(GatewaySettings.KEK_FILE, dir.resolve("kek.hex"))
                .set(GatewaySettings.LEDGER_JOURNAL, dir.resolve("ledger.journal")).build();
    }

    @Test
    void a_device_rotates_on_one_gateway_and_is_served_and_revoked_by_every_gateway_of_the_store() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("shared")) {
            PostgresUrl url = db.url().orElseThrow();
            try (TestGateway a = TestGateway.start(node(url, "a"), dir.resolve("a"));
                 TestGateway b = TestGateway.start(node(url, "b"), dir.resolve("b"))) {
                // given two gateways on one store: they share the signing key, so devices trust both
                assertArrayEquals(a.gateway().signingPublicKey(), b.gateway().signingPublicKey());
                assertFalse(Files.exists(dir.resolve("a").resolve("gateway.db")), "no SQLite file");
                try (SimulatedDevice onA = new SimulatedDevice("roamer", clients, a.address(), a.gateway().signingPublicKey(),
                        dir.resolve("dev"))) {
                    a.gateway().store().registerDevice(onA.id, onA.identityPublic, "3", new Secret(onA.factoryPsk),
                            System.currentTimeMillis());
                    // when it rotates on gateway a
                    assertEquals(RotationClient.RESULT_ROTATED, onA.client.rotate(RotationReason.MANUAL, 0, 0));
                    // then gateway b serves it on the new key, and it rotates again there
                    try (SimulatedDevice onB = SimulatedDevice.reopen(onA, clients, b.address(), b.gateway().signingPublicKey(),
                            dir.resolve("dev"))) {
                        assertEquals(1, onB.client.settle(), "the device holds epoch 1");
                        onB.telemetry(1, 0);
                        assertEquals(68, onB.transport.lastResponseCode());
                        assertEquals(RotationClient.RESULT_ROTATED, onB.client.rotate(RotationReason.KEY_AGE, 0, 0),
                                () -> "code " + onB.client.lastResponseCode() + " error " + onB.client.lastErrorCode());
                        assertEquals(2, a.gateway().store().device("roamer").orElseThrow().currentEpoch());

                        // and when gateway a revokes it, gateway b ends its session and refuses a new one
                        assertTrue(a.gateway().store().revoke("roamer", RotationReason.COMPROMISE, System.currentTimeMillis()));
                        Thread.sleep(1_500); // gateway.session.sweep-interval is 1 s
                        onB.transport.dropSession();
                        assertThrows(Exception.class, () -> onB.telemetry(2, 0));
                    }
                }
                assertEquals(java.util.List.of(), b.gateway().store().check());
                assertEquals(1, (a.gateway().ledgerDrain().orElseThrow().leading() ? 1 : 0)
                        + (b.gateway().ledgerDrain().orElseThrow().leading() ? 1 : 0), "one of the two drains the outbox");
            }
            // and once both stopped, their one journal holds every event of the store, each once
            long events;
            try (DeviceKeyStore store = db.open(new KeyWrapper(KeyEncryptionKeys.load(dir.resolve("kek.hex"), false)),
                    new LedgerEventBodies())) {
                events = store.eventsAfter(0, 10_000).size();
            }
            JournalScan scan = JournalScan.of(dir.resolve("ledger.journal"));
            assertNull(JournalCheck.firstProblem(scan));
            assertEquals(events, scan.records().stream().mapToLong(JournalRecord::count).sum());
            assertTrue(events >= 4, events + " events (enrolled, rotated twice, revoked)");
        }
    }

    @Test
    void a_store_setting_that_is_neither_sqlite_nor_a_postgres_url_or_that_carries_a_password_is_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gateway.open(TestGateway.config(dir)
                .set(GatewaySettings.STORE, "mysql://h/d").build()));
        assertTrue(e.getMessage().startsWith("gateway.store:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gateway.open(TestGateway.config(dir)
                .set(GatewaySettings.STORE, "postgres://127.0.0.1:1/d?user=u&password=hunter2").build()));
        assertTrue(e.getMessage().contains("gateway.store.password-file"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }
}
