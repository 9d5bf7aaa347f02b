package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The main job, shortened: real gateway over DTLS, journal ledger, three policies, report. */
class DemoCommandTest {

    @TempDir
    Path dir;

    static final Path SHIPPED = Path.of("..", "fleet", "src", "main", "resources", "demo");

    @Test
    void the_quick_demo_writes_a_report_with_every_policy_and_a_verified_ledger() throws Exception {
        // given the shipped model and traffic profile (so the test does not depend on the data folder)
        Path out = dir.resolve("report");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        // when
        try (PrintStream p = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            code = Main.commandLine().execute("demo", "--quick", "--out", out.toString(),
                    "--model", SHIPPED.resolve("iot23-model.dktm").toString(),
                    "--profile", SHIPPED.resolve("iot23-traffic-profile.properties").toString());
        } finally {
            System.setOut(stdout);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        stdout.println(text);
        // then
        assertEquals(0, code, text);
        assertTrue(text.contains("ledger:") && text.contains("verification OK"), text);
        assertTrue(text.contains("./dynakey gateway"), "ends with where to look next");
        String html = Files.readString(out.resolve("index.html"));
        for (String png : List.of("exposure.png", "rotations.png", "risk.png", "ledger.png")) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
            assertTrue(html.contains(png), png);
        }
        String json = Files.readString(out.resolve("results.json"));
        for (String policy : List.of("fixed", "adaptive", "oracle")) {
            double mean = number(json, policy, "exposure_mean_s");
            double rotations = number(json, policy, "rotations_per_device_day");
            assertTrue(mean >= 0 && rotations > 0, policy + ": " + mean + " s, " + rotations + " rotations/device-day");
        }
        assertTrue(number(json, "fixed", "exposure_mean_s") > number(json, "oracle", "exposure_mean_s"));
        assertTrue(json.contains("\"bytes_measured_on_wire\": true"), "real gateway: bytes counted on the wire");
        assertTrue(json.contains("\"verified\": true"), "the ledger verified");
    }

    /** The value of {@code "key"} inside the {@code "policy": { ... }} object of results.json. */
    static double number(String json, String policy, String key) {
        int at = json.indexOf("\"" + policy + "\": {");
        assertTrue(at >= 0, "no policy " + policy);
        Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.eE+-]+)").matcher(json);
        assertTrue(m.find(at), "no " + key + " for " + policy);
        return Double.parseDouble(m.group(1));
    }
}
