package io.dynakey.fleet.run;

import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.TinyModelRisk;
import io.dynakey.trainer.profile.TrafficProfile;
import io.dynakey.models.ModelFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The derived artifacts dynakey ships for machines without the data: a signed demo model and the
 * traffic profile of the data it was trained on (class-path resources under {@code demo/}).
 */
public final class Shipped {

    /** Class-path location of the shipped model. */
    public static final String MODEL = "demo/iot23-model.dktm";
    /** Class-path location of the shipped traffic profile. */
    public static final String PROFILE = "demo/iot23-traffic-profile.properties";

    private Shipped() {
    }

    /** The shipped model file, or {@code null} when this build has none. */
    public static byte[] model() throws IOException {
        return resource(MODEL);
    }

    /** Inputs from the shipped (or given) model and profile. */
    public static FleetInputs inputs(Path modelFile, Path profileFile) throws FleetException {
        try {
            byte[] model = modelFile != null ? Files.readAllBytes(modelFile) : resource(MODEL);
            byte[] profile = profileFile != null ? Files.readAllBytes(profileFile) : resource(PROFILE);
            if (profile == null) {
                throw new FleetException("no traffic profile in this build and no --data: give --data FILE.csv "
                        + "(IoT-23: Stratosphere Lab, doi 10.5281/zenodo.4743746) or --profile FILE");
            }
            List<String> notes = new ArrayList<>();
            TrafficProfile p = TrafficProfile.read(new java.io.ByteArrayInputStream(profile));
            notes.add("traffic sampled from the shipped traffic profile (per-feature distributions of the real rows; "
                    + "feature correlations are not kept, so figures approximate a replay of the rows)");
            TinyModelRisk risk = null;
            if (model != null) {
                risk = new TinyModelRisk(model, modelFile != null ? modelFile.getFileName().toString() : MODEL);
                notes.add("model: " + risk.describe());
            } else {
                notes.add("no model in this build: the adaptive policy is skipped");
            }
            return new FleetInputs(new ProfileTraffic(p), risk, model, notes);
        } catch (IOException e) {
            throw new FleetException("cannot read the model or profile: " + e.getMessage(), e);
        } catch (ModelFormatException e) {
            throw new FleetException("the model file is not valid: " + e.getMessage(), e);
        }
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Shipped.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
