package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynakey.trainer.report.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustnessCommandTest {

    @TempDir
    Path dir;

    private Path schema(boolean controlled) throws Exception {
        Path s = dir.resolve(controlled ? "tiny.properties" : "other.properties");
        Files.writeString(s, "name=tiny\nlabel.column=label\nlabel.benign=normal\nfeatures=bytes_in,failed\n"
                + "feature.bytes_in.id=1\nfeature.bytes_in.unit=bytes\nfeature.failed.id=" + (controlled ? "7" : "8") + "\n"
                + (controlled ? "feature.bytes_in.attacker=0..10000000\n" : ""));
        return s;
    }

    private Path csv() throws Exception {
        StringBuilder csv = new StringBuilder("bytes_in,failed,label\n");
        Random rng = new Random(5);
        for (int i = 0; i < 1200; i++) {
            boolean attack = rng.nextBoolean();
            long bytes = attack ? 40_000 + rng.nextInt(900_000) : rng.nextInt(60_000);
            csv.append(bytes).append(',').append(rng.nextInt(3)).append(',').append(attack ? "attack" : "normal").append('\n');
        }
        Path f = dir.resolve("tiny.csv");
        Files.writeString(f, csv, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void robustness_prints_and_writes_evasion_and_certified_accuracy_on_the_held_out_rows() throws Exception {
        // given a model trained from a tiny data set whose attacker controls bytes_in
        Path csv = csv();
        Path schema = schema(true);
        Path out = dir.resolve("out");
        CliRun train = CliRun.of("train", "--data", csv.toString(), "--schema", schema.toString(), "--out", out.toString(),
                "--key-file", dir.resolve("k.key").toString(), "--no-sweep", "--depth", "4");
        assertEquals(0, train.code(), train.all());
        Path json = dir.resolve("r.json");
        // when
        CliRun r = CliRun.of("robustness", "--model", out.resolve("model.dktm").toString(), "--data", csv.toString(),
                "--schema", schema.toString(), "--epsilon", "0,64,65535", "--json", json.toString());
        // then it says the split and the figures, for a person and as JSON
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("test part only"), r.out());
        assertTrue(r.out().contains("evasion rate"), r.out());
        JsonNode j = Json.read(Files.readString(json));
        assertTrue(j.get("split").asText().contains("70/15/15"), j.toString());
        JsonNode rb = j.get("robustness");
        assertEquals(3, rb.get("evasion_rate").size());
        assertTrue(rb.get("exact").asBoolean());
        // an unbounded budget over the one feature that separates the classes: every attack evades
        assertEquals(1.0, rb.get("evasion_rate").get(2).asDouble(), 1e-12);
        assertTrue(rb.get("certified_accuracy").get(0).asDouble() >= rb.get("certified_accuracy").get(2).asDouble());
    }

    @Test
    void a_model_of_another_schema_is_refused_with_a_clear_error() throws Exception {
        Path csv = csv();
        Path out = dir.resolve("out2");
        assertEquals(0, CliRun.of("train", "--data", csv.toString(), "--schema", schema(true).toString(), "--out", out.toString(),
                "--key-file", dir.resolve("k.key").toString(), "--no-sweep", "--depth", "3").code());
        CliRun r = CliRun.of("robustness", "--model", out.resolve("model.dktm").toString(), "--data", csv.toString(),
                "--schema", schema(false).toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not a model of this schema"), r.err());
    }

    @Test
    void train_robust_without_a_budget_is_refused_before_any_work() throws Exception {
        CliRun r = CliRun.of("train", "--data", csv().toString(), "--schema", schema(true).toString(), "--out",
                dir.resolve("out3").toString(), "--key-file", dir.resolve("k.key").toString(), "--robust");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--robust needs --epsilon"), r.err());
    }
}
