package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.hal.TransportException;
import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.rotation.TelemetryAck;
import io.dynakey.device.wire.GroupKeyResponse;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.service.DeviceRegistration;
import io.dynakey.gateway.store.KeyState;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.ledger.event.EventType;
import io.dynakey.ledger.event.LedgerEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulated device against a real gateway on loopback, through its whole life. */
class DeviceLifecycleTest {

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

    static void register(TestGateway gw, SimulatedDevice d) throws Exception {
        gw.gateway().store().registerDevice(d.id, d.identityPublic, "3", new Secret(d.factoryPsk), System.currentTimeMillis());
    }

    @Test
    void a_device_enrols_sends_telemetry_rotates_and_keeps_working() throws Exception {
        try (TestGateway gw = TestGateway.start(dir);
             SimulatedDevice dev = new SimulatedDevice("sensor-1", clients, gw.address(), gw.gateway().signingPublicKey(), dir.resolve("dev"))) {
            // given a device registered by the operator with its factory key
            register(gw, dev);
            dev.client.settle();
            // when it proves its identity, reports telemetry and rotates
            assertEquals(RotationClient.RESULT_ROTATED, dev.client.enrol());
            TelemetryAck ack = new TelemetryAck();
            byte[] a = dev.telemetry(1, 100);
            ack.decode(WireMessage.newReader(), a, 0, a.length);
            assertEquals(TelemetryAck.ACTION_NONE, ack.action);

            assertEquals(RotationClient.RESULT_ROTATED, dev.client.rotate(RotationReason.RISK, 800, 1),
                () -> "code " + dev.client.lastResponseCode() + " error " + dev.client.lastErrorCode());

            // then the gateway holds epoch 1 as current, epoch 0 retiring, and the ledger saw both
            assertEquals(1, dev.keys.activeEpoch());
            assertEquals(1, gw.gateway().store().device("sensor-1").orElseThrow().currentEpoch());
            assertEquals(KeyState.RETIRING, gw.gateway().store().keys("sensor-1").get(0).state());
            List<LedgerEvent> events = gw.gateway().events().readAfter(0, 100);
            assertEquals(List.of(EventType.ENROLLED, EventType.ROTATED), events.stream().map(e -> e.body().type()).toList());

            // and the device keeps working on the new key: telemetry and its group key
            dev.telemetry(2, 50);
            assertEquals(68, dev.transport.lastResponseCode());
            byte[] groupKey = new byte[16];
            GroupKeyResponse gk = dev.groupKey(groupKey);
            assertEquals(3, gk.groupId());
            assertArrayEquals(gw.gateway().store().groupKey("3", 0).key().bytes(), groupKey);

            // and rotates again
            assertEquals(RotationClient.RESULT_ROTATED, dev.client.rotate(RotationReason.KEY_AGE, 0, 1));
            assertEquals(2, gw.gateway().store().device("sensor-1").orElseThrow().currentEpoch());
            assertEquals(List.of(), gw.gateway().store().check());
        }
    }

    @Test
    void the_old_key_works_inside_the_grace_window_and_not_after() throws Exception {
        try (TestGateway gw = TestGateway.start(dir);
             SimulatedDevice dev = new SimulatedDevice("sensor-2", clients, gw.address(), gw.gateway().signingPublicKey(), dir.resolve("dev"))) {
            register(gw, dev);
            byte[] oldKey = dev.factoryPsk.clone();
            assertEquals(RotationClient.RESULT_ROTATED, dev.client.rotate(RotationReason.MANUAL, 0, 0));
            byte[] oldId = PskIdentity.of("sensor-2", 0);
            dev.transport.usePsk(oldId, oldId.length, oldKey, 16);
            dev.telemetry(1, 0);
            assertEquals(68, dev.transport.lastResponseCode(), "old key inside the grace window");
            Thread.sleep(2_600);
            try {
                dev.telemetry(2, 0);
                assertEquals(129, dev.transport.lastResponseCode(), "4.01 on the session still open with the old key");
            } catch (TransportException dropped) {
                // or the gateway has already dropped the old key's connection
            }
            dev.transport.dropSession();
            assertThrows(TransportException.class, () -> dev.telemetry(2, 0), "no new session with the old key");
            dev.client.settle();
            dev.telemetry(3, 0);
            assertEquals(68, dev.transport.lastResponseCode());
        }
    }
}
