package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.PostgresUrl;
import io.dynakey.gateway.store.ThrowawayPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayCommandTest {

    static final String PSK = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    @Test
    void a_psk_on_the_command_line_is_refused_without_being_repeated() throws Exception {
        CliRun r = CliRun.of("gateway", "--data-dir", data().toString(), "register", "dev-1",
                "--identity-key", identityKey(), "--psk", PSK);
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("--psk is refused"), r.err());
        assertTrue(r.err().contains("--psk-file"), r.err());
        assertFalse(r.all().contains(PSK), r.all());
        assertFalse(registered("dev-1"));
    }

    @Test
    void a_psk_from_a_file_registers_the_device() throws Exception {
        Path file = Files.writeString(dir.resolve("dev.psk"), PSK + "\n");
        CliRun r = CliRun.of("gateway", "--data-dir", data().toString(), "register", "dev-1",
                "--identity-key", identityKey(), "--psk-file", file.toString(), "--group", "2");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("registered dev-1 in group 2 at epoch 0"), r.out());
        assertTrue(registered("dev-1"));
        assertFalse(r.all().contains(PSK), r.all());
    }

    @Test
    void a_psk_from_the_prompt_registers_the_device() throws Exception {
        CliRun r = CliRun.withInput(PSK + "\n", "gateway", "--data-dir", data().toString(), "register", "dev-2",
                "--identity-key", identityKey(), "--psk-prompt");
        assertEquals(0, r.code(), r.all());
        assertTrue(registered("dev-2"));
        assertFalse(r.all().contains(PSK), r.all());
    }

    @Test
    void a_bad_psk_file_is_named_and_its_content_not_shown() throws Exception {
        String notHex = "secretsecretsecretsecretsecretzz";
        Path file = Files.writeString(dir.resolve("bad.psk"), notHex);
        CliRun r = CliRun.of("gateway", "--data-dir", data().toString(), "register", "dev-1",
                "--identity-key", identityKey(), "--psk-file", file.toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("the factory PSK from file " + file + " is not hex"), r.err());
        assertFalse(r.all().contains("secret"), r.all());
        CliRun missing = CliRun.of("gateway", "--data-dir", data().toString(), "register", "dev-1",
                "--identity-key", identityKey());
        assertEquals(2, missing.code(), missing.all());
    }

    @Test
    void a_weak_psk_a_negative_group_and_a_bad_device_id_are_refused_and_nothing_is_registered() throws Exception {
        Path weak = Files.writeString(dir.resolve("weak.psk"), "00\n");
        CliRun r = CliRun.of("gateway", "--data-dir", data().toString(), "register", "dev-1",
                "--identity-key", identityKey(), "--psk-file", weak.toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("the factory PSK from file " + weak + " must be 32..64 hex characters"), r.err());

        Path file = Files.writeString(dir.resolve("dev.psk"), PSK + "\n");
        CliRun negative = CliRun.of("gateway", "--data-dir", data().toString(), "register", "dev-1",
                "--identity-key", identityKey(), "--psk-file", file.toString(), "--group", "-5");
        assertEquals(2, negative.code(), negative.all());
        assertEquals("dynakey gateway register: a group is a number 0..2147483647", negative.err().strip());
        CliRun badId = CliRun.of("gateway", "--data-dir", data().toString(), "register", "dev/1",
                "--identity-key", identityKey(), "--psk-file", file.toString());
        assertEquals(2, badId.code(), badId.all());
        assertTrue(badId.err().contains("a device or group id is 1..32 characters of [A-Za-z0-9._-]"), badId.err());
        assertFalse(registered("dev-1"));
    }

    @Test
    void an_opened_commitment_is_recomputed_from_the_key_and_its_salt_and_a_wrong_key_does_not_match() throws Exception {
        // given a device registered with a known PSK
        Path file = Files.writeString(dir.resolve("dev.psk"), PSK + "\n");
        assertEquals(0, CliRun.of("gateway", "--data-dir", data().toString(), "register", "dev-1",
                "--identity-key", identityKey(), "--psk-file", file.toString()).code());

        // when the gateway opens its epoch-0 commitment
        CliRun open = CliRun.of("gateway", "--data-dir", data().toString(), "open-commitment", "--device", "dev-1", "--epoch", "0");
        assertEquals(0, open.code(), open.all());
        String commitment = field(open.out(), "commitment ");
        String salt = field(open.out(), "salt       ");
        try (var g = io.dynakey.gateway.Gateway.open(GatewayConfig.builder().set(GatewaySettings.DATA_DIR, data()).build())) {
            var enrolled = (io.dynakey.ledger.event.Enrolled) g.events().readAfter(0, 1).get(0).body();
            assertEquals(enrolled.key().toHex(), commitment, "the printed commitment is the Enrolled event's");
        }

        // then the key's holder recomputes it with the salt, and another key does not match
        CliRun check = CliRun.of("ledger", "commitment", "--device", "dev-1", "--epoch", "0", "--salt", salt,
                "--key-file", file.toString(), "--expect", commitment);
        assertEquals(0, check.code(), check.all());
        assertTrue(check.out().contains("matches the expected commitment"), check.out());
        Path other = Files.writeString(dir.resolve("other.psk"), "00112233445566778899aabbccddeefe\n");
        CliRun wrong = CliRun.of("ledger", "commitment", "--device", "dev-1", "--epoch", "0", "--salt", salt,
                "--key-file", other.toString(), "--expect", commitment);
        assertEquals(1, wrong.code(), wrong.all());
        CliRun unsalted = CliRun.of("ledger", "commitment", "--device", "dev-1", "--epoch", "0",
                "--key-file", file.toString(), "--expect", commitment);
        assertEquals(1, unsalted.code(), "the right key without the salt does not reproduce it: " + unsalted.all());
        assertFalse((open.all() + check.all()).contains(PSK));
        CliRun none = CliRun.of("gateway", "--data-dir", data().toString(), "open-commitment", "--device", "dev-1", "--epoch", "5");
        assertEquals(1, none.code(), none.all());
    }

    private static String field(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(out))
                .substring(prefix.length()).split(" ")[0];
    }

    @Test
    void a_mistyped_option_does_not_repeat_its_value() throws Exception {
        CliRun r = CliRun.of("gateway", "--data-dir", data().toString(), "register", "dev-1",
                "--identity-key", identityKey(), "--pks", PSK);
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("--pks"), r.err());
        assertFalse(r.all().contains(PSK), r.all());
        CliRun eq = CliRun.of("gateway", "register", "dev-1", "--pks=" + PSK);
        assertFalse(eq.all().contains(PSK), eq.all());
    }

    @Test
    void the_grace_option_takes_a_duration_with_its_unit() {
        CliRun r = CliRun.of("gateway", "--grace", "30s", "--print-config");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("\ngateway.rotation.grace-window=30s\n"), r.out());
        CliRun noUnit = CliRun.of("gateway", "--grace", "30", "--print-config");
        assertEquals(2, noUnit.code(), noUnit.all());
        assertTrue(noUnit.err().contains("'30' has no unit"), noUnit.err());
    }

    @Test
    void a_bad_config_file_stops_with_the_key_named() throws Exception {
        Path cfg = Files.writeString(dir.resolve("gw.properties"), "gateway.dtls.stale-connection-threshold=30\n");
        CliRun r = CliRun.of("gateway", "--config", cfg.toString(), "--print-config");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains(cfg + ": gateway.dtls.stale-connection-threshold: '30' has no unit"), r.err());
    }

    @Test
    void the_printed_configuration_loads_back_unchanged() throws Exception {
        CliRun r = CliRun.of("gateway", "--port", "7000", "--grace", "90min", "--print-config");
        assertEquals(0, r.code(), r.all());
        Path file = Files.writeString(dir.resolve("printed.properties"), r.out());
        GatewayConfig loaded = GatewayConfig.builder().load(file).build();
        assertEquals(GatewayConfig.builder().set(GatewaySettings.PORT, 7000)
                .set(GatewaySettings.GRACE_WINDOW, java.time.Duration.ofMinutes(90)).build(), loaded);
    }

    @Test
    void the_config_file_keeps_its_values_where_no_option_overrides_them() throws Exception {
        Path cfg = Files.writeString(dir.resolve("gw.properties"),
                "gateway.data-dir=" + data() + "\ngateway.port=7001\ngateway.rotation.grace-window=45s\n");
        CliRun r = CliRun.of("gateway", "--config", cfg.toString(), "--port", "7002", "--print-config");
        assertEquals(0, r.code(), r.all());
        GatewayConfig printed = GatewayConfig.builder().load(Files.writeString(dir.resolve("printed.properties"), r.out())).build();
        assertEquals(data(), printed.get(GatewaySettings.DATA_DIR));
        assertEquals(7002, printed.get(GatewaySettings.PORT));
        assertEquals(java.time.Duration.ofSeconds(45), printed.get(GatewaySettings.GRACE_WINDOW));
    }

    @Test
    void the_store_option_registers_into_a_postgresql_store_that_another_gateway_reads() throws Exception {
        Assumptions.assumeTrue(ThrowawayPostgres.binaries().isPresent(), "PostgreSQL server binaries not installed: skipped");
        try (ThrowawayPostgres pg = ThrowawayPostgres.start(Path.of(System.getProperty("java.io.tmpdir")))) {
            PostgresUrl url = pg.createDatabase("cli");
            Path file = Files.writeString(dir.resolve("dev.psk"), PSK + "\n");
            CliRun r = CliRun.of("gateway", "--data-dir", data().toString(), "--store", url.toString(), "register", "dev-9",
                    "--identity-key", identityKey(), "--psk-file", file.toString());
            assertEquals(0, r.code(), r.all());
            assertFalse(Files.exists(data().resolve("gateway.db")), "nothing in SQLite");
            // another gateway with the same key-encryption key, its own folder, the same database
            Path other = dir.resolve("gw2");
            Files.createDirectories(other);
            Files.copy(data().resolve("kek.hex"), other.resolve("kek.hex"));
            try (Gateway g = Gateway.open(GatewayConfig.builder().set(GatewaySettings.DATA_DIR, other)
                    .set(GatewaySettings.STORE, url.toString()).build())) {
                assertTrue(g.store().device("dev-9").isPresent());
            }
            assertFalse(registered("dev-9"), "not in the SQLite store of the first folder");
            // a gateway on the same database with its console on: the console reads the shared store
            Path third = dir.resolve("gw3");
            Files.createDirectories(third);
            Files.copy(data().resolve("kek.hex"), third.resolve("kek.hex"));
            try (io.dynakey.device.testing.ChildJvm gw = io.dynakey.device.testing.ChildJvm.start(Main.class,
                    java.util.List.of("-Xmx256m"), dir.resolve("gw3.log"), "gateway", "--data-dir", third.toString(),
                    "--store", url.toString(), "--port", "0", "--console-port", "0")) {
                java.net.URI console = java.net.URI.create(gw.awaitLine("console ", java.time.Duration.ofSeconds(60))[1]);
                gw.awaitReady(java.time.Duration.ofSeconds(30));
                java.net.http.HttpResponse<String> device = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(console.resolve("/api/devices/dev-9")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, device.statusCode(), device.body());
                assertTrue(device.body().contains("\"dev-9\""), device.body());
                assertFalse(Files.exists(third.resolve("gateway.db")), "the console's view is not on an SQLite file");
            }
        }
    }

    private Path data() {
        return dir.resolve("gw");
    }

    private boolean registered(String id) throws Exception {
        try (Gateway g = Gateway.open(GatewayConfig.builder().set(GatewaySettings.DATA_DIR, data()).build())) {
            return g.store().device(id).isPresent();
        }
    }

    private static String identityKey() throws Exception {
        byte[] pub = new byte[Ed25519Signatures.PUBLIC_KEY_LENGTH];
        Ed25519Signatures.publicKey(new byte[Ed25519Signatures.PRIVATE_KEY_LENGTH], 0, pub, 0);
        return HexFormat.of().formatHex(pub);
    }

    @Test
    void the_gateway_command_serves_the_console_when_its_port_is_given_and_never_prints_the_token() throws Exception {
        Path log = dir.resolve("gateway.log");
        try (io.dynakey.device.testing.ChildJvm gw = io.dynakey.device.testing.ChildJvm.start(Main.class, java.util.List.of("-Xmx256m"),
                log, "gateway", "--data-dir", dir.resolve("gw").toString(), "--port", "0", "--console-port", "0")) {
            String[] line = gw.awaitLine("console ", java.time.Duration.ofSeconds(60));
            java.net.URI url = java.net.URI.create(line[1]);
            gw.awaitReady(java.time.Duration.ofSeconds(30));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(url).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Fleet overview"));
            assertEquals(200, http.send(java.net.http.HttpRequest.newBuilder(url.resolve("/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
            String token = Files.readString(dir.resolve("gw").resolve("console.token")).strip();
            assertFalse(String.join(" ", line).contains(token));
            assertFalse(Files.readString(log).contains(token), "the token is not in the log");
        }
    }
}
