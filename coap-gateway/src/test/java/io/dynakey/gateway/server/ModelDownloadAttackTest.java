package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.testing.ChildJvm;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.service.SignedModels;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.SqliteDeviceKeyStore;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, F2 and F9 against a real gateway process. Californium copies a whole response body
 * into a block-wise status per Block2 transfer and keeps it for the status lifetime, so first-block
 * GETs of a large model filled a small heap; and a gateway served and scored with a model nobody
 * had verified.
 */
class ModelDownloadAttackTest {

    @TempDir
    Path dir;

    private Path config(Path data, SignedModels.Signed model, boolean withKey) throws Exception {
        Path config = dir.resolve("gateway.properties");
        GatewayConfig.Builder b = GatewayConfig.builder().set(GatewaySettings.BIND_ADDRESS, "127.0.0.1")
                .set(GatewaySettings.PORT, 0).set(GatewaySettings.DATA_DIR, data)
                // a loose request limit, so that only the way bodies are served stands between the attack and the heap
                .set(GatewaySettings.REQUESTS_PER_SECOND, 100_000).set(GatewaySettings.REQUEST_BURST, 100_000)
                .set(GatewaySettings.MAX_MODEL_BYTES, 2 * 1024 * 1024).set(GatewaySettings.MODEL_FILE, model.model());
        if (withKey) {
            b.set(GatewaySettings.MODEL_PUBLIC_KEY_FILE, model.publicKey());
        }
        try (Writer w = Files.newBufferedWriter(config)) {
            b.build().writeTemplate(w);
        }
        return config;
    }

    private static Request block2(int num) {
        Request r = Request.newGet();
        r.getOptions().setBlock2(new BlockOption(BlockOption.size2Szx(512), false, num));
        return r;
    }

    @Test
    void first_block_downloads_of_a_large_model_pin_nothing_and_a_small_heap_gateway_serves_it_whole() throws Exception {
        SignedModels.Signed model = SignedModels.large(dir.resolve("models"), 520);
        assertTrue(model.bytes().length > 650_000, model.bytes().length + " bytes");
        Path data = dir.resolve("gw");
        DtlsClients byHand = DtlsClients.createBlockByBlock(new DtlsClients.Options(2_000, 500, 1, 2, false));
        DtlsClients clients = DtlsClients.create(DtlsClients.Options.defaults());
        try (GatewayProcess gw = GatewayProcess.start(config(data, model, true), dir.resolve("gateway.log"), "48m")) {
            byte[] malloryPsk = new byte[16];
            new SecureRandom().nextBytes(malloryPsk);
            SimulatedDevice victim = new SimulatedDevice("victim", clients, gw.address, gw.signingPublicKey, dir.resolve("victim"));
            try (SqliteDeviceKeyStore store = GatewayProcess.openStore(data)) {
                store.registerDevice("mallory", new byte[32], "1", new Secret(malloryPsk), System.currentTimeMillis());
                store.registerDevice("victim", victim.identityPublic, "1", new Secret(victim.factoryPsk), System.currentTimeMillis());
            }
            // when one device opens 120 sessions, each fetching the model's first block only
            // (kept whole per transfer, that is 120 x 700 KB: 1.7 times the heap)
            byte[] id = PskIdentity.of("mallory", 0);
            Map<String, Integer> answers = new HashMap<>();
            for (int i = 0; i < 120; i++) {
                try (DtlsTransport t = byHand.connect(gw.address)) {
                    t.usePsk(id, id.length, malloryPsk, 16);
                    Response r = t.exchange(block2(0), "model");
                    String a = r == null ? "none" : r.getCode().value + " " + r.getOptions().getBlock2() + " " + r.getPayloadSize()
                            + " of " + r.getOptions().getSize2();
                    answers.merge(a, 1, Integer::sum);
                }
            }
            // then each got its block and the size, and the gateway lives on
            assertEquals(Map.of("69 (szx=5/512, m=true, num=0) 512 of " + model.bytes().length, 120), answers);
            assertTrue(gw.isAlive(), "the gateway process ended");
            // a block beyond the model is a clean 4.02
            try (DtlsTransport t = byHand.connect(gw.address)) {
                t.usePsk(id, id.length, malloryPsk, 16);
                Response r = t.exchange(block2(1_000_000), "model");
                assertEquals(130, r.getCode().value);
            }
            // and another device gets the whole model, block by block, equal to the file
            assertEquals(RotationClient.RESULT_ROTATED, victim.client.enrol());
            Response whole = victim.transport.exchange(Request.newGet(), "model");
            assertEquals(69, whole.getCode().value);
            assertArrayEquals(model.bytes(), whole.getPayload());
            assertTrue(gw.isAlive());
        } finally {
            byHand.close();
            clients.close();
        }
    }

    @Test
    void a_gateway_refuses_to_start_with_a_model_it_cannot_verify() throws Exception {
        SignedModels.Signed model = SignedModels.golden(dir.resolve("models"));
        // no public key configured
        try (ChildJvm jvm = ChildJvm.start(GatewayMain.class, List.of("-Xmx64m"), dir.resolve("nokey.log"),
                config(dir.resolve("gw1"), model, false).toString())) {
            assertEquals(2, jvm.waitFor(Duration.ofSeconds(30)));
        }
        String log = Files.readString(dir.resolve("nokey.log"));
        assertTrue(log.contains("dynakey gateway: model file " + model.model() + " cannot be verified: set gateway.model.public-key-file"), log);
        assertTrue(!log.contains("\tat "), "one line, no stack trace: " + log);
        // a key that is not the publisher's
        SignedModels.Signed other = SignedModels.golden(dir.resolve("other"));
        Files.copy(other.publicKey(), model.publicKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (ChildJvm jvm = ChildJvm.start(GatewayMain.class, List.of("-Xmx64m"), dir.resolve("wrongkey.log"),
                config(dir.resolve("gw2"), model, true).toString())) {
            assertEquals(2, jvm.waitFor(Duration.ofSeconds(30)));
        }
        log = Files.readString(dir.resolve("wrongkey.log"));
        assertTrue(log.contains("does not verify with gateway.model.public-key-file"), log);
    }
}
