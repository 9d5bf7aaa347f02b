package io.dynakey.gateway.service;

import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.ModelSignature;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The signed model file the gateway serves at {@code GET /model} (block-wise: the adapter serves
 * one 512-byte Block2 block of this one body per request) and scores telemetry with. The file is
 * parsed and its signature checked once at start, so a malformed or unverified one fails the
 * start instead of reaching devices or scores; the devices check the signature again themselves
 * before use. Immutable and thread-safe.
 */
public final class ModelService implements Handler {

    private final byte[] file;
    private final TinyModel model;

    private ModelService(byte[] file, TinyModel model) {
        this.file = file;
        this.model = model;
    }

    /**
     * The model at {@code path}, or a service without a model when {@code path} is null. The size is
     * checked before anything is read, and at most {@code maxBytes + 1} bytes are ever read. The
     * signature must verify with {@code publisherKey}; with no key the model is accepted only if
     * {@code allowUnverified}.
     *
     * @param publisherKey the 32-byte Ed25519 model-signing public key, or null
     * @throws IllegalArgumentException naming the file: missing, not a regular file, larger than
     *                                  {@code maxBytes}, not a valid model, not verified
     */
    public static ModelService load(String path, int maxBytes, byte[] publisherKey, boolean allowUnverified) {
        if (path == null) {
            return new ModelService(null, null);
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + path + (Files.exists(file) ? " is not a regular file" : " does not exist"));
        }
        if (publisherKey == null && !allowUnverified) {
            throw new IllegalArgumentException("model file " + path + " cannot be verified: set gateway.model.public-key-file"
                    + " (or gateway.model.allow-unverified=true to serve it unchecked)");
        }
        TinyModel model;
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            if (Files.size(file) > maxBytes) {
                throw new IllegalArgumentException("model file " + path + " is larger than gateway.model.max-bytes (" + maxBytes + ")");
            }
            bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IllegalArgumentException("model file " + path + " is larger than gateway.model.max-bytes (" + maxBytes + ")");
            }
            model = TinyModel.parse(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + path + ": " + e.getMessage(), e);
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException("model file " + path + " is not a valid model: " + e.getMessage(), e);
        }
        if (publisherKey != null) {
            try {
                ModelSignature.verify(publisherKey, 0, model);
            } catch (CryptoException e) {
                throw new IllegalArgumentException("model file " + path + " does not verify with gateway.model.public-key-file ("
                        + e.getMessage() + ")", e);
            }
        }
        return new ModelService(bytes, model);
    }

    /**
     * A model published while the gateway runs: {@code file} must be a valid model of at most
     * {@code maxBytes} whose signature verifies with {@code publisherKey} (there is no unverified
     * path here). The bytes are copied.
     *
     * @throws IllegalArgumentException when it is too large, not a valid model, or not signed by that key
     */
    public static ModelService verified(byte[] file, int maxBytes, byte[] publisherKey) {
        if (publisherKey == null) {
            throw new IllegalArgumentException("publishing a model needs gateway.model.public-key-file");
        }
        if (file.length > maxBytes) {
            throw new IllegalArgumentException("the model is larger than gateway.model.max-bytes (" + maxBytes + ")");
        }
        byte[] bytes = file.clone();
        TinyModel model;
        try {
            model = TinyModel.parse(bytes);
            ModelSignature.verify(publisherKey, 0, model);
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException("not a valid model: " + e.getMessage(), e);
        } catch (CryptoException e) {
            throw new IllegalArgumentException("the model does not verify with gateway.model.public-key-file", e);
        }
        return new ModelService(bytes, model);
    }

    /** SHA-256 of the served file (32 bytes), or null when there is none. */
    public byte[] fileSha256() {
        if (file == null) {
            return null;
        }
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(file);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The served file itself (not copied; null when there is none). */
    byte[] file() {
        return file;
    }

    /** The served model's version, 0 when there is none. */
    public long modelVersion() {
        return model == null ? 0 : model.modelVersion();
    }

    /** The parsed model, or null. */
    public TinyModel model() {
        return model;
    }

    @Override
    public Reply handle(Caller caller, byte[] payload) {
        if (!caller.isDevice()) {
            return Reply.error(Reply.Code.FORBIDDEN, "devices only");
        }
        if (file == null) {
            return Reply.error(Reply.Code.NOT_FOUND, "no model published");
        }
        // one immutable body shared by every download: Californium keeps it per Block2 transfer, so a copy each
        // would let a few hundred first-block GETs pin hundreds of copies
        return Reply.ok(Reply.Code.CONTENT, file);
    }
}
