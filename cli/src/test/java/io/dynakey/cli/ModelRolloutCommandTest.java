package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.trainer.ShippedArtifacts;
import io.dynakey.trainer.sign.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dynakey model resign|publish|promote|rollback|status} against a gateway's data directory. */
class ModelRolloutCommandTest {

    @TempDir
    Path dir;

    @Test
    void a_group_is_published_promoted_rolled_back_by_a_resigned_model_and_shown() throws Exception {
        Path priv = dir.resolve("model.key");
        Path pub = dir.resolve("model.pub");
        try (SigningKey k = SigningKey.generate()) {
            k.save(priv, pub);
        }
        Path v1 = dir.resolve("v1.dktm");
        Files.write(v1, TinyModelWriter.withModelVersion(ShippedArtifacts.model(), 1));
        Path config = Files.writeString(dir.resolve("gw.properties"), "gateway.data-dir=" + dir.resolve("data") + "\n"
                + "gateway.model.public-key-file=" + pub + "\n");
        String[] on = {"--config", config.toString(), "--group", "3"};

        assertEquals(0, CliRun.of("model", "resign", "--file", v1.toString(), "--model-version", "1", "--key", priv.toString(),
                "--out", v1.toString()).code());
        CliRun v2 = CliRun.of("model", "resign", "--file", v1.toString(), "--model-version", "2", "--key", priv.toString(),
                "--out", dir.resolve("v2.dktm").toString());
        assertEquals(0, v2.code(), v2.all());
        CliRun p = run("publish", on, "--file", v1.toString(), "--canary-share", "250");
        assertEquals(0, p.code(), p.all());
        assertTrue(p.out().contains("canary version 1 on 25.0 %"), p.out());
        assertEquals(0, run("promote", on).code());
        assertEquals(0, run("publish", on, "--file", dir.resolve("v2.dktm").toString()).code());
        CliRun old = run("rollback", on, "--restore", v1.toString());
        assertEquals(2, old.code(), "the old file is not newer: " + old.all());
        assertTrue(old.err().contains("not newer"), old.err());
        assertEquals(0, CliRun.of("model", "resign", "--file", v1.toString(), "--model-version", "3", "--key", priv.toString(),
                "--out", dir.resolve("v3.dktm").toString()).code());
        CliRun back = run("rollback", on, "--restore", dir.resolve("v3.dktm").toString());
        assertEquals(0, back.code(), back.all());
        assertTrue(back.out().contains("stable version 3"), back.out());
        CliRun status = run("status", on);
        assertTrue(status.out().contains("kept versions [1, 2, 3]"), status.out());

        try (Gateway g = Gateway.open(GatewayConfig.builder().load(config).build())) {
            TinyModel restored = TinyModel.parse(Files.readAllBytes(dir.resolve("v3.dktm")));
            assertEquals(3, restored.modelVersion());
            assertEquals(3, g.rollouts().status("3").state().stableVersion(), "the step is in the store");
        }
    }

    private static CliRun run(String cmd, String[] on, String... more) {
        String[] args = new String[2 + on.length + more.length];
        args[0] = "model";
        args[1] = cmd;
        System.arraycopy(on, 0, args, 2, on.length);
        System.arraycopy(more, 0, args, 2 + on.length, more.length);
        return CliRun.of(args);
    }
}
