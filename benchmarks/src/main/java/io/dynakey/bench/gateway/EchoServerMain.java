package io.dynakey.bench.gateway;

import io.dynakey.gateway.server.LookupPskStore;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * The baseline: a bare Californium server with the same DTLS-PSK setup as the gateway and a
 * {@code /telemetry} resource that answers 2.04 with a fixed 7-byte payload, no key management.
 * Knows the benchmark devices' epoch-0 keys. Prints {@code READY <port>}.
 */
public final class EchoServerMain {

    private EchoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        CoapConfig.register();
        DtlsConfig.register();
        UdpConfig.register();
        Configuration conf = Configuration.createStandardWithoutFile();
        conf.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        conf.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 50_000);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(conf)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8))
                .setAdvancedPskStore(new LookupPskStore(EchoServerMain::epochZeroKey))
                .build();
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(conf).setConnector(new DTLSConnector(dtls)).build();
        CoapServer server = new CoapServer(conf);
        server.addEndpoint(endpoint);
        server.add(new CoapResource("telemetry") {
            @Override
            public void handlePOST(CoapExchange exchange) {
                exchange.respond(ResponseCode.CHANGED, new byte[] {(byte) 0xa3, 1, 0, 2, 0, 3, 0});
            }
        });
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.destroy();
            stopped.countDown();
        }));
        System.out.println("READY " + endpoint.getAddress().getPort() + " -");
        System.out.flush();
        stopped.await();
    }

    /** Epoch-0 keys of the benchmark devices, derived from the identity like {@link BenchDevices}; null for anything else. */
    private static byte[] epochZeroKey(String name) {
        if (!name.startsWith("dk:") || !name.endsWith(":0")) {
            return null;
        }
        String id = name.substring(3, name.length() - 2);
        return BenchDevices.factoryPsk(id);
    }
}
