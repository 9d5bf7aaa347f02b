package io.dynakey.fleet.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.fleet.FleetException;
import io.dynakey.trainer.ShippedArtifacts;
import io.dynakey.trainer.TrainingPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedTest {

    @TempDir
    Path dir;

    /** A copy of the shipped model with the public key beside it, as the trainer lays out its output. */
    private Path copyOfTheShippedSet() throws Exception {
        Path model = dir.resolve("model.dktm");
        Files.write(model, ShippedArtifacts.model());
        Files.write(dir.resolve(TrainingPipeline.PUBLIC_KEY), ShippedArtifacts.bytes(ShippedArtifacts.PUBLIC_KEY));
        Files.write(dir.resolve("profile.properties"), ShippedArtifacts.bytes(ShippedArtifacts.PROFILE));
        return model;
    }

    @Test
    void without_files_the_run_uses_the_shipped_model_and_says_it_verified() throws Exception {
        FleetInputs in = Shipped.inputs(null, null);
        assertArrayEquals(ShippedArtifacts.model(), in.modelFile());
        assertTrue(in.notes().stream().anyMatch(n -> n.contains("signature verified")), in.notes().toString());
    }

    @Test
    void a_given_model_verifies_with_the_public_key_beside_it() throws Exception {
        Path model = copyOfTheShippedSet();
        FleetInputs in = Shipped.inputs(model, dir.resolve("profile.properties"));
        assertArrayEquals(ShippedArtifacts.model(), in.modelFile());
    }

    @Test
    void a_tampered_copy_is_refused_before_use_and_the_message_says_why() throws Exception {
        // given a copy with one bit of a threshold table changed
        Path model = copyOfTheShippedSet();
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 1;
        Files.write(model, bytes);
        // when / then
        FleetException e = assertThrows(FleetException.class, () -> Shipped.inputs(model, dir.resolve("profile.properties")));
        assertTrue(e.getMessage().contains("does not verify") && e.getMessage().contains("signature"), e.getMessage());
    }

    @Test
    void a_model_signed_by_another_key_is_refused() throws Exception {
        // given the shipped model beside a public key that is not its signer's
        Path model = copyOfTheShippedSet();
        try (var other = io.dynakey.trainer.sign.SigningKey.generate()) {
            other.writePublic(dir.resolve(TrainingPipeline.PUBLIC_KEY));
        }
        FleetException e = assertThrows(FleetException.class, () -> Shipped.readVerified(model));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    @Test
    void a_model_without_a_public_key_is_refused() throws Exception {
        Path model = dir.resolve("lonely.dktm");
        Files.write(model, ShippedArtifacts.model());
        FleetException e = assertThrows(FleetException.class, () -> Shipped.readVerified(model));
        assertTrue(e.getMessage().contains("no public key"), e.getMessage());
    }

    @Test
    void a_model_file_over_the_format_limit_or_endless_is_refused_before_it_is_read_whole() throws Exception {
        // given a 3 MB sparse file and /dev/zero, each with a public key beside it (issue 17 F8)
        copyOfTheShippedSet();
        Path sparse = dir.resolve("sparse.dktm");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L * 1024 * 1024);
        }
        Path zero = Files.createSymbolicLink(dir.resolve("zero.dktm"), Path.of("/dev/zero"));
        for (Path model : new Path[] {sparse, zero}) {
            // when / then: refused with the limit named (and /dev/zero ends at all, after at most 2 MiB + 1 byte)
            FleetException e = assertThrows(FleetException.class, () -> Shipped.readVerified(model));
            assertTrue(e.getMessage().contains(model + ": larger than a model file may be (2 MiB)"), e.getMessage());
        }
    }
}
