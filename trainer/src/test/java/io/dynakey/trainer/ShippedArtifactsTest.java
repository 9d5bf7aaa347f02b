package io.dynakey.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.trainer.export.DeviceCheck;
import io.dynakey.trainer.profile.TrafficProfile;
import io.dynakey.trainer.sign.ModelVerifier;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShippedArtifactsTest {

    @Test
    void the_shipped_model_verifies_with_the_shipped_public_key() throws Exception {
        var m = ModelVerifier.verify(ShippedArtifacts.model(), ShippedArtifacts.publicKey());
        assertEquals(2, m.classCount());
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
