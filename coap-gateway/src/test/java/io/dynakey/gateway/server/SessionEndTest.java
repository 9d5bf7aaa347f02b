package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import io.dynakey.ledger.event.EventType;
import io.dynakey.ledger.event.GroupRekeyed;
import io.dynakey.ledger.event.LedgerEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions end with their key, whichever way the key ends: a replaced key at the end of its own
 * grace window (issue 17, F6), a revocation written to the store by another process (F5), and a
 * revoked device keeps no current group key (F3). Real gateway, real DTLS on loopback.
 */
class SessionEndTest {

    static final long GRACE_MS = 2_000;
    static DtlsClients clients;
    @TempDir
    Path dir;

    @BeforeAll
    static void clients() {
        clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(1_500));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    static TestGateway gateway(Path dir) throws Exception {
        return TestGateway.start(TestGateway.config(dir)
                .set(GatewaySettings.GRACE_WINDOW, Duration.ofMillis(GRACE_MS))
                .set(GatewaySettings.SESSION_SWEEP_INTERVAL, Duration.ofMillis(100)).build(), dir);
    }

    static SimulatedDevice device(TestGateway gw, String id, Path dir) throws Exception {
        SimulatedDevice d = new SimulatedDevice(id, clients, gw.address(), gw.gateway().signingPublicKey(), dir.resolve(id));
        gw.gateway().store().registerDevice(id, d.identityPublic, "3", new Secret(d.factoryPsk), System.currentTimeMillis());
        return d;
    }

    /** A thief's session on a stolen key: the response code of one telemetry request, or -1 when the transport fails. */
    static int request(DtlsTransport thief) {
        byte[] p = "telemetry".getBytes();
        try {
            thief.request(Transport.METHOD_POST, p, p.length, new byte[] {(byte) 0xa0}, 0, 1, new byte[256], 0, 256);
            return thief.lastResponseCode();
        } catch (TransportException e) {
            return -1;
        }
    }

    @Test
    void a_replaced_key_stops_at_its_own_deadline_though_the_device_rotates_again_inside_the_grace_window() throws Exception {
        try (TestGateway gw = gateway(dir); SimulatedDevice dev = device(gw, "sensor-f6", dir);
             DtlsTransport thief = clients.connect(gw.address())) {
            // given a thief with an open session on key 0, just replaced by key 1
            assertEquals(RotationClient.RESULT_ROTATED, dev.client.rotate(RotationReason.MANUAL, 0, 0));
            long replacedAt = System.currentTimeMillis();
            byte[] id0 = PskIdentity.of("sensor-f6", 0);
            thief.usePsk(id0, id0.length, dev.factoryPsk, 16);
            assertNotEquals(-1, request(thief), "the stolen key works inside its grace window");
            assertTrue(gw.server.openConnections("sensor-f6", 0) >= 1, "the thief's connection (and the device's old one)");

            // when the device rotates again inside key 0's grace window
            Thread.sleep(GRACE_MS / 2);
            assertEquals(RotationClient.RESULT_ROTATED, dev.client.rotate(RotationReason.MANUAL, 0, 0));

            // then key 0's session ends when key 0's window ends, not key 1's
            Thread.sleep(Math.max(0, replacedAt + GRACE_MS + 500 - System.currentTimeMillis()));
            assertEquals(0, gw.server.openConnections("sensor-f6", 0), "the stolen key's connection is dropped");
            int code = request(thief);
            assertTrue(code == -1 || code == 129, "no service on the stolen key after its deadline, got " + code);
            // and the device's own current session is untouched
            dev.telemetry(1, 0);
            assertEquals(68, dev.transport.lastResponseCode());
        }
    }

    @Test
    void a_revocation_written_to_the_store_by_another_process_ends_the_open_sessions_at_once() throws Exception {
        try (TestGateway gw = gateway(dir); SimulatedDevice dev = device(gw, "sensor-f5", dir)) {
            assertEquals(RotationClient.RESULT_ROTATED, dev.client.enrol());
            dev.telemetry(1, 0);
            assertEquals(68, dev.transport.lastResponseCode());
            assertTrue(gw.server.openConnections("sensor-f5", Integer.MAX_VALUE) > 0);

            // when the operator revokes it with the CLI, which opens the same store in its own process
            try (Gateway cli = Gateway.open(TestGateway.config(dir).build())) {
                assertTrue(cli.store().revoke("sensor-f5", RotationReason.COMPROMISE, System.currentTimeMillis()));
            }

            // then the running gateway drops the device's connections within a few sweeps
            long until = System.currentTimeMillis() + 3_000;
            while (gw.server.openConnections("sensor-f5", Integer.MAX_VALUE) > 0 && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertEquals(0, gw.server.openConnections("sensor-f5", Integer.MAX_VALUE));
            int code = request(dev.transport);
            assertTrue(code == -1 || code == 131, "a revoked device gets no service, got " + code);
        }
    }

    @Test
    void a_revoked_device_keeps_no_current_group_key() throws Exception {
        try (TestGateway gw = gateway(dir); SimulatedDevice a = device(gw, "sensor-a", dir);
             SimulatedDevice b = device(gw, "sensor-b", dir)) {
            assertEquals(RotationClient.RESULT_ROTATED, a.client.enrol());
            assertEquals(RotationClient.RESULT_ROTATED, b.client.enrol());
            byte[] before = groupKey(b);
            assertArrayEquals(before, groupKey(a), "one group, one key");
            assertEquals(0, lastVersion);

            assertTrue(gw.gateway().store().revoke("sensor-a", RotationReason.COMPROMISE, System.currentTimeMillis()));

            byte[] after = groupKey(b);
            assertEquals(1, lastVersion, "revocation moved the group to a new key version");
            assertFalse(java.util.Arrays.equals(before, after), "the new group key is a new key");
            assertThrowsOrRefused(a);
            List<LedgerEvent> events = gw.gateway().events().readAfter(0, 100);
            LedgerEvent last = events.get(events.size() - 1);
            assertEquals(EventType.GROUP_REKEYED, last.body().type());
            assertEquals(RotationReason.MEMBER_LEFT, ((GroupRekeyed) last.body()).reason());
            assertEquals(1, ((GroupRekeyed) last.body()).memberCount(), "the revoked device is not a member");
            assertEquals(List.of(), gw.gateway().store().check());
        }
    }

    private int lastVersion = -1;

    private byte[] groupKey(SimulatedDevice d) throws Exception {
        byte[] key = new byte[16];
        lastVersion = d.groupKey(key).keyVersion();
        return key;
    }

    private static void assertThrowsOrRefused(SimulatedDevice d) {
        try {
            d.call(Transport.METHOD_GET, "group-key", new byte[0]);
            assertEquals(131, d.transport.lastResponseCode(), "4.03 for a revoked device");
        } catch (TransportException expected) {
            // its connection was dropped and no new handshake is accepted
        }
    }
}
