package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import java.nio.file.Path;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ECDHE-PSK suite (forward secrecy for the DTLS session) end to end: a Scandium client that
 * offers it first gets it from the gateway and is served; with the suite switched off at the
 * gateway the same client falls back to plain PSK.
 */
class EcdhePskHandshakeTest {

    @TempDir
    Path dir;

    private static String negotiatedCipher(TestGateway gw, String deviceId) throws Exception {
        byte[] psk = new byte[16];
        psk[0] = 7;
        gw.gateway().store().registerDevice(deviceId, new byte[32], "1", new Secret(psk.clone()), System.currentTimeMillis());
        try (DtlsClients clients = DtlsClients.create(DtlsClients.Options.defaults().withEcdhePsk(true).withResponseTimeout(4_000));
             DtlsTransport t = clients.connect(gw.address())) {
            byte[] identity = PskIdentity.of(deviceId, 0);
            t.usePsk(identity, identity.length, psk, psk.length);

            Response r = t.exchange(Request.newGet(), "group-key");

            assertNotNull(r, "no answer over the handshake");
            assertEquals(69, r.getCode().value, "2.05 group key");
            return r.getSourceContext().get(DtlsEndpointContext.KEY_CIPHER);
        }
    }

    @Test
    void a_client_offering_ecdhe_psk_gets_it_and_is_served() throws Exception {
        try (TestGateway gw = TestGateway.start(dir)) {
            assertEquals("TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", negotiatedCipher(gw, "fs-1"));
        }
    }

    @Test
    void with_ecdhe_psk_off_at_the_gateway_the_same_client_gets_plain_psk() throws Exception {
        try (TestGateway gw = TestGateway.start(TestGateway.config(dir).set(GatewaySettings.ECDHE_PSK, false).build(), dir)) {
            assertEquals("TLS_PSK_WITH_AES_128_CCM_8", negotiatedCipher(gw, "fs-2"));
        }
    }
}
