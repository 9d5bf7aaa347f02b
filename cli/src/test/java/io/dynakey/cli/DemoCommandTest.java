package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynakey.trainer.ShippedArtifacts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The main job, shortened: real gateway over DTLS, journal ledger, four policies, report. */
class DemoCommandTest {

    @TempDir
    Path dir;

    /** The trainer's shipped artifact set, as files (the model's public key is beside it). */
    static final Path SHIPPED = Path.of("..", "trainer", "src", "main", "resources", "io", "dynakey", "trainer", "shipped");
    static final Path SHIPPED_MODEL = SHIPPED.resolve(ShippedArtifacts.MODEL);
    static final Path SHIPPED_PROFILE = SHIPPED.resolve(ShippedArtifacts.PROFILE);

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
                    "--model", SHIPPED_MODEL.toString(), "--profile", SHIPPED_PROFILE.toString());
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
        for (String png : List.of("exposure.png", "rotations.png", "tradeoff.png", "risk.png", "ledger.png")) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
            assertTrue(html.contains(png), png);
        }
        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("results.json")));
        for (String policy : List.of("fixed", "adaptive", "learned", "oracle")) {
            double mean = json.get("policies").get(policy).get("exposure_mean_s").asDouble(-1);
            double rotations = json.get("policies").get(policy).get("rotations_per_device_day").asDouble();
            assertTrue(mean >= 0 && rotations > 0, policy + ": " + mean + " s, " + rotations + " rotations/device-day");
        }
        assertTrue(json.get("policies").get("fixed").get("exposure_mean_s").asDouble()
                > json.get("policies").get("oracle").get("exposure_mean_s").asDouble());
        assertTrue(json.get("policies").get("adaptive").get("bytes_measured_on_wire").asBoolean(),
                "real gateway: bytes counted on the wire");
        assertTrue(json.get("ledger").get("verified").asBoolean(), "the ledger verified");
        assertTrue(json.get("policies").get("learned").get("description").asText().contains("learned on"),
                "the learned policy says where it was learned");
        assertTrue(json.get("learned_vs_fixed").has("no_regret"));
        assertTrue(json.get("notes").toString().contains("signature verified"), "the model was verified before use");
    }

    @Test
    void a_tampered_model_stops_the_demo_before_anything_runs() throws Exception {
        // given a copy of the shipped set whose model has one bit changed
        Path copy = Files.createDirectories(dir.resolve("tampered"));
        for (String f : List.of(ShippedArtifacts.MODEL, ShippedArtifacts.PUBLIC_KEY, ShippedArtifacts.PROFILE)) {
            Files.copy(SHIPPED.resolve(f), copy.resolve(f));
        }
        byte[] model = Files.readAllBytes(copy.resolve(ShippedArtifacts.MODEL));
        model[model.length / 2] ^= 1;
        Files.write(copy.resolve(ShippedArtifacts.MODEL), model);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        int code;
        // when
        try (PrintStream p = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(p);
            code = Main.commandLine().execute("demo", "--quick", "--out", dir.resolve("report").toString(),
                    "--model", copy.resolve(ShippedArtifacts.MODEL).toString(),
                    "--profile", copy.resolve(ShippedArtifacts.PROFILE).toString());
        } finally {
            System.setErr(stderr);
        }
        // then
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        assertTrue(text.contains("does not verify"), text);
        assertTrue(!Files.exists(dir.resolve("report").resolve("results.json")), "no report from an unverified model");
    }
}
