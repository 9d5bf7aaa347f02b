package io.dynakey.trainer;

import io.dynakey.trainer.profile.TrafficProfile;
import io.dynakey.trainer.sign.ModelVerifier;
import io.dynakey.trainer.sign.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The one artifact set shipped in the jar, so that the demo runs without the data folder: a signed
 * IoT-23 model, the public key that verifies it, the IoT-23 traffic profile and feature table, the
 * model's metrics, its provenance (data digest, schema, seed, the command that rebuilds it) and
 * device groups from TON_IoT. No source rows are shipped. How they were made: {@link #PROVENANCE}
 * and {@code docs/trainer.md}.
 */
public final class ShippedArtifacts {

    /** Class-path folder of the shipped files. */
    public static final String FOLDER = "/io/dynakey/trainer/shipped/";
    /** Signed tiny-model file (binary benign/attack, IoT-23 flow features). */
    public static final String MODEL = "iot23-model.dktm";
    /** Public key (64 hex digits) that verifies {@link #MODEL}. */
    public static final String PUBLIC_KEY = TrainingPipeline.PUBLIC_KEY;
    /** Traffic profile the fleet simulator samples from. */
    public static final String PROFILE = "iot23-profile.properties";
    /** Model inputs: order, ids, units, scales, category codes, quantizers. */
    public static final String FEATURES = "iot23-features.properties";
    /** The model's metrics. */
    public static final String METRICS = "iot23-metrics.json";
    /** Device groups and per-group policies (TON_IoT device types). */
    public static final String GROUPS = "ton_iot-groups.properties";
    /** Where the set came from and the commands that rebuild it. */
    public static final String PROVENANCE = "provenance.properties";
    /** The keys {@link #PROVENANCE} must have. */
    public static final String[] PROVENANCE_KEYS = {"data.file", "data.sha256", "data.rows", "schema", "seed", "model",
            "model.id", "model.version", "command", "groups.command", "tribuo"};

    private ShippedArtifacts() {
    }

    /** @return the bytes of a shipped file */
    public static byte[] bytes(String name) {
        try (InputStream in = ShippedArtifacts.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("shipped artifact missing from the class path: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the signed model file, not yet verified (see {@link #verifiedModel()}) */
    public static byte[] model() {
        return bytes(MODEL);
    }

    /**
     * @return the signed model file, after its signature verified with {@link #publicKey()} and it
     *         parsed as the device parses it
     * @throws ModelVerifier.Refused if it does not verify
     */
    public static byte[] verifiedModel() throws ModelVerifier.Refused {
        byte[] file = model();
        ModelVerifier.verify(file, publicKey());
        return file;
    }

    /** @return the 32-byte Ed25519 public key that verifies the shipped model */
    public static byte[] publicKey() {
        try {
            return SigningKey.parsePublic(new String(bytes(PUBLIC_KEY), StandardCharsets.US_ASCII), FOLDER + PUBLIC_KEY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the traffic profile */
    public static TrafficProfile profile() {
        try {
            return TrafficProfile.read(new ByteArrayInputStream(bytes(PROFILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the provenance of the set ({@link #PROVENANCE_KEYS}) */
    public static Properties provenance() {
        Properties p = new Properties();
        try {
            p.load(new InputStreamReader(new ByteArrayInputStream(bytes(PROVENANCE)), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
