package io.dynakey.gateway.server;

import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.DtlsClusterConnector;
import org.eclipse.californium.scandium.config.DtlsClusterConnectorConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.MultiNodeConnectionIdGenerator;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway on the network: a Californium server with one Scandium DTLS 1.2 PSK endpoint
 * ({@code TLS_PSK_WITH_AES_128_CCM_8}, optionally {@code TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256})
 * and the resources of {@link Gateway}'s services:
 * <pre>
 * POST /enrol            device at epoch 0: first key agreement        (RotateRequest -> RotateResponse)
 * POST /rotate           device: start a rotation                        (RotateRequest -> RotateResponse)
 * POST /rotate/confirm   device, on the new key: confirm                (RotateConfirm -> 2.04)
 * GET  /group-key        device: its group's key                         (-> GroupKeyResponse)
 * GET  /model            device: its rollout stage's signed model file   (-> model bytes, block-wise)
 * POST /telemetry        device: a telemetry report, scored              (TelemetryReport -> TelemetryAck)
 * POST /admin/devices    operator: register a device                     (DeviceRegistration -> 2.01)
 * POST /admin/revoke     operator: revoke a device                       (Revocation -> 2.04)
 * GET  /.well-known/core everyone authenticated: discovery (RFC 6690)
 * </pre>
 * {@link #close()} shuts down gracefully: stop accepting, finish in-flight exchanges, close the store.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final Gateway gateway;
    private final CoapServer server;
    private final CoapEndpoint endpoint;
    private final DtlsSessionTerminator sessions;

    private GatewayServer(Gateway gateway, CoapServer server, CoapEndpoint endpoint, DtlsSessionTerminator sessions) {
        this.gateway = gateway;
        this.server = server;
        this.endpoint = endpoint;
        this.sessions = sessions;
    }

    /** Registers the Californium configuration modules this server uses (idempotent). */
    public static void registerCaliforniumModules() {
        CoapConfig.register();
        DtlsConfig.register();
        UdpConfig.register();
    }

    /** Starts a server for {@code gateway} as configured. */
    public static GatewayServer start(Gateway gateway) {
        registerCaliforniumModules();
        GatewayConfig cfg = gateway.config();
        Configuration conf = californiumConfiguration(cfg);
        InetSocketAddress bind = new InetSocketAddress(cfg.get(GatewaySettings.BIND_ADDRESS), cfg.get(GatewaySettings.PORT));
        List<CipherSuite> suites = new ArrayList<>(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8));
        if (cfg.get(GatewaySettings.ECDHE_PSK)) {
            suites.add(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256);
        }
        DtlsConnectorConfig.Builder dtls = DtlsConnectorConfig.builder(conf)
                .setAddress(bind)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, suites)
                .setAdvancedPskStore(new LookupPskStore(gateway.sessions()::keyFor))
                .setHealthHandler(new HandshakeReporter(gateway));
        DTLSConnector connector = connector(cfg, dtls);
        DtlsSessionTerminator terminator = new DtlsSessionTerminator(connector, gateway.sessions());
        gateway.sessions().terminateWith(terminator);
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(conf).setConnector(connector).build();
        endpoint.addInterceptor(new BlockLimiter(gateway.sessions()));
        CoapServer server = new CoapServer(conf);
        server.addEndpoint(endpoint);
        server.setMessageDeliverer(new CallerDeliverer(server.getRoot(), gateway.sessions()));
        addResources(server, gateway);
        server.start();
        LOG.info("dynakey gateway listening on coaps://{}", endpoint.getAddress());
        return new GatewayServer(gateway, server, endpoint, terminator);
    }

    /**
     * A plain DTLS connector, or with {@code gateway.cluster.node-id} a node of a connection-ID
     * cluster: connection ids carry the node id, and records of another node's connection are
     * forwarded to it over the cluster-internal endpoint.
     */
    private static DTLSConnector connector(GatewayConfig cfg, DtlsConnectorConfig.Builder dtls) {
        int node = cfg.get(GatewaySettings.CLUSTER_NODE_ID);
        if (node == 0) {
            return new DTLSConnector(dtls.build());
        }
        ClusterNodes nodes = ClusterNodes.of(cfg);
        dtls.setConnectionIdGenerator(new MultiNodeConnectionIdGenerator(node, ClusterNodes.CID_LENGTH));
        DtlsClusterConnectorConfig cluster = DtlsClusterConnectorConfig.builder()
                .setAddress(ClusterNodes.address(cfg.get(GatewaySettings.CLUSTER_ADDRESS), GatewaySettings.CLUSTER_ADDRESS.key()))
                .build();
        LOG.info("DTLS cluster node {}", node);
        return new DtlsClusterConnector(dtls.build(), cluster, nodes);
    }

    private static void addResources(CoapServer server, Gateway g) {
        int max = g.config().get(GatewaySettings.MAX_REQUEST_BYTES);
        var sessions = g.sessions();
        ServiceResource rotate = new ServiceResource("rotate", "start a key rotation", max, sessions)
                .on(Code.POST, g.rotations()::start);
        rotate.add(new ServiceResource("confirm", "confirm the new key", max, sessions).on(Code.POST, g.rotations()::confirm));
        ServiceResource admin = new ServiceResource("admin", "operator functions", max, sessions);
        admin.add(new ServiceResource("devices", "register a device", max, sessions).on(Code.POST, g.enrolment()::register));
        admin.add(new ServiceResource("revoke", "revoke a device", max, sessions).on(Code.POST, g.enrolment()::revoke));
        server.add(
                new ServiceResource("enrol", "first key agreement of a registered device", max, sessions)
                        .on(Code.POST, g.rotations()::enrol),
                rotate,
                new ServiceResource("group-key", "the device group's key", max, sessions).on(Code.GET, g.groupKeys()),
                // through the gateway each time: the file the device's group rollout assigns it, else the default model
                new ServiceResource("model", "the signed model file", max, sessions)
                        .on(Code.GET, g::modelRequest),
                new ServiceResource("telemetry", "telemetry intake", max, sessions).on(Code.POST, g.telemetry()),
                admin);
    }

    /** Californium's configuration for our settings (no properties file of its own). */
    static Configuration californiumConfiguration(GatewayConfig cfg) {
        Configuration conf = Configuration.createStandardWithoutFile();
        conf.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        conf.set(DtlsConfig.DTLS_MAX_CONNECTIONS, cfg.get(GatewaySettings.MAX_CONNECTIONS));
        conf.set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, cfg.get(GatewaySettings.STALE_CONNECTION_THRESHOLD).toMillis(),
                TimeUnit.MILLISECONDS);
        // an upload is refused (4.13) from its first block when it announces or reaches more than a request may
        // hold, before Californium reserves a buffer for it; responses larger than a block (the model) are served one
        // block per request by ServiceResource, so no Block2 transfer state exists
        conf.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, cfg.get(GatewaySettings.MAX_REQUEST_BYTES));
        conf.set(CoapConfig.BLOCKWISE_STATUS_LIFETIME, cfg.get(GatewaySettings.BLOCKWISE_LIFETIME).toMillis(), TimeUnit.MILLISECONDS);
        // sizes Californium's block-wise status caches (least recently updated out first): the total bound
        conf.set(CoapConfig.MAX_ACTIVE_PEERS, cfg.get(GatewaySettings.BLOCKWISE_MAX_TRANSFERS));
        conf.set(CoapConfig.PREFERRED_BLOCK_SIZE, BlockOption.szx2Size(ServiceResource.BLOCK_SZX));
        conf.set(CoapConfig.MAX_MESSAGE_SIZE, 1024);
        conf.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, cfg.get(GatewaySettings.DTLS_RETRANSMISSION_TIMEOUT).toMillis(),
                TimeUnit.MILLISECONDS);
        return conf;
    }

    /** The bound address (with the chosen port when configured with 0). */
    public InetSocketAddress address() {
        return endpoint.getAddress();
    }

    /** How many DTLS connections {@code deviceId} has open now on keys of epoch {@code throughEpoch} or older. */
    public int openConnections(String deviceId, int throughEpoch) throws InterruptedException {
        return sessions.openConnections(deviceId, throughEpoch);
    }

    /** The gateway behind this server. */
    public Gateway gateway() {
        return gateway;
    }

    /** Stops the endpoint, lets in-flight exchanges finish briefly, then closes the gateway. */
    @Override
    public void close() {
        server.stop();
        server.destroy();
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gateway.close();
        LOG.info("dynakey gateway stopped");
    }
}
