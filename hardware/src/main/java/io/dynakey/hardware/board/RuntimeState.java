package io.dynakey.hardware.board;

import io.dynakey.device.features.FeatureWindows;
import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.governor.PolicyTable;
import io.dynakey.device.governor.RotationGovernor;
import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;

/**
 * Measures the device runtime's retained state: what a board keeps in its Java heap for dynakey
 * (the parsed model and its evaluator tables, the feature windows, the governor and its policy
 * table, the two key slots and the protocol buffers), built for real and then counted object by
 * object under a 32-bit layout (8-byte headers, 4-byte references; see {@link DeepSize}).
 */
public final class RuntimeState {

    /** Buckets per feature window the device keeps (one hour of 5-minute samples). */
    public static final int WINDOW_DEPTH = 12;
    /** Key slot record (epoch, PSK, identity) and the rotation message buffers, bytes. */
    public static final int KEY_SLOTS_AND_BUFFERS = 2 * 96 + 2 * 512;

    private RuntimeState() {
    }

    /** Retained bytes of the runtime state for a model file. */
    public static long measure(byte[] modelFile) throws ModelFormatException {
        return DeepSize.of(build(modelFile));
    }

    /**
     * Retained bytes of the parsed model and its evaluator alone (the stored file included), as
     * {@link #measure} counts them: what the model costs the heap.
     */
    public static long modelBytes(byte[] modelFile) throws ModelFormatException {
        TinyModel model = TinyModel.parse(modelFile.clone());
        return DeepSize.of(model, new ForestEvaluator(model));
    }

    private static Object[] build(byte[] modelFile) throws ModelFormatException {
        byte[] stored = modelFile.clone();
        TinyModel model = TinyModel.parse(stored);
        ForestEvaluator evaluator = new ForestEvaluator(model);
        long[] features = new long[model.featureCount()];
        FeatureWindows windows = new FeatureWindows(WINDOW_DEPTH, 32);
        PolicyTable table = new PolicyTable(GroupPolicy.builder().build(), 8);
        RotationGovernor governor = new RotationGovernor(table, 0, 0);
        byte[] slotsAndBuffers = new byte[KEY_SLOTS_AND_BUFFERS];
        return new Object[] {model, evaluator, features, windows, table, governor, slotsAndBuffers};
    }
}
