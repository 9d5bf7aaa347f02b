package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.SqliteDeviceKeyStore;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, F1: block-wise uploads against a real gateway. A Block1 upload announcing a megabyte
 * made Californium reserve the megabyte for five minutes; a few dozen of them took a small-heap
 * gateway down for every device. And blocks went past the per-device request limit. Also: a
 * payload labelled other than CBOR is refused.
 */
class BlockwiseAttackTest {

    @TempDir
    Path dir;

    /** The first block of a POST /telemetry that announces {@code size1} bytes in all. */
    static Request firstBlock(int size1) {
        Request r = Request.newPost();
        r.getOptions().setBlock1(new BlockOption(BlockOption.size2Szx(16), true, 0)).setSize1(size1).setContentFormat(60);
        r.setPayload(new byte[16]);
        return r;
    }

    @Test
    void uploads_announcing_a_megabyte_are_refused_and_a_small_heap_gateway_keeps_serving() throws Exception {
        Path data = dir.resolve("gw");
        Path config = dir.resolve("gateway.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            // a loose request limit, so that only the body bound stands between the attack and the heap
            GatewayConfig.builder().set(GatewaySettings.BIND_ADDRESS, "127.0.0.1").set(GatewaySettings.PORT, 0)
                    .set(GatewaySettings.DATA_DIR, data)
                    .set(GatewaySettings.REQUESTS_PER_SECOND, 100_000).set(GatewaySettings.REQUEST_BURST, 100_000)
                    .build().writeTemplate(w);
        }
        DtlsClients clients = DtlsClients.create(new DtlsClients.Options(2_000, 500, 1, 2, false));
        try (GatewayProcess gw = GatewayProcess.start(config, dir.resolve("gateway.log"), "48m")) {
            byte[] malloryPsk = new byte[16];
            new SecureRandom().nextBytes(malloryPsk);
            SimulatedDevice victim = new SimulatedDevice("victim", clients, gw.address, gw.signingPublicKey, dir.resolve("victim"));
            try (SqliteDeviceKeyStore store = GatewayProcess.openStore(data)) {
                store.registerDevice("mallory", new byte[32], "1", new Secret(malloryPsk), System.currentTimeMillis());
                store.registerDevice("victim", victim.identityPublic, "1", new Secret(victim.factoryPsk), System.currentTimeMillis());
            }
            // when one device opens 120 sessions, each starting an upload that announces 1 MiB (2.5 times the heap in all)
            byte[] id = PskIdentity.of("mallory", 0);
            Map<Integer, Integer> codes = new HashMap<>();
            for (int i = 0; i < 120; i++) {
                try (DtlsTransport t = clients.connect(gw.address)) {
                    t.usePsk(id, id.length, malloryPsk, 16);
                    Response r = t.exchange(firstBlock(1 << 20), "telemetry");
                    codes.merge(r == null ? -1 : r.getCode().value, 1, Integer::sum);
                }
            }
            // then every one is refused at once with 4.13, none is continued (2.31)
            assertEquals(Map.of(141, 120), codes, "response codes (-1: none) of the attack's first blocks");
            // and the gateway still serves another device, end to end
            assertTrue(gw.isAlive());
            assertEquals(RotationClient.RESULT_ROTATED, victim.client.enrol());
            victim.telemetry(1, 0);
            assertEquals(68, victim.transport.lastResponseCode());
            victim.close();
        } finally {
            clients.close();
        }
    }

    @Test
    void every_block_counts_against_the_device_request_limit() throws Exception {
        try (TestGateway gw = TestGateway.start(TestGateway.config(dir).set(GatewaySettings.REQUESTS_PER_SECOND, 1)
                .set(GatewaySettings.REQUEST_BURST, 10).build(), dir);
             DtlsClients clients = DtlsClients.create(new DtlsClients.Options(500, 2_000, 1, 2, false));
             DtlsTransport t = clients.connect(gw.address())) {
            byte[] psk = new byte[16];
            new SecureRandom().nextBytes(psk);
            gw.gateway().store().registerDevice("blocky", new byte[32], "1", new Secret(psk), System.currentTimeMillis());
            byte[] id = PskIdentity.of("blocky", 0);
            t.usePsk(id, id.length, psk, 16);
            // the handshake first, on a plain request (it may take longer than a block's answer)
            try {
                byte[] path = "telemetry".getBytes();
                t.request(io.dynakey.device.hal.Transport.METHOD_POST, path, path.length, new byte[] {(byte) 0xa0}, 0, 1,
                        new byte[64], 0, 64);
            } catch (io.dynakey.device.hal.TransportException slowHandshake) {
                // the session is up by now
            }
            // blocks that the block-wise layer answers itself, without a resource (4.08: the last block of an upload it
            // has not seen begin), with a limit of 10 at once and 1 per second
            int sent = 30;
            int answered = 0;
            long start = System.nanoTime();
            for (int num = 0; num < sent; num++) {
                Request r = Request.newPost();
                r.getOptions().setBlock1(new BlockOption(BlockOption.size2Szx(16), false, 1)).setContentFormat(60);
                r.setPayload(new byte[16]);
                Response answer = t.exchange(r, "telemetry");
                if (answer != null) {
                    assertEquals(136, answer.getCode().value, "4.08 Request Entity Incomplete");
                    answered++;
                }
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L + 1;
            long allowed = 10 + seconds;
            assertTrue(answered <= allowed, answered + " of " + sent + " blocks taken in " + seconds + " s; the limit allows "
                    + allowed);
            assertTrue(answered >= 5, "blocks inside the limit are taken, was " + answered);
        }
    }

    @Test
    void a_payload_labelled_other_than_cbor_gets_4_15() throws Exception {
        try (TestGateway gw = TestGateway.start(dir);
             DtlsClients clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(4_000));
             DtlsTransport t = clients.connect(gw.address())) {
            byte[] psk = new byte[16];
            new SecureRandom().nextBytes(psk);
            gw.gateway().store().registerDevice("labels", new byte[32], "1", new Secret(psk), System.currentTimeMillis());
            byte[] id = PskIdentity.of("labels", 0);
            t.usePsk(id, id.length, psk, 16);
            Request text = Request.newPost();
            text.getOptions().setContentFormat(0); // text/plain
            text.setPayload(new byte[] {(byte) 0xa0});
            assertEquals(143, t.exchange(text, "telemetry").getCode().value, "4.15 Unsupported Content-Format");
            Request cbor = Request.newPost();
            cbor.getOptions().setContentFormat(60);
            cbor.setPayload(new byte[] {(byte) 0xa0});
            assertEquals(128, t.exchange(cbor, "telemetry").getCode().value, "CBOR reaches the decoder: 4.00 for an empty map");
        }
    }

}
