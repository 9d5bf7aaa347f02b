package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.gateway.store.KeyFiles;
import io.dynakey.models.ModelFiles;
import io.dynakey.models.ModelFormat;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, F2, F9 and the gateway's side of F8: one shared model body, files checked before they are read, signatures checked at start. */
class ModelServiceTest {

    static final Path MODEL = Path.of("../tiny-models/src/test/resources/golden/forest-10.dktm");

    @TempDir
    Path dir;

    @Test
    void every_download_shares_one_body_instead_of_pinning_a_copy() {
        ModelService models = ModelService.load(MODEL.toString(), 256 * 1024, null, true);
        Reply first = models.handle(Caller.device("a", 1), new byte[0]);
        Reply second = models.handle(Caller.device("b", 1), new byte[0]);
        assertSame(first.payload(), second.payload(), "Californium keeps each Block2 body; a copy per GET adds up");
    }

    @Test
    void a_file_above_the_published_limit_is_refused_before_it_is_read() throws Exception {
        Path big = dir.resolve("big.dkm");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GiB that would take seconds and gigabytes to read whole
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelService.load(big.toString(), 4096, null, true));
        assertTrue(e.getMessage().contains("larger than gateway.model.max-bytes (4096)"), e.getMessage());
        int size = (int) Files.size(MODEL);
        e = assertThrows(IllegalArgumentException.class, () -> ModelService.load(MODEL.toString(), size - 1, null, true));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void a_missing_file_or_a_folder_is_a_one_line_error_naming_it() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelService.load(dir.resolve("nope.dkm").toString(), 4096, null, true));
        assertEquals("model file " + dir.resolve("nope.dkm") + " does not exist", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelService.load(dir.toString(), 4096, null, true));
        assertEquals("model file " + dir + " is not a regular file", e.getMessage());
    }

    @Test
    void a_model_is_served_only_when_it_verifies_with_the_configured_key_unless_unverified_is_allowed() throws Exception {
        SignedModels.Signed signed = SignedModels.golden(dir);
        byte[] key = KeyFiles.readPublic(signed.publicKey(), "model-signing public key", 32);
        ModelService ok = ModelService.load(signed.model().toString(), 16 * 1024, key, false);
        assertArrayEquals(signed.bytes(), ok.handle(Caller.device("a", 1), new byte[0]).payload());

        // no key: refused unless told otherwise
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelService.load(signed.model().toString(), 16 * 1024, null, false));
        assertTrue(e.getMessage().contains("cannot be verified: set gateway.model.public-key-file"), e.getMessage());
        assertEquals(signed.bytes().length, ModelService.load(signed.model().toString(), 16 * 1024, null, true)
                .handle(Caller.device("a", 1), new byte[0]).payload().length);

        // another key, or one flipped byte of the signed part: refused
        byte[] other = key.clone();
        other[0] ^= 1;
        e = assertThrows(IllegalArgumentException.class, () -> ModelService.load(signed.model().toString(), 16 * 1024, other, false));
        assertTrue(e.getMessage().contains("does not verify with gateway.model.public-key-file"), e.getMessage());
        byte[] tampered = signed.bytes().clone();
        tampered[ModelFormat.OFF_MODEL_VERSION] ^= 1; // a "newer" version
        ModelFiles.fixCrc(tampered); // structurally valid, so only the signature can catch it
        Path t = Files.write(dir.resolve("tampered.dktm"), tampered);
        e = assertThrows(IllegalArgumentException.class, () -> ModelService.load(t.toString(), 16 * 1024, key, false));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    @Test
    void a_public_key_file_with_comments_reads_and_a_bad_one_is_a_one_line_error() throws Exception {
        Path good = Files.writeString(dir.resolve("k.pub"), "  # comment\n" + "ab".repeat(16) + "\n" + "cd".repeat(16) + "\n# end\n");
        byte[] key = KeyFiles.readPublic(good, "model-signing public key", 32);
        assertEquals((byte) 0xab, key[0]);
        assertEquals((byte) 0xcd, key[31]);
        Path shortKey = Files.writeString(dir.resolve("short.pub"), "abcd\n");
        IOException e = assertThrows(IOException.class, () -> KeyFiles.readPublic(shortKey, "model-signing public key", 32));
        assertEquals("the model-signing public key in file " + shortKey + " must be 64 hex characters, not 4", e.getMessage());
        e = assertThrows(IOException.class, () -> KeyFiles.readPublic(dir.resolve("none.pub"), "model-signing public key", 32));
        assertEquals(dir.resolve("none.pub") + ": no such model-signing public key file", e.getMessage());
    }
}
