package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.ErrorResponse;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.PendingKey;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.transport.DtlsClients;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation suite 2 (X-Wing) end to end: a device rotates over real DTLS on loopback with a
 * ~1.3 KB request and ~1.25 KB response (both block-wise), and a group that requires the hybrid
 * suite refuses a suite-1 rotation.
 */
class HybridRotationTest {

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

    private static void register(TestGateway gw, SimulatedDevice d, String group) throws Exception {
        gw.gateway().store().registerDevice(d.id, d.identityPublic, group, new Secret(d.factoryPsk), System.currentTimeMillis());
    }

    @Test
    void a_device_rotates_twice_with_the_hybrid_suite_and_keeps_working_on_the_new_key() throws Exception {
        try (TestGateway gw = TestGateway.start(dir);
             SimulatedDevice dev = new SimulatedDevice("pq-1", clients, gw.address(), gw.gateway().signingPublicKey(), dir.resolve("dev"))) {
            register(gw, dev, "7");
            dev.client.useSuite(CipherSuite.HYBRID_X25519_MLKEM768);

            int first = dev.client.rotate(RotationReason.KEY_AGE, 0, 1);
            int second = dev.client.rotate(RotationReason.RISK, 900, 1);

            String why = "code " + dev.client.lastResponseCode() + " error " + dev.client.lastErrorCode();
            assertEquals(RotationClient.RESULT_ROTATED, first, why);
            assertEquals(RotationClient.RESULT_ROTATED, second, why);
            assertEquals(2, dev.keys.activeEpoch());
            assertEquals(2, gw.gateway().store().device("pq-1").orElseThrow().currentEpoch());
            dev.telemetry(1, 10);
            assertEquals(68, dev.transport.lastResponseCode(), "telemetry on the key agreed through X-Wing");
        }
    }

    @Test
    void a_group_that_requires_the_hybrid_suite_refuses_suite_1_and_accepts_suite_2() throws Exception {
        var cfg = TestGateway.config(dir).set(GatewaySettings.HYBRID_GROUPS, "7, 9").build();
        try (TestGateway gw = TestGateway.start(cfg, dir);
             SimulatedDevice strict = new SimulatedDevice("pq-2", clients, gw.address(), gw.gateway().signingPublicKey(), dir.resolve("a"));
             SimulatedDevice other = new SimulatedDevice("classic-1", clients, gw.address(), gw.gateway().signingPublicKey(), dir.resolve("b"))) {
            register(gw, strict, "9");
            register(gw, other, "3");

            int downgraded = strict.client.rotate(RotationReason.KEY_AGE, 0, 1);

            assertEquals(RotationClient.RESULT_REFUSED, downgraded);
            assertEquals(4 * 32 + 22, strict.client.lastResponseCode());
            assertEquals(ErrorResponse.CODE_UNSUPPORTED_SUITE, strict.client.lastErrorCode());
            assertEquals(0, gw.gateway().store().device("pq-2").orElseThrow().currentEpoch());
            assertTrue(gw.gateway().store().pending("pq-2", 1).map(PendingKey::toEpoch).isEmpty(), "nothing pending after the refusal");

            strict.client.useSuite(CipherSuite.HYBRID_X25519_MLKEM768);
            assertEquals(RotationClient.RESULT_ROTATED, strict.client.rotate(RotationReason.KEY_AGE, 0, 1));
            assertEquals(RotationClient.RESULT_ROTATED, other.client.rotate(RotationReason.KEY_AGE, 0, 1), "other groups keep suite 1");
        }
    }
}
