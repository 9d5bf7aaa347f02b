package io.dynakey.gateway.service;

import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The signed model file the gateway serves at {@code GET /model} (block-wise: the adapter splits
 * it into 512-byte Block2 blocks) and whose version it reports with telemetry answers. The file
 * is parsed once at start, so a malformed one fails the start instead of reaching devices; the
 * devices check its signature themselves before use. Immutable and thread-safe.
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
     * checked before anything is read, and at most {@code maxBytes + 1} bytes are ever read.
     *
     * @throws IllegalArgumentException naming the file: missing, not a regular file, larger than
     *                                  {@code maxBytes}, or not a valid model
     */
    public static ModelService load(String path, int maxBytes) {
        if (path == null) {
            return new ModelService(null, null);
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + path + (Files.exists(file) ? " is not a regular file" : " does not exist"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (Files.size(file) > maxBytes) {
                throw new IllegalArgumentException("model file " + path + " is larger than gateway.model.max-bytes (" + maxBytes + ")");
            }
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IllegalArgumentException("model file " + path + " is larger than gateway.model.max-bytes (" + maxBytes + ")");
            }
            return new ModelService(bytes, TinyModel.parse(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + path + ": " + e.getMessage(), e);
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException("model file " + path + " is not a valid model: " + e.getMessage(), e);
        }
    }

    /** A service serving {@code bytes} (already a parsed, valid model file). */
    public static ModelService of(byte[] bytes) throws ModelFormatException {
        return new ModelService(bytes.clone(), TinyModel.parse(bytes));
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
