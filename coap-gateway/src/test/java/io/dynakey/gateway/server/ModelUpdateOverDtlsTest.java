package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynakey.device.hal.MemorySecureStorage;
import io.dynakey.device.model.ModelSlots;
import io.dynakey.device.model.ModelUpdater;
import io.dynakey.device.model.SignedModelFiles;
import io.dynakey.device.rotation.TelemetryAck;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.models.TinyModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device updates its model over real DTLS: the gateway serves a newer signed model, the device
 * learns its version from a telemetry acknowledgement, downloads it block-wise, verifies it and
 * switches; a model signed by another key is downloaded but never activated.
 */
class ModelUpdateOverDtlsTest {

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

    private TestGateway gatewayServing(byte[] model, byte[] publicKey) throws Exception {
        Path file = Files.write(dir.resolve("served.dktm"), model);
        Path key = Files.writeString(dir.resolve("served.pub"), "# model-signing key\n" + HexFormat.of().formatHex(publicKey) + "\n",
                StandardCharsets.US_ASCII);
        return TestGateway.start(TestGateway.config(dir).set(GatewaySettings.MODEL_FILE, file)
                .set(GatewaySettings.MODEL_PUBLIC_KEY_FILE, key).build(), dir);
    }

    private static int update(SimulatedDevice dev, ModelUpdater updater) throws Exception {
        byte[] a = dev.telemetry(1, 0);
        TelemetryAck ack = new TelemetryAck();
        ack.decode(WireMessage.newReader(), a, 0, a.length);
        return updater.onAck(ack);
    }

    @Test
    void a_newer_signed_model_reaches_the_device_and_replaces_the_factory_model() throws Exception {
        byte[] v1 = SignedModelFiles.signed("forest-10", 1);
        byte[] v2 = SignedModelFiles.signed("forest-10", 2);
        try (TestGateway gw = gatewayServing(v2, SignedModelFiles.PUBLIC);
             SimulatedDevice dev = new SimulatedDevice("ota-1", clients, gw.address(), gw.gateway().signingPublicKey(), dir.resolve("d"))) {
            gw.gateway().store().registerDevice(dev.id, dev.identityPublic, "1", new Secret(dev.factoryPsk), System.currentTimeMillis());
            dev.client.settle();
            ModelSlots slots = new ModelSlots(new MemorySecureStorage(), SignedModelFiles.PUBLIC, 16 * 1024, id -> true);
            slots.load();
            slots.provision(v1, v1.length);
            ModelUpdater updater = new ModelUpdater(dev.transport, slots);

            assertEquals(ModelSlots.RESULT_ACTIVATED, update(dev, updater), "code " + updater.lastResponseCode());
            assertEquals(2, slots.activeVersion());
            TinyModel m = slots.active();
            assertArrayEquals(v2, Arrays.copyOfRange(m.buffer(), 0, m.fileLength()), "the device runs the file the gateway serves");
            assertEquals(ModelUpdater.RESULT_UNCHANGED, update(dev, updater), "nothing newer the second time");
        }
    }

    @Test
    void a_model_signed_by_another_key_is_downloaded_but_never_activated() throws Exception {
        byte[] v1 = SignedModelFiles.signed("forest-10", 1);
        byte[] foreign = SignedModelFiles.signed("forest-10", 9, SignedModelFiles.OTHER_PRIVATE, SignedModelFiles.OTHER_PUBLIC);
        try (TestGateway gw = gatewayServing(foreign, SignedModelFiles.OTHER_PUBLIC);
             SimulatedDevice dev = new SimulatedDevice("ota-2", clients, gw.address(), gw.gateway().signingPublicKey(), dir.resolve("d"))) {
            gw.gateway().store().registerDevice(dev.id, dev.identityPublic, "1", new Secret(dev.factoryPsk), System.currentTimeMillis());
            dev.client.settle();
            ModelSlots slots = new ModelSlots(new MemorySecureStorage(), SignedModelFiles.PUBLIC, 16 * 1024, id -> true);
            slots.load();
            slots.provision(v1, v1.length);

            assertEquals(ModelSlots.RESULT_BAD_SIGNATURE, update(dev, new ModelUpdater(dev.transport, slots)));
            assertEquals(1, slots.activeVersion());
        }
    }
}
