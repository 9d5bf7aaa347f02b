package io.dynakey.trainer.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.models.FeatureSpec;
import io.dynakey.models.FeatureUnits;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.models.TreeNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningTest {

    @TempDir
    Path dir;

    private static byte[] model() {
        return new TinyModelWriter(7, 3, 2).addFeature(new FeatureSpec(1, FeatureUnits.BYTES, 0, QuantizerSpec.fitLinear(0, 1000)))
                .addTree(TreeNode.split(0, 100, TreeNode.leaf(0, 0), TreeNode.leaf(1, 255))).toBytes();
    }

    private static byte[] signed(SigningKey key) {
        byte[] file = model();
        TinyModelWriter.attachSignature(file, key.sign(file, 0, TinyModelWriter.signedLength(file)));
        return file;
    }

    @Test
    void a_signed_model_verifies_as_on_the_device() throws Exception {
        try (SigningKey key = SigningKey.generate()) {
            var m = ModelVerifier.verify(signed(key), key.publicKey());
            assertEquals(7, m.modelId());
            assertEquals(3, m.modelVersion());
        }
    }

    @Test
    void any_flipped_byte_is_refused() throws Exception {
        try (SigningKey key = SigningKey.generate()) {
            byte[] good = signed(key);
            for (int i = 0; i < good.length; i++) {
                byte[] bad = good.clone();
                bad[i] ^= 0x01;
                int at = i;
                assertThrows(ModelVerifier.Refused.class, () -> ModelVerifier.verify(bad, key.publicKey()), "byte " + at);
            }
        }
    }

    @Test
    void another_key_is_refused() throws Exception {
        try (SigningKey key = SigningKey.generate(); SigningKey other = SigningKey.generate()) {
            ModelVerifier.Refused e = assertThrows(ModelVerifier.Refused.class,
                    () -> ModelVerifier.verify(signed(key), other.publicKey()));
            assertTrue(e.getMessage().contains("signature"), e.getMessage());
        }
    }

    @Test
    void the_private_key_file_is_owner_only_and_round_trips() throws Exception {
        Path priv = dir.resolve("k/model.key");
        Path pub = dir.resolve("k/model.key.pub");
        try (SigningKey key = SigningKey.generate()) {
            key.save(priv, pub);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
            try (SigningKey loaded = SigningKey.load(priv)) {
                assertArrayEquals(key.publicKey(), loaded.publicKey());
            }
            assertArrayEquals(key.publicKey(), SigningKey.loadPublic(pub));
            assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> key.save(priv, pub));
        }
    }

    @Test
    void a_private_key_file_readable_by_others_is_refused() throws Exception {
        Path priv = dir.resolve("open.key");
        try (SigningKey key = SigningKey.generate()) {
            key.save(priv, dir.resolve("open.key.pub"));
        }
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> SigningKey.load(priv));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void the_private_key_never_shows_in_to_string() throws Exception {
        Path priv = dir.resolve("s.key");
        try (SigningKey key = SigningKey.generate()) {
            key.save(priv, dir.resolve("s.key.pub"));
            String secretHex = Files.readAllLines(priv).get(1);
            assertFalse(key.toString().contains(secretHex));
            assertTrue(key.toString().contains(HexFormat.of().formatHex(key.publicKey())));
        }
    }
}
