package io.dynakey.device.features;

import io.dynakey.models.FeatureIds;

/**
 * Where each feature goes in a model's input vector: the model's feature schema (feature id per
 * input slot) resolved once, at model load, so that {@link FeatureWindows#fill} only copies.
 *
 * <p>Slots whose id the windows do not compute (connection-level or application-defined ids) are
 * left untouched by {@code fill}; the caller writes them. Immutable; allocates only when built.
 */
public final class FeatureLayout {

    /** Largest feature id the windows compute. */
    static final int LAST_COMPUTED_ID = FeatureIds.SECONDS_SINCE_ROTATION;

    private final int[] idOfSlot;
    private final boolean[] computed;
    private final int computedCount;

    /**
     * Resolves a schema.
     *
     * @param featureIds feature id of each input slot, in the model's order; copied
     * @param off first id in {@code featureIds}
     * @param count number of slots
     * @throws IllegalArgumentException when an id is outside {@code 1..FeatureIds.MAX_ID} or repeats
     */
    public FeatureLayout(int[] featureIds, int off, int count) {
        if (featureIds == null || off < 0 || count < 0 || off > featureIds.length - count) {
            throw new IllegalArgumentException("feature ids: bad range");
        }
        idOfSlot = new int[count];
        computed = new boolean[count];
        boolean[] seen = new boolean[FeatureIds.MAX_ID + 1];
        int n = 0;
        for (int slot = 0; slot < count; slot++) {
            int id = featureIds[off + slot];
            if (id < 1 || id > FeatureIds.MAX_ID) {
                throw new IllegalArgumentException("feature id " + id + " at slot " + slot + " is out of range");
            }
            if (seen[id]) {
                throw new IllegalArgumentException("feature id " + id + " repeats at slot " + slot);
            }
            seen[id] = true;
            idOfSlot[slot] = id;
            computed[slot] = id <= LAST_COMPUTED_ID;
            if (computed[slot]) {
                n++;
            }
        }
        computedCount = n;
    }

    /** Number of input slots. */
    public int slotCount() {
        return idOfSlot.length;
    }

    /** The feature id of a slot. */
    public int featureId(int slot) {
        return idOfSlot[slot];
    }

    /** Whether {@link FeatureWindows#fill} writes this slot. */
    public boolean isComputed(int slot) {
        return computed[slot];
    }

    /** Number of slots {@link FeatureWindows#fill} writes. */
    public int computedCount() {
        return computedCount;
    }
}
