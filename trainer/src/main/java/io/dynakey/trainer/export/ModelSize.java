package io.dynakey.trainer.export;

import io.dynakey.models.ModelFormat;

/** Exact size of a tiny-model file from its counts (see {@code docs/model-format.md}). */
public final class ModelSize {

    private ModelSize() {
    }

    /** @return file bytes, signature trailer included */
    public static long bytes(int features, int trees, int splitNodes, int leaves) {
        return (long) ModelFormat.HEADER_SIZE + (long) features * ModelFormat.FEATURE_RECORD_SIZE
                + (long) trees * ModelFormat.TREE_RECORD_SIZE + (long) splitNodes * ModelFormat.NODE_SIZE
                + (long) leaves * ModelFormat.LEAF_SIZE + ModelFormat.CRC_SIZE + ModelFormat.SIGNATURE_SIZE;
    }
}
