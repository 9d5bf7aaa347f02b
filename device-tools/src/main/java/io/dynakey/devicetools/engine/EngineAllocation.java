package io.dynakey.devicetools.engine;

import io.dynakey.device.features.FeatureLayout;
import io.dynakey.device.features.FeatureWindows;
import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.governor.PolicyTable;
import io.dynakey.device.governor.RotationGovernor;
import io.dynakey.device.hal.Telemetry;
import java.lang.management.ManagementFactory;

/**
 * Bytes allocated per call by the engine's hot paths, measured with
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} after a JIT warm-up.
 *
 * @param calls calls measured per path
 * @param featureBytesPerCall bytes per {@code FeatureWindows.sample} + {@code fill}
 * @param governorBytesPerCall bytes per {@code RotationGovernor.decide}
 */
public record EngineAllocation(int calls, double featureBytesPerCall, double governorBytesPerCall) {

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Measures both paths, {@code calls} times each after as many warm-up calls. */
    public static EngineAllocation measure(int calls) {
        long[] counters = new long[Telemetry.COUNTER_COUNT];
        Telemetry board = id -> counters[id];
        FeatureWindows windows = new FeatureWindows(16, 32);
        int[] ids = new int[15];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        FeatureLayout layout = new FeatureLayout(ids, 0, ids.length);
        long[] input = new long[ids.length];
        RotationGovernor governor = new RotationGovernor(
            new PolicyTable(GroupPolicy.builder().rateLimit(3, 60).hardLimits(3600, 100_000).build(), 0), 0, 0);

        long featureBytes = 0;
        long governorBytes = 0;
        for (int round = 0; round < 2; round++) {
            long id = Thread.currentThread().getId();
            long t0 = THREADS.getThreadAllocatedBytes(id);
            for (int i = 0; i < calls; i++) {
                counters[Telemetry.BYTES_IN] = (counters[Telemetry.BYTES_IN] + 1500) & 0xFFFFFFFFL;
                counters[Telemetry.MESSAGES] += i & 7;
                windows.sample(board, (round * (long) calls + i) * 1000L);
                windows.fill(layout, i, i, i, input, 0);
            }
            long t1 = THREADS.getThreadAllocatedBytes(id);
            for (int i = 0; i < calls; i++) {
                governor.decide((i * 7919) % 1001, i % 4000, i % 120_000, (round * (long) calls + i) * 1000L);
            }
            long t2 = THREADS.getThreadAllocatedBytes(id);
            featureBytes = t1 - t0;
            governorBytes = t2 - t1;
        }
        return new EngineAllocation(calls, (double) featureBytes / calls, (double) governorBytes / calls);
    }

    /** One line for a terminal. */
    public String summary() {
        return "engine allocation (ThreadMXBean, " + calls + " calls after warm-up): feature sample+fill "
            + round(featureBytesPerCall) + " B/call, governor decision " + round(governorBytesPerCall) + " B/call";
    }

    private static String round(double v) {
        return Double.toString(Math.round(v * 1000) / 1000.0);
    }
}
