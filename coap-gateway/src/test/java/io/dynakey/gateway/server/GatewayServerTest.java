package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.gateway.service.DeviceRegistration;
import io.dynakey.gateway.service.Revocation;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import io.dynakey.ledger.event.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayServerTest {

    static DtlsClients clients;
    @TempDir
    Path dir;

    @BeforeAll
    static void clients() {
        clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(5_000));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static int call(DtlsTransport t, int method, String path, byte[] body, byte[] out) throws TransportException {
        byte[] p = ascii(path);
        return t.request(method, p, p.length, body, 0, body.length, out, 0, out.length);
    }

    static void register(TestGateway gw, String id, byte[] psk) throws Exception {
        try (DtlsTransport op = clients.connect(gw.address())) {
            byte[] opId = gw.operatorIdentity();
            byte[] opKey = gw.operatorPsk();
            op.usePsk(opId, opId.length, opKey, opKey.length);
            byte[] reg = new DeviceRegistration(id, new byte[32], "1", psk).encode();
            call(op, Transport.METHOD_POST, "admin/devices", reg, new byte[64]);
            assertEquals(65, op.lastResponseCode(), "2.01 Created");
        }
    }

    static byte[] psk(int fill) {
        byte[] k = new byte[16];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void a_wrong_psk_gets_no_session_and_a_revoked_device_is_refused() throws Exception {
        try (TestGateway gw = TestGateway.start(dir); DtlsTransport dev = clients.connect(gw.address())) {
            register(gw, "dev-2", psk(9));
            byte[] id = PskIdentity.of("dev-2", 0);
            dev.usePsk(id, id.length, psk(8), 16);
            long t0 = System.currentTimeMillis();
            assertThrows(TransportException.class, () -> call(dev, Transport.METHOD_GET, "group-key", new byte[0], new byte[64]));
            System.out.println("wrong PSK refused after " + (System.currentTimeMillis() - t0) + " ms");

            dev.usePsk(id, id.length, psk(9), 16);
            call(dev, Transport.METHOD_GET, "group-key", new byte[0], new byte[64]);
            assertEquals(69, dev.lastResponseCode());
            // the device may not call operator functions
            call(dev, Transport.METHOD_POST, "admin/revoke", new Revocation("dev-2", 9).encode(), new byte[64]);
            assertEquals(131, dev.lastResponseCode(), "4.03");

            try (DtlsTransport op = clients.connect(gw.address())) {
                op.usePsk(gw.operatorIdentity(), gw.operatorIdentity().length, gw.operatorPsk(), 16);
                call(op, Transport.METHOD_POST, "admin/revoke", new Revocation("dev-2", 9).encode(), new byte[64]);
                assertEquals(68, op.lastResponseCode());
            }
            try {
                call(dev, Transport.METHOD_GET, "group-key", new byte[0], new byte[64]);
                assertEquals(131, dev.lastResponseCode(), "open session refused after revocation");
            } catch (TransportException dropped) {
                // or its connection is already dropped (SessionEndTest)
            }
            assertEquals(0, gw.server.openConnections("dev-2", Integer.MAX_VALUE), "revocation dropped its connections");
            dev.dropSession();
            assertThrows(TransportException.class, () -> call(dev, Transport.METHOD_GET, "group-key", new byte[0], new byte[64]));
            assertTrue(gw.gateway().events().readAfter(0, 10).stream().anyMatch(e -> e.body().type() == EventType.REVOKED));
        }
    }

    @Test
    void an_oversized_request_gets_4_13_and_a_flood_gets_4_29() throws Exception {
        try (TestGateway gw = TestGateway.start(dir); DtlsTransport dev = clients.connect(gw.address())) {
            register(gw, "dev-3", psk(3));
            byte[] id = PskIdentity.of("dev-3", 0);
            dev.usePsk(id, id.length, psk(3), 16);
            call(dev, Transport.METHOD_POST, "telemetry", new byte[3000], new byte[64]);
            assertEquals(141, dev.lastResponseCode(), "4.13 Request Entity Too Large");
            int refused = 0;
            for (int i = 0; i < 80; i++) {
                call(dev, Transport.METHOD_POST, "telemetry", new byte[] {(byte) 0xa0}, new byte[64]);
                if (dev.lastResponseCode() == 157) {
                    refused++;
                } else {
                    assertEquals(128, dev.lastResponseCode(), "malformed but admitted: 4.00");
                }
            }
            assertTrue(refused > 0, "4.29 Too Many Requests during the flood");
            assertEquals(1, gw.gateway().store().eventsAfter(0, 10).size(), "only the registration event");
        }
    }
}
