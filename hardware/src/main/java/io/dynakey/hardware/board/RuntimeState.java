package io.dynakey.hardware.board;

import io.dynakey.device.features.FeatureWindows;
import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.governor.PolicyTable;
import io.dynakey.device.governor.RotationGovernor;
import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;
import java.lang.management.ManagementFactory;

/**
 * Measures the device runtime's retained state on this JVM: the bytes allocated while building
 * what a board keeps in its Java heap for dynakey (the parsed model and its evaluator tables,
 * the feature windows, the governor and its policy table, the two key slots and the protocol
 * buffers). HotSpot's object layout (12-byte headers, 8-byte alignment) is at least as large as
 * MicroEJ's, so the figure is an upper bound for the board.
 */
public final class RuntimeState {

    /** Buckets per feature window the device keeps (one hour of 5-minute samples). */
    public static final int WINDOW_DEPTH = 12;
    /** Key slot record (epoch, PSK, identity) and the rotation message buffers, bytes. */
    public static final int KEY_SLOTS_AND_BUFFERS = 2 * 96 + 2 * 512;

    private RuntimeState() {
    }

    /** Retained bytes of the runtime state for a model file, or -1 when the JVM cannot count allocations. */
    public static long measure(byte[] modelFile) throws ModelFormatException {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean counting) || !counting.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        counting.setThreadAllocatedMemoryEnabled(true);
        long tid = Thread.currentThread().getId();
        // warm up class loading so that it is not counted
        build(modelFile);
        long before = counting.getThreadAllocatedBytes(tid);
        Object[] keep = build(modelFile);
        long after = counting.getThreadAllocatedBytes(tid);
        if (keep.length == 0) {
            throw new IllegalStateException();
        }
        return after - before;
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
