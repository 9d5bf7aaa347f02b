package io.dynakey.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllocationMeterTest {

    static Object sink;

    @Test
    void the_meter_sees_one_small_allocation_per_call() {
        long bytes = AllocationMeter.bytesAllocated(new AllocationMeter.Work() {
            @Override
            public void run(int i) {
                sink = new long[1];
            }
        }, 10_000, 100_000);

        assertTrue(bytes >= 100_000L * 16, "measured " + bytes);
    }
}
