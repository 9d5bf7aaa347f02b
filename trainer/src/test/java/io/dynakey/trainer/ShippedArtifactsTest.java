package io.dynakey.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynakey.models.TinyModel;
import io.dynakey.trainer.data.DataLocation;
import io.dynakey.trainer.data.Schemas;
import io.dynakey.trainer.export.DeviceCheck;
import io.dynakey.trainer.profile.TrafficProfile;
import io.dynakey.trainer.report.Json;
import io.dynakey.trainer.sign.ModelVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShippedArtifactsTest {

    @Test
    void the_shipped_model_verifies_with_the_shipped_public_key() throws Exception {
        var m = ModelVerifier.verify(ShippedArtifacts.verifiedModel(), ShippedArtifacts.publicKey());
        assertEquals(2, m.classCount());
    }

    @Test
    void a_changed_byte_anywhere_in_the_shipped_model_fails_verification() {
        byte[] model = ShippedArtifacts.model();
        for (int at : new int[] {0, 40, model.length / 2, model.length - 1}) {
            byte[] tampered = model.clone();
            tampered[at] ^= 1;
            assertThrows(ModelVerifier.Refused.class, () -> ModelVerifier.verify(tampered, ShippedArtifacts.publicKey()),
                    "byte " + at);
        }
    }

    @Test
    void the_provenance_names_data_schema_seed_and_command_and_agrees_with_the_model_and_metrics() throws Exception {
        // given the provenance, the model and its metrics
        Properties p = ShippedArtifacts.provenance();
        TinyModel m = ModelVerifier.verify(ShippedArtifacts.model(), ShippedArtifacts.publicKey());
        JsonNode metrics = Json.read(new String(ShippedArtifacts.bytes(ShippedArtifacts.METRICS), StandardCharsets.UTF_8));
        // then every field is there
        for (String key : ShippedArtifacts.PROVENANCE_KEYS) {
            assertFalse(p.getProperty(key, "").isBlank(), key);
        }
        // and the model header carries the same data digest, seed, id and version
        byte[] sha256 = HexFormat.of().parseHex(p.getProperty("data.sha256"));
        assertEquals(32, sha256.length);
        byte[] header = new byte[16];
        m.copyDataDigest(header, 0);
        assertArrayEquals(Arrays.copyOf(sha256, 16), header);
        assertEquals(Long.parseLong(p.getProperty("seed")), m.seed());
        assertEquals(Long.parseLong(p.getProperty("model.id")), m.modelId());
        assertEquals(Long.parseLong(p.getProperty("model.version")), m.modelVersion());
        // and the schema is a shipped one, and the command rebuilds from it with the same seed and ids
        assertTrue(Schemas.NAMES.contains(p.getProperty("schema")));
        String command = p.getProperty("command");
        assertTrue(command.contains("--schema " + p.getProperty("schema")), command);
        assertTrue(command.contains("--model-id " + m.modelId()) && command.contains("--model-version " + m.modelVersion()), command);
        assertTrue(command.contains(p.getProperty("data.file")), command);
        // and the metrics describe this model, signed by this key
        assertEquals(HexFormat.of().formatHex(ShippedArtifacts.publicKey()), metrics.get("public_key").asText());
        assertEquals(ShippedArtifacts.model().length, metrics.get("model_bytes").asInt());
        assertEquals(p.getProperty("data.file"), metrics.get("data_file").asText());
        assertEquals(Long.parseLong(p.getProperty("data.rows")), metrics.get("rows").asLong());
        assertTrue(p.getProperty("model").startsWith(metrics.get("model").asText()), p.getProperty("model"));
    }

    @Test
    void the_recorded_data_digest_is_the_digest_of_the_shared_data_file() throws Exception {
        Properties p = ShippedArtifacts.provenance();
        Optional<Path> csv = DataLocation.train("iot23/" + p.getProperty("data.file"));
        if (csv.isEmpty()) {
            System.out.println("SKIPPED: shared data not found; " + DataLocation.PUBLISHED);
        }
        assumeTrue(csv.isPresent());
        assertEquals(p.getProperty("data.sha256"), HexFormat.of().formatHex(TrainingPipeline.sha256(csv.get())));
    }

    @Test
    void profile_samples_of_attacks_score_riskier_than_benign_samples_on_the_shipped_model() throws Exception {
        TrafficProfile p = ShippedArtifacts.profile();
        DeviceCheck device = DeviceCheck.of(ShippedArtifacts.model());
        Random rng = new Random(7);
        long benign = 0;
        long ddos = 0;
        for (int i = 0; i < 2000; i++) {
            benign += device.riskPermille(p.sample("benign", rng));
            ddos += device.riskPermille(p.sample("ddos", rng));
        }
        assertTrue(ddos > benign, "ddos risk " + ddos / 2000 + " vs benign " + benign / 2000);
    }
}
