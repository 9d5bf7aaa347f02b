package io.dynakey.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.server.GatewayServer;
import io.dynakey.hardware.transport.DtlsClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API, the Host check, the token file and the refusal counters, without a browser; real gateway and DTLS device. */
class ConsoleApiTest {

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> get(Console c, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(c.url().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_api_pages_devices_counts_refusals_and_answers_only_to_its_own_host() throws Exception {
        GatewayConfig cfg = GatewayConfig.builder().set(GatewaySettings.BIND_ADDRESS, "127.0.0.1").set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, dir.resolve("gw")).set(GatewaySettings.REQUESTS_PER_SECOND, 1)
                .set(GatewaySettings.REQUEST_BURST, 2).set(GatewaySettings.CONSOLE_PORT, 0).build();
        try (GatewayServer server = GatewayServer.start(Gateway.open(cfg));
             Console c = Console.startIfConfigured(server.gateway()).orElseThrow();
             DtlsClients clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(1_500));
             TestDevice d = new TestDevice("probe-1", "4", server.gateway(), server.address(), clients, dir.resolve("d"))) {
            for (int i = 0; i < 30; i++) {
                server.gateway().store().registerDevice(String.format("node-%02d", i), new byte[32], "5",
                        new io.dynakey.gateway.store.Secret(new byte[16]), System.currentTimeMillis());
            }
            assertEquals(RotationClient.RESULT_ROTATED, d.client.enrol());
            int refused = 0;
            for (int i = 0; i < 4; i++) {
                refused += d.telemetry(i, 0) == 4 * 32 + 29 ? 1 : 0; // 4.29
            }
            assertTrue(refused >= 1, "a burst of 2 at 1/s refuses some of 5 requests");

            JsonNode overview = json.readTree(get(c, "/api/overview").body());
            assertEquals(31, overview.get("enrolled").asLong());
            assertEquals(2, overview.get("groups").size());
            JsonNode page = json.readTree(get(c, "/api/devices?page=1&size=10").body());
            assertEquals("node-10", page.get("devices").get(0).get("deviceId").asText(), "id order, page 1 from the 11th");
            assertEquals(10, page.get("devices").size());
            assertEquals(400, get(c, "/api/devices?size=100000").statusCode());
            assertEquals(400, get(c, "/api/devices?page=x").statusCode());
            assertEquals(404, get(c, "/api/devices/nobody").statusCode());
            assertEquals("4", json.readTree(get(c, "/api/devices/probe-1").body()).get("device").get("groupId").asText());

            String metrics = get(c, "/metrics").body();
            assertTrue(metrics.contains("dynakey_requests_refused_total{cause=\"rate_limit\"} " + refused + ".0"), metrics);
            assertTrue(metrics.contains("dynakey_devices{state=\"active\"} 31.0"), metrics);

            assertEquals("HTTP/1.1 403 Forbidden", statusLine(c.port(), "attacker.example:" + c.port()),
                    "a rebound DNS name gets nothing");
            assertEquals("HTTP/1.1 200 OK", statusLine(c.port(), "localhost:" + c.port()));
            assertTrue(get(c, "/").headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        }
    }

    /** The status line of a GET of /api/overview with {@code host} as its Host header (java.net.http will not send another). */
    static String statusLine(int port, String host) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET /api/overview HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void the_token_file_is_created_owner_only_and_a_loose_one_is_refused() throws Exception {
        Path file = dir.resolve("console.token");
        OperatorToken t = OperatorToken.loadOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String hex = Files.readString(file).strip();
        assertEquals(64, hex.length());
        assertTrue(t.matches(hex));
        assertTrue(t.matches(hex.toUpperCase()));
        assertFalse(t.matches(hex.substring(1)));
        assertFalse(t.matches(null));
        assertFalse(t.toString().contains(hex.substring(0, 8)));
        assertTrue(OperatorToken.loadOrCreate(file).matches(hex), "the same token on the next start");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> OperatorToken.loadOrCreate(file));
        assertFalse(e.getMessage().contains(hex.substring(0, 8)), "the refusal does not show the token");
    }

    @Test
    void the_console_is_off_unless_its_port_is_set() throws Exception {
        GatewayConfig cfg = GatewayConfig.builder().set(GatewaySettings.BIND_ADDRESS, "127.0.0.1").set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, dir.resolve("off")).build();
        try (Gateway g = Gateway.open(cfg)) {
            assertTrue(Console.startIfConfigured(g).isEmpty());
            assertFalse(Files.exists(dir.resolve("off").resolve("console.token")));
        }
    }
}
