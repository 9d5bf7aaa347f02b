package io.dynakey.ledger.event;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A signed model was published to the fleet.
 *
 * @param modelId      model id, 1..64 printable ASCII characters
 * @param modelVersion model version, 0..2^32-1
 * @param fileSha256   SHA-256 of the whole signed model file (32 bytes; copied in and out)
 */
public record ModelPublished(String modelId, long modelVersion, byte[] fileSha256) implements EventBody {

    /** Length of the model file digest. */
    public static final int DIGEST_LENGTH = 32;

    public ModelPublished {
        Ids.require(modelId, "modelId");
        Ids.requireU32(modelVersion, "modelVersion");
        if (fileSha256 == null || fileSha256.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("fileSha256 must have 32 bytes");
        }
        fileSha256 = fileSha256.clone();
    }

    @Override
    public byte[] fileSha256() {
        return fileSha256.clone();
    }

    @Override
    public EventType type() {
        return EventType.MODEL_PUBLISHED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelPublished m && modelId.equals(m.modelId) && modelVersion == m.modelVersion
                && Arrays.equals(fileSha256, m.fileSha256);
    }

    @Override
    public int hashCode() {
        return (modelId.hashCode() * 31 + Long.hashCode(modelVersion)) * 31 + Arrays.hashCode(fileSha256);
    }

    @Override
    public String toString() {
        return "ModelPublished[modelId=" + modelId + ", modelVersion=" + modelVersion
                + ", fileSha256=" + HexFormat.of().formatHex(fileSha256) + "]";
    }
}
