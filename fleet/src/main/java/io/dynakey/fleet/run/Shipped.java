package io.dynakey.fleet.run;

import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.TinyModelRisk;
import io.dynakey.models.ModelFormatException;
import io.dynakey.trainer.ShippedArtifacts;
import io.dynakey.trainer.TrainingPipeline;
import io.dynakey.trainer.profile.TrafficProfile;
import io.dynakey.trainer.sign.BoundedFiles;
import io.dynakey.trainer.sign.ModelVerifier;
import io.dynakey.trainer.sign.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Inputs for machines without the data: the trainer's shipped artifact set
 * ({@link ShippedArtifacts}: a signed IoT-23 model, its public key and the traffic profile of the
 * data it was trained on), or a given model and profile. Every model is verified as a device
 * verifies it before it is used: the shipped one with the shipped public key, a given file with
 * the {@code model-signing.pub} the trainer writes beside it.
 */
public final class Shipped {

    private Shipped() {
    }

    /** Inputs from the shipped (or given) model and profile. */
    public static FleetInputs inputs(Path modelFile, Path profileFile) throws FleetException {
        try {
            byte[] model = modelFile != null ? readVerified(modelFile) : shippedModel();
            TrafficProfile p = profileFile != null ? TrafficProfile.read(profileFile) : ShippedArtifacts.profile();
            List<String> notes = new ArrayList<>();
            notes.add("traffic sampled from " + (profileFile != null ? "the traffic profile " + profileFile
                    : "the shipped traffic profile") + " (per-feature distributions of the real rows; "
                    + "feature correlations are not kept, so figures approximate a replay of the rows)");
            TinyModelRisk risk = new TinyModelRisk(model, modelFile != null ? modelFile.getFileName().toString()
                    : ShippedArtifacts.MODEL);
            notes.add("model: " + risk.describe() + (modelFile != null ? ", signature verified with "
                    + publicKeyFile(modelFile) : ", the shipped model, signature verified with the shipped public key ("
                    + "provenance: " + ShippedArtifacts.FOLDER + ShippedArtifacts.PROVENANCE + ")"));
            ProfileTraffic traffic = new ProfileTraffic(p);
            notes.add("learned policy: trained on the same profile under a seed of its own (other rows, other compromises)");
            return new FleetInputs(traffic, traffic, risk, model, notes);
        } catch (IOException e) {
            throw new FleetException("cannot read the model or profile: " + e.getMessage(), e);
        } catch (ModelFormatException e) {
            throw new FleetException("the model file is not valid: " + e.getMessage(), e);
        }
    }

    /** The shipped model, after its signature verified with the shipped public key. */
    static byte[] shippedModel() throws FleetException {
        try {
            return ShippedArtifacts.verifiedModel();
        } catch (ModelVerifier.Refused e) {
            throw new FleetException("the shipped model " + ShippedArtifacts.MODEL + " does not verify with the shipped "
                    + "public key " + ShippedArtifacts.PUBLIC_KEY + ": " + e.getMessage() + "; this build's artifacts are "
                    + "damaged, rebuild them (docs/trainer.md)", e);
        }
    }

    /**
     * Reads a model file (at most the format's 2 MiB, checked before it is read: {@link BoundedFiles})
     * and verifies its signature with the public key the trainer wrote beside it
     * ({@code model-signing.pub} in the same folder, else {@code FILE.pub}).
     *
     * @throws FleetException if there is no public key, or the file does not verify
     */
    public static byte[] readVerified(Path modelFile) throws FleetException {
        Path pub = publicKeyFile(modelFile);
        if (!Files.isRegularFile(pub)) {
            throw new FleetException("no public key to verify " + modelFile + " with: expected " + pub
                    + " (the trainer writes model-signing.pub beside every model it signs)");
        }
        try {
            byte[] model = BoundedFiles.readModel(modelFile);
            ModelVerifier.verify(model, SigningKey.loadPublic(pub));
            return model;
        } catch (IOException e) {
            throw new FleetException("cannot read the model or its public key: " + e.getMessage(), e);
        } catch (ModelVerifier.Refused e) {
            throw new FleetException("the model " + modelFile + " does not verify with " + pub + ": " + e.getMessage(), e);
        }
    }

    /** The public key file that verifies a model file. */
    static Path publicKeyFile(Path modelFile) {
        Path beside = modelFile.toAbsolutePath().resolveSibling(TrainingPipeline.PUBLIC_KEY);
        return Files.isRegularFile(beside) ? beside : Path.of(modelFile + ".pub");
    }
}
