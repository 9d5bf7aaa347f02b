package io.dynakey.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.server.GatewayServer;
import io.dynakey.hardware.transport.DtlsClients;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless Chromium through chromedriver) against a real
 * gateway whose devices enrol, rotate and report over DTLS on loopback. Screenshots go to
 * {@code target/screenshots/}.
 */
class ConsoleBrowserTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path dir;
    static GatewayServer server;
    static Console console;
    static DtlsClients clients;
    static WebDriver browser;
    static String token;
    static final List<TestDevice> devices = new ArrayList<>();
    static int rotations;
    static byte[] signedModel;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "the browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver");
        Path modelKey = signModel(dir);
        GatewayConfig cfg = GatewayConfig.builder()
                .set(GatewaySettings.MODEL_PUBLIC_KEY_FILE, modelKey)
                .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1").set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, dir.resolve("gw"))
                .set(GatewaySettings.SESSION_SWEEP_INTERVAL, Duration.ofMillis(100))
                .set(GatewaySettings.CONSOLE_JOURNAL, dir.resolve("ledger.journal"))
                .set(GatewaySettings.CONSOLE_PORT, 0).build();
        server = GatewayServer.start(Gateway.open(cfg));
        console = Console.startIfConfigured(server.gateway()).orElseThrow();
        token = Files.readString(console.tokenFile()).strip();
        clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(1_500));
        String[][] fleet = {{"sensor-1", "1"}, {"sensor-2", "1"}, {"sensor-3", "2"}, {"meter-7", "2"}, {"valve-9", "3"}};
        for (String[] d : fleet) {
            TestDevice dev = new TestDevice(d[0], d[1], server.gateway(), server.address(), clients, dir.resolve("dev-" + d[0]));
            devices.add(dev);
            assertEquals(RotationClient.RESULT_ROTATED, dev.client.enrol(), d[0] + " enrols");
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(RotationClient.RESULT_ROTATED, devices.get(i).client.rotate(RotationReason.MANUAL, 100, 0));
            rotations++;
        }
        assertEquals(RotationClient.RESULT_ROTATED, devices.get(3).client.rotate(RotationReason.RISK, 820, 0));
        rotations++;
        for (TestDevice d : devices) {
            d.client.settle(); // commits the staged key on its first session, as a device does after a rotation
            assertEquals(68, d.telemetry(1, d.id.startsWith("meter") ? 750 : 120), d.id + " reports");
        }
        // the bridge anchors the outbox in the journal the ledger page verifies
        try (io.dynakey.ledger.journal.Journal journal = io.dynakey.ledger.journal.Journal.open(dir.resolve("ledger.journal"),
                io.dynakey.ledger.journal.FsyncPolicy.GROUP_COMMIT)) {
            new io.dynakey.ledger.Bridge(server.gateway().events(), journal, 256, 0, System::currentTimeMillis).drainOnce(true);
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1500");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        browser = new ChromeDriver(service, o);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    /** Signs the golden forest of tiny-models with a fresh key into {@link #signedModel}; returns the public key file. */
    static Path signModel(Path dir) throws Exception {
        byte[] file = Files.readAllBytes(Path.of("..", "tiny-models", "src", "test", "resources", "golden", "forest-10.dktm"));
        byte[] priv = new byte[32];
        new java.security.SecureRandom().nextBytes(priv);
        byte[] pub = new byte[32];
        io.dynakey.device.crypto.Ed25519Signatures.publicKey(priv, 0, pub, 0);
        byte[] sig = new byte[64];
        io.dynakey.device.crypto.Ed25519Signatures.sign(priv, 0, pub, 0, file, 0,
                io.dynakey.models.TinyModelWriter.signedLength(file), sig, 0);
        io.dynakey.models.TinyModelWriter.attachSignature(file, sig);
        signedModel = file;
        Files.write(dir.resolve("model.dktm"), file);
        return Files.writeString(dir.resolve("model.pub"), java.util.HexFormat.of().formatHex(pub) + "\n");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        devices.forEach(TestDevice::close);
        if (clients != null) {
            clients.close();
        }
        if (console != null) {
            console.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static String url(String path) {
        return console.url().resolve(path).toString();
    }

    static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    static void screenshot(String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(out.resolve(name + ".png"), png);
    }

    @Test
    void the_overview_shows_the_fleet_its_key_ages_and_its_rotations() throws Exception {
        browser.get(url("/"));
        assertEquals("Fleet overview", browser.findElement(By.tagName("h1")).getText());
        assertEquals("5", text("enrolled"));
        assertEquals(String.valueOf(rotations), text("rotations-24h"));
        long bars = 0;
        for (WebElement bar : browser.findElements(By.cssSelector("#key-ages rect.bar"))) {
            bars += Long.parseLong(bar.getAttribute("data-value"));
        }
        long active = Long.parseLong(text("active"));
        assertEquals(active, bars, "every active device's current key is in the key-age histogram");
        assertEquals(Set.of("manual", "risk"), legend(), "the rotations plot's series are the reasons used");
        List<WebElement> groups = browser.findElements(By.cssSelector("#groups tr"));
        assertEquals(1 + 3, groups.size(), "a header and three groups");
        screenshot("console-overview");
        String risk = browser.findElement(By.id("risk")).getText();
        assertTrue(risk.matches("(?s).*\\n2 2 1[12]\\d 7[45]\\d 7[45]\\d.*"), "group 2: two reports, p90 and p99 near the meter's 750: " + risk);

        browser.get(url("/devices"));
        assertEquals(5, browser.findElements(By.cssSelector("#devices tr")).size() - 1);
        browser.get(url("/devices/meter-7"));
        assertEquals("1", text("epoch"));
        assertTrue(browser.findElement(By.id("keys")).getText().contains("risk"), "the rotation's reason is in the history");
        screenshot("console-device");
        WebElement proof = browser.findElements(By.cssSelector("#events a")).get(0);
        proof.click();
        assertTrue(text("proof").matches("event \\d+ is in batch \\d+: its proof folds into the root .*"), text("proof"));

        browser.get(url("/ledger"));
        assertTrue(Long.parseLong(text("outbox-head")) >= 5 + rotations, "one Enrolled and one Rotated event each, at least");
        assertEquals("INTACT", text("ledger-status"));
        browser.findElement(By.id("reverify")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.textMatches(By.id("result"),
                java.util.regex.Pattern.compile("ledger INTACT: \\d+ batches, \\d+ events")));
        screenshot("console-ledger");
        browser.get(url("/models"));
        assertTrue(text("signature").startsWith("no model served") || text("signature").startsWith("signature verified"));
        screenshot("console-models");
    }

    private static Set<String> legend() {
        Set<String> names = new java.util.HashSet<>();
        for (WebElement t : browser.findElements(By.cssSelector("#rotations text"))) {
            names.add(t.getText());
        }
        names.removeIf(n -> n.isEmpty() || Character.isDigit(n.charAt(0)));
        return names;
    }

    @Test
    void revoking_a_device_in_the_page_makes_its_next_dtls_session_fail() throws Exception {
        TestDevice d = devices.get(1);
        d.reconnect();
        d.client.settle();
        assertEquals(68, d.telemetry(2, 100), "works before");

        browser.get(url("/devices/" + d.id));
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("revoke")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.textToBe(By.id("state"), "revoked"));
        assertEquals("revoked " + d.id, text("result"), "the page, reloaded, says what was done");
        screenshot("console-revoked");

        d.reconnect();
        d.client.settle();
        assertThrows(Exception.class, () -> d.telemetry(3, 100), "no DTLS session opens on a revoked device's key");
        assertTrue(server.gateway().store().device(d.id).orElseThrow().revoked());
        assertTrue(server.gateway().events().readAfter(0, 1000).stream()
                .anyMatch(e -> e.body().type() == io.dynakey.ledger.event.EventType.REVOKED), "the revocation is a ledger event");
    }

    @Test
    void publishing_a_signed_model_in_the_page_serves_it_and_journals_it() throws Exception {
        long version = io.dynakey.models.TinyModel.parse(signedModel.clone()).modelVersion();
        browser.get(url("/models"));
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("model-file")).sendKeys(dir.resolve("model.dktm").toAbsolutePath().toString());
        browser.findElement(By.id("publish")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.textToBe(By.id("served"), "v" + version));
        assertEquals("published model version " + version, text("result"));
        screenshot("console-model-published");
        assertEquals(version, server.gateway().models().modelVersion());
        assertTrue(server.gateway().events().readAfter(0, 1000).stream()
                .anyMatch(e -> e.body().type() == io.dynakey.ledger.event.EventType.MODEL_PUBLISHED), "ModelPublished on the ledger");

        HttpClient http = HttpClient.newHttpClient();
        URI publish = URI.create(url("/api/models/publish"));
        assertEquals(400, postBytes(http, publish, signedModel), "the same version again is not newer");
        byte[] tampered = signedModel.clone();
        tampered[tampered.length - 1] ^= 1;
        assertEquals(400, postBytes(http, publish, tampered), "a signature that does not verify");
        assertEquals(version, server.gateway().models().modelVersion());
    }

    private static int postBytes(HttpClient http, URI uri, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("X-Dynakey-Token", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void a_device_id_full_of_markup_renders_as_text() throws Exception {
        String id = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">'&";
        assertThrows(IllegalArgumentException.class, () -> new TestDevice(id, "1", server.gateway(), server.address(), clients,
                dir.resolve("dev-bad")), "the store refuses such an id at registration");
        browser.get(url("/devices/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")));
        assertEquals("no device " + id, text("not-found"), "shown character for character");
        browser.get(url("/devices?q=" + URLEncoder.encode(id, StandardCharsets.UTF_8)));
        assertEquals(id, browser.findElement(By.name("q")).getAttribute("value"));
        assertNoScriptRan();
        assertTrue(browser.findElements(By.cssSelector("main img, main script")).isEmpty(), "no element came from the id");
        screenshot("console-markup-id");
    }

    private static void assertNoScriptRan() {
        try {
            browser.switchTo().alert();
            throw new AssertionError("a dialog opened");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
        assertEquals(null, ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined ? null : window.pwned"));
    }

    @Test
    void an_action_without_the_token_or_from_another_origin_is_refused() throws Exception {
        TestDevice d = devices.get(4);
        // in the page, without a token
        browser.get(url("/devices/" + d.id));
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear(); document.getElementById('token').value = '';");
        browser.findElement(By.id("revoke")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.textMatches(By.id("result"),
                java.util.regex.Pattern.compile(".*operator token is required.*")));

        // from a page of another origin (localhost is not 127.0.0.1), with the token: the browser sends it as a
        // simple request (no custom header survives no-cors) and the console refuses its Origin
        String other = "http://localhost:" + console.port() + "/";
        browser.get(other);
        Object result = ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {method: 'POST', mode: 'no-cors', body: '{}'}).then(function () {"
                        + " return fetch(arguments[0], {method: 'POST', headers: {'X-Dynakey-Token': arguments[1]}}); })"
                        + ".then(function () { done('sent'); }, function (e) { done('blocked: ' + e); });",
                url("/api/devices/" + d.id + "/revoke"), token);
        assertTrue(String.valueOf(result).startsWith("blocked"), "the browser will not send the token across origins: " + result);

        // and any client that forges the headers
        HttpClient http = HttpClient.newHttpClient();
        URI revoke = URI.create(url("/api/devices/" + d.id + "/revoke"));
        assertEquals(403, post(http, revoke, "Origin", "http://evil.example", "X-Dynakey-Token", token));
        assertEquals(403, post(http, revoke, "Sec-Fetch-Site", "cross-site", "X-Dynakey-Token", token));
        assertEquals(403, post(http, revoke, "X-Dynakey-Token", "00" + token.substring(2)));
        assertEquals(403, post(http, revoke, "Origin", console.url().toString().replaceAll("/$", "")));
        assertFalse(server.gateway().store().device(d.id).orElseThrow().revoked(), "nothing was revoked");
        assertEquals(200, post(http, URI.create(url("/api/groups/3/rekey")), "X-Dynakey-Token", token,
                "Origin", console.url().toString().replaceAll("/$", "")), "the same request with the token is served");
    }

    private static int post(HttpClient http, URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void the_metrics_follow_prometheus_conventions_and_name_no_device() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        String m = r.body();
        assertTrue(m.contains("dynakey_rotations_total{reason=\"manual\",suite=\"x25519\"} 3.0"), m);
        assertTrue(m.contains("dynakey_rotations_total{reason=\"risk\",suite=\"x25519\"} 1.0"), m);
        assertTrue(m.matches("(?s).*dynakey_dtls_handshakes_total\\{outcome=\"success\"} [1-9].*"), m);
        assertTrue(m.contains("dynakey_devices{state=\"active\"}"), m);
        assertTrue(m.contains("dynakey_outbox_lag_events "), m);
        assertTrue(m.contains("dynakey_ledger_anchoring_lag_seconds "), m);
        assertTrue(m.contains("dynakey_telemetry_risk_ratio{group=\"2\",quantile=\"0.99\"}"), m);
        for (TestDevice d : devices) {
            assertFalse(m.contains(d.id), "no device id in the metrics: " + d.id);
        }
        assertFalse(m.contains(token));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(console.tokenFile()), "the token file is the owner's only");
    }
}
