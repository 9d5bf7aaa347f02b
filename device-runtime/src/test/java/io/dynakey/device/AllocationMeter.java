package io.dynakey.device;

import java.lang.management.ManagementFactory;

/**
 * Measures the bytes the current thread allocates while a piece of work runs many times, after a
 * warm-up that lets the JIT compile it. Uses {@code com.sun.management.ThreadMXBean}.
 */
public final class AllocationMeter {

    /** Work to measure; {@code run(i)} is one call, {@code i} its index. */
    public interface Work {
        void run(int i);
    }

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /** Bytes allocated by {@code calls} calls after {@code warmup} calls, less the meter's own cost. */
    public static long bytesAllocated(Work work, int warmup, int calls) {
        long id = Thread.currentThread().getId();
        for (int i = 0; i < warmup; i++) {
            work.run(i);
        }
        long emptyBefore = THREADS.getThreadAllocatedBytes(id);
        long emptyAfter = THREADS.getThreadAllocatedBytes(id);
        long meterCost = emptyAfter - emptyBefore;
        long before = THREADS.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            work.run(i);
        }
        long after = THREADS.getThreadAllocatedBytes(id);
        return Math.max(0, after - before - meterCost);
    }
}
