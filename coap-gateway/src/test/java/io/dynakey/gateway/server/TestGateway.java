package io.dynakey.gateway.server;

import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A real gateway on a free loopback port with its data in a temporary directory. */
final class TestGateway implements AutoCloseable {

    final GatewayServer server;
    final Path dir;

    private TestGateway(GatewayServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    static GatewayConfig.Builder config(Path dir) {
        return GatewayConfig.builder()
                .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1")
                .set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, dir)
                .set(GatewaySettings.GRACE_WINDOW, Duration.ofSeconds(2))
                .set(GatewaySettings.RETIRE_INTERVAL, Duration.ofMillis(200));
    }

    static TestGateway start(Path dir) throws Exception {
        return start(config(dir).build(), dir);
    }

    static TestGateway start(GatewayConfig cfg, Path dir) throws Exception {
        return new TestGateway(GatewayServer.start(Gateway.open(cfg)), dir);
    }

    InetSocketAddress address() {
        return server.address();
    }

    Gateway gateway() {
        return server.gateway();
    }

    byte[] operatorIdentity() {
        return gateway().config().get(GatewaySettings.OPERATOR_IDENTITY).getBytes(StandardCharsets.US_ASCII);
    }

    byte[] operatorPsk() throws Exception {
        return Gateway.operatorPsk(dir.resolve("operator.psk")).bytes();
    }

    @Override
    public void close() {
        server.close();
    }
}
