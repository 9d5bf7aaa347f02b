package io.dynakey.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainOptions;
import io.dynakey.trainer.profile.TrafficProfile;
import io.dynakey.trainer.report.Json;
import io.dynakey.trainer.sign.ModelVerifier;
import io.dynakey.trainer.sign.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPipelineTest {

    @TempDir
    Path dir;

    private Path tinyCsv() throws Exception {
        StringBuilder csv = new StringBuilder("\uFEFFts,bytes_in,failed_handshakes,state,label,type\r\n");
        Random rng = new Random(3);
        for (int i = 0; i < 1500; i++) {
            int kind = rng.nextInt(3);
            long bytes = kind == 2 ? 50_000 + rng.nextInt(900_000) : rng.nextInt(60_000);
            int failed = kind == 1 ? 5 + rng.nextInt(20) : rng.nextInt(3);
            String state = rng.nextBoolean() ? " up " : "down";
            csv.append(i).append(',').append(bytes).append(',').append(failed).append(',').append(state).append(',')
                    .append(kind == 0 ? "normal" : "attack").append(',')
                    .append(kind == 0 ? "normal" : kind == 1 ? "bruteforce" : "exfil").append("\r\n");
        }
        Path f = dir.resolve("tiny.csv");
        Files.writeString(f, csv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tiny.properties"), """
                name=tiny
                label.column=label
                label.benign=normal
                class.column=type
                ignore=ts
                features=bytes_in,failed_handshakes,state
                feature.bytes_in.id=1
                feature.bytes_in.unit=bytes
                feature.failed_handshakes.id=7
                feature.state.id=17
                feature.state.encoding=categorical
                feature.state.categories=down,up
                published.f1=0.9
                """);
        return f;
    }

    @Test
    void one_run_trains_exports_signs_and_reports() throws Exception {
        // given a tiny labelled CSV and its schema
        Path csv = tinyCsv();
        Path out = dir.resolve("out");
        Path key = dir.resolve("keys/model.key");
        TrainConfig config = new TrainConfig(csv, Schema.read(dir.resolve("tiny.properties")), out, TrainOptions.defaults(Task.BINARY),
                2048, false, Set.of(), 0.7, 0.15, key, 5, 2, false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // when
        TrainingOutcome o = new TrainingPipeline(new PrintStream(log, true, StandardCharsets.UTF_8),
                io.dynakey.trainer.data.ProgressListener.NONE).run(config);
        // then the model is signed, verifies with the public key written beside the key, and fits the budget
        byte[] model = Files.readAllBytes(out.resolve(TrainingPipeline.MODEL));
        var parsed = ModelVerifier.verify(model, SigningKey.loadPublic(TrainingPipeline.publicKeyFile(key)));
        assertEquals(5, parsed.modelId());
        assertEquals(2, parsed.modelVersion());
        assertTrue(model.length <= 2048);
        assertEquals(1.0, o.binaryExport().agreement());
        assertTrue(o.binaryEval().attackF1() > 0.95, "F1 " + o.binaryEval().attackF1());
        // and the report, metrics and profile are there, with the required keys
        JsonNode metrics = Json.read(Files.readString(out.resolve(TrainingPipeline.METRICS)));
        assertEquals(o.binaryEval().attackF1(), metrics.get("f1").asDouble(), 1e-15);
        assertEquals(o.multiEval().confusion().macroF1(), metrics.get("macro_f1").asDouble(), 1e-15);
        assertEquals(o.binaryEval().falsePositiveRate(), metrics.get("false_positive_rate").asDouble(), 1e-15);
        assertEquals(model.length, metrics.get("model_bytes").asInt());
        assertEquals(o.binaryExport().agreement(), metrics.get("agreement").asDouble(), 1e-15);
        double auc = metrics.get("roc_auc").asDouble();
        assertTrue(auc > 0.9 && auc <= 1, "ROC AUC " + auc);
        assertEquals(0.9, metrics.get("published").get("f1").asDouble());
        assertEquals(o.multiEval().confusion().support(o.multiEval().confusion().classes().indexOf("exfil")),
                metrics.get("per_class").get("exfil").get("support").asLong());
        // and its provenance names the data by digest, the schema and the seed
        JsonNode provenance = metrics.get("provenance");
        assertEquals(HexFormat.of().formatHex(TrainingPipeline.sha256(csv)), provenance.get("data_sha256").asText());
        byte[] headerDigest = new byte[16];
        parsed.copyDataDigest(headerDigest, 0);
        assertEquals(provenance.get("data_sha256").asText().substring(0, 32), HexFormat.of().formatHex(headerDigest));
        assertEquals("tiny", provenance.get("schema").asText());
        assertEquals(o.binary().options().seed(), provenance.get("seed").asLong());
        for (String png : new String[] {"confusion-binary.png", "roc.png", "pr.png", "importance.png", "agreement.png"}) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        }
        assertTrue(Files.readString(out.resolve(TrainingPipeline.REPORT)).contains("binary F1"));
        TrafficProfile p = TrafficProfile.read(out.resolve(TrainingPipeline.PROFILE));
        assertEquals(Set.of("benign", "bruteforce", "exfil"), p.classes().keySet());
        long[] sample = p.sample("bruteforce", new Random(1));
        assertTrue(sample[1] >= 5, "bruteforce rows have at least 5 failed handshakes");
        // and no key material reached the log
        String privateHex = Files.readAllLines(key).get(1);
        assertTrue(!log.toString(StandardCharsets.UTF_8).contains(privateHex));
    }

    @Test
    void a_robust_run_trains_the_plain_and_the_robust_model_on_one_split_and_reports_both() throws Exception {
        // given the tiny data set where the attacker controls bytes_in (exfiltration can shrink it)
        Path csv = tinyCsv();
        Path schemaFile = dir.resolve("tiny.properties");
        Files.writeString(schemaFile, Files.readString(schemaFile) + "feature.bytes_in.attacker=0..10000000\n");
        Path out = dir.resolve("robust");
        Path key = dir.resolve("keys/model.key");
        TrainConfig config = new TrainConfig(csv, Schema.read(schemaFile), out, TrainOptions.defaults(Task.BINARY),
                0, false, Set.of(), 0.7, 0.15, key, 5, 2, false, 4096);
        // when
        TrainingOutcome o = new TrainingPipeline(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                io.dynakey.trainer.data.ProgressListener.NONE).run(config);
        // then metrics.json carries both models at the budget, and the robust one evades no more often
        JsonNode r = Json.read(Files.readString(out.resolve(TrainingPipeline.METRICS))).get("robustness");
        assertEquals(4096, r.get("epsilon").asInt());
        for (String side : new String[] {"plain", "robust"}) {
            for (String k : new String[] {"f1", "evasion_rate", "certified_accuracy"}) {
                double v = r.get(side).get(k).asDouble();
                assertTrue(v >= 0 && v <= 1, side + "." + k + " = " + v);
            }
        }
        assertEquals(o.binaryEval().attackF1(), r.get("plain").get("f1").asDouble(), 1e-9, "plain = the run's binary model");
        assertTrue(r.get("robust").get("evasion_rate").asDouble() <= r.get("plain").get("evasion_rate").asDouble());
        // and the robust model is signed, and its plot is in the report
        ModelVerifier.verify(Files.readAllBytes(out.resolve(TrainingPipeline.ROBUST_MODEL)),
                SigningKey.loadPublic(TrainingPipeline.publicKeyFile(key)));
        assertTrue(Files.size(out.resolve("robustness.png")) > 1000);
        assertTrue(Files.readString(out.resolve(TrainingPipeline.REPORT)).contains("Robustness"));
    }
}
