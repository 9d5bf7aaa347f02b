package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.rotation.TelemetryAck;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.store.Secret;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libcoap's command-line client (Debian {@code libcoap3-bin}), a CoAP/DTLS stack nobody here
 * wrote, against the gateway over DTLS-PSK, with both of its TLS back ends.
 */
class LibcoapInteropTest {

    private static final String PSK = "interop-secret-1";
    private static Path dir;
    private static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dynakey-libcoap");
        gw = TestGateway.start(dir);
        for (String id : List.of("lc-openssl", "lc-gnutls")) {
            gw.gateway().store().registerDevice(id, new byte[32], "1", new Secret(PSK.getBytes(StandardCharsets.US_ASCII)),
                    System.currentTimeMillis());
        }
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static String binary(String flavour) {
        String name = "coap-client-" + flavour;
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, name))) {
                return Path.of(p, name).toString();
            }
        }
        System.err.println("SKIPPED libcoap interop (" + flavour + "): " + name
                + " not found; install Debian package libcoap3-bin to run it");
        Assumptions.abort(name + " not installed (apt-get install libcoap3-bin)");
        return null;
    }

    private record Run(int exit, byte[] stdout, String stderr) {
        String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** The PSK identity of the flavour's device at epoch 0, as libcoap's {@code -u} takes it. */
    private static String identity(String flavour) {
        return new String(PskIdentity.of("lc-" + flavour, 0), StandardCharsets.US_ASCII);
    }

    private static Run run(String flavour, String identity, String key, String method, String path, Path payload) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary(flavour), "-m", method, "-u", identity, "-k", key, "-B", "4"));
        if (payload != null) {
            cmd.addAll(List.of("-t", "60", "-f", payload.toString()));
        }
        Path out = Files.createTempFile(dir, "out", ".bin");
        cmd.addAll(List.of("-o", out.toString()));
        cmd.add("coaps://127.0.0.1:" + gw.address().getPort() + "/" + path);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "libcoap client finished");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), Files.readAllBytes(out), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "gnutls"})
    void libcoap_discovers_the_resources_over_dtls_psk(String flavour) throws Exception {
        Run r = run(flavour, identity(flavour), PSK, "get", ".well-known/core", null);
        String links = r.text();
        assertTrue(links.contains("</rotate>") && links.contains("</telemetry>") && links.contains("</enrol>"),
                "discovery lists the resources: " + links + " / " + r.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "gnutls"})
    void libcoap_posts_telemetry_and_reads_the_answer(String flavour) throws Exception {
        String id = "lc-" + flavour;
        TelemetryReport report = new TelemetryReport();
        report.deviceId().set(id.getBytes(StandardCharsets.US_ASCII), 0, id.length());
        report.start(3).addFeature(1, 42).setRisk(100, 1);
        byte[] buf = new byte[WireMessage.MAX_ENCODED_LENGTH];
        int n = report.encode(WireMessage.newWriter(), buf, 0, buf.length);
        Path body = Files.write(Files.createTempFile(dir, "telemetry", ".cbor"), Arrays.copyOf(buf, n));

        Run r = run(flavour, identity(flavour), PSK, "post", "telemetry", body);

        TelemetryAck ack = new TelemetryAck();
        ack.decode(WireMessage.newReader(), r.stdout(), 0, r.stdout().length);
        assertEquals(TelemetryAck.ACTION_NONE, ack.action, r.stderr());
        assertEquals(100, ack.riskPermille);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "gnutls"})
    void libcoap_with_a_wrong_psk_gets_nothing(String flavour) throws Exception {
        Run r = run(flavour, identity(flavour), "wrong-secret-xyz", "get", ".well-known/core", null);
        assertFalse(r.text().contains("</rotate>"), "no resource listing without the right key");
        assertEquals(0, r.stdout().length);
    }
}
