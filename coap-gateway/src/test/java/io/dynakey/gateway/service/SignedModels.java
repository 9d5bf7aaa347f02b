package io.dynakey.gateway.service;

import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.models.ModelFiles;
import io.dynakey.models.TinyModelWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Model files signed with a fresh key for tests, written with the public key file a gateway checks them with. */
public final class SignedModels {

    /** A model file and the public key file that verifies it. */
    public record Signed(Path model, Path publicKey, byte[] bytes) {
    }

    private SignedModels() {
    }

    /** Signs {@code unsigned} (a valid model file, trailer zeroed) with a fresh key; writes {@code NAME} and {@code NAME.pub} in {@code dir}. */
    public static Signed write(byte[] unsigned, Path dir, String name) throws Exception {
        byte[] priv = new byte[Ed25519Signatures.PRIVATE_KEY_LENGTH];
        new SecureRandom().nextBytes(priv);
        byte[] pub = new byte[Ed25519Signatures.PUBLIC_KEY_LENGTH];
        Ed25519Signatures.publicKey(priv, 0, pub, 0);
        byte[] file = unsigned.clone();
        int signed = TinyModelWriter.signedLength(file);
        byte[] sig = new byte[Ed25519Signatures.SIGNATURE_LENGTH];
        Ed25519Signatures.sign(priv, 0, pub, 0, file, 0, signed, sig, 0);
        TinyModelWriter.attachSignature(file, sig);
        Files.createDirectories(dir);
        Path model = Files.write(dir.resolve(name), file);
        Path key = Files.writeString(dir.resolve(name + ".pub"),
                "# test model-signing public key\n" + HexFormat.of().formatHex(pub) + "\n", StandardCharsets.US_ASCII);
        return new Signed(model, key, file);
    }

    /** The golden 10-tree forest of tiny-models (3.5 KB, seven blocks), signed. */
    public static Signed golden(Path dir) throws Exception {
        byte[] file = Files.readAllBytes(Path.of("..", "tiny-models", "src", "test", "resources", "golden", "forest-10.dktm"));
        return write(file, dir, "forest-10.dktm");
    }

    /** A random valid forest of about {@code trees} × 1.8 KB, signed. */
    public static Signed large(Path dir, int trees) throws Exception {
        return write(ModelFiles.randomModel(17, trees, 8, 12, 2), dir, "large.dktm");
    }
}
