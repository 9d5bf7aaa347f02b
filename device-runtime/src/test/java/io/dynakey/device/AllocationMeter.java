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

    /** Measured rounds; the least is reported. */
    private static final int ROUNDS = 3;

    /**
     * Bytes allocated by {@code calls} calls after {@code warmup} calls, less the meter's own cost:
     * the least of three rounds. A one-off event of the JVM on this thread (a deoptimization that
     * re-materializes scalar-replaced objects, a lazily resolved constant) lands in one round only,
     * while an allocation by the work itself, per call or every n-th call, shows in every round.
     */
    public static long bytesAllocated(Work work, int warmup, int calls) {
        long id = Thread.currentThread().getId();
        for (int i = 0; i < warmup; i++) {
            work.run(i);
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS && least > 0; round++) {
            long emptyBefore = THREADS.getThreadAllocatedBytes(id);
            long emptyAfter = THREADS.getThreadAllocatedBytes(id);
            long meterCost = emptyAfter - emptyBefore;
            long before = THREADS.getThreadAllocatedBytes(id);
            for (int i = 0; i < calls; i++) {
                work.run(i);
            }
            long after = THREADS.getThreadAllocatedBytes(id);
            least = Math.min(least, Math.max(0, after - before - meterCost));
        }
        return least;
    }
}
