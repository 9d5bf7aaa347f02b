package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynakey.device.hal.Transport;
import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.device.rotation.TelemetryAck;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.service.SignedModels;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.models.TinyModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway serves its signed model block-wise and scores telemetry with the device runtime's evaluator. */
class ModelAndScoringTest {

    @TempDir
    Path dir;

    @Test
    void a_device_downloads_the_model_block_wise_and_its_telemetry_is_scored_by_it() throws Exception {
        SignedModels.Signed signed = SignedModels.golden(dir.resolve("models"));
        byte[] file = signed.bytes();
        TinyModel model = TinyModel.parse(file);
        try (DtlsClients clients = DtlsClients.create(DtlsClients.Options.defaults());
             TestGateway gw = TestGateway.start(TestGateway.config(dir).set(GatewaySettings.MODEL_FILE, signed.model())
                     .set(GatewaySettings.MODEL_PUBLIC_KEY_FILE, signed.publicKey()).build(), dir);
             SimulatedDevice dev = new SimulatedDevice("scored-1", clients, gw.address(), gw.gateway().signingPublicKey(),
                     dir.resolve("dev"))) {
            gw.gateway().store().registerDevice(dev.id, dev.identityPublic, "1", new Secret(dev.factoryPsk), System.currentTimeMillis());
            dev.client.settle();

            // the model file, larger than one block, arrives whole
            byte[] got = dev.call(Transport.METHOD_GET, "model", new byte[0]);
            assertEquals(69, dev.transport.lastResponseCode());
            assertArrayEquals(file, got, file.length + " bytes in " + (file.length + 511) / 512 + " blocks");

            // telemetry is scored by the same evaluator the device runs
            TreeMap<Integer, Long> values = new TreeMap<>();
            long[] features = new long[model.featureCount()];
            for (int i = 0; i < model.featureCount(); i++) {
                features[i] = 37L * (i + 1) * (i + 3);
                values.put(model.featureId(i) & 0xFF, features[i]);
            }
            int expected = ForestEvaluator.riskOf(new ForestEvaluator(model).evaluate(features, 0));
            TelemetryReport r = new TelemetryReport();
            r.deviceId().set(dev.id.getBytes(StandardCharsets.US_ASCII), 0, dev.id.length());
            r.start(1);
            values.forEach(r::addFeature);
            byte[] buf = new byte[WireMessage.MAX_ENCODED_LENGTH];
            byte[] a = dev.call(Transport.METHOD_POST, "telemetry", Arrays.copyOf(buf, r.encode(WireMessage.newWriter(), buf, 0, buf.length)));
            TelemetryAck ack = new TelemetryAck();
            ack.decode(WireMessage.newReader(), a, 0, a.length);
            assertEquals(expected, ack.riskPermille);
            assertEquals(model.modelVersion(), ack.modelVersion);
        }
    }
}
