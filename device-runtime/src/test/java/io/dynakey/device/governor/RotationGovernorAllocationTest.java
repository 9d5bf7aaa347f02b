package io.dynakey.device.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynakey.device.AllocationMeter;
import org.junit.jupiter.api.Test;

class RotationGovernorAllocationTest {

    @Test
    void a_governor_decision_allocates_nothing() {
        GroupPolicy policy = GroupPolicy.builder().rateLimit(3, 60).minInterval(10)
            .hardLimits(3600, 100_000).escalateAfter(600).build();
        PolicyTable table = new PolicyTable(policy, 2);
        table.put(3, policy);
        final RotationGovernor governor = new RotationGovernor(table, 3, 0);
        final int[] seen = new int[4];
        AllocationMeter.Work work = new AllocationMeter.Work() {
            @Override
            public void run(int i) {
                int risk = (i * 7919) % 1001;
                seen[governor.decide(risk, (i % 4000), i % 120_000, i * 1000L)]++;
            }
        };

        long bytes = AllocationMeter.bytesAllocated(work, 50_000, 500_000);

        assertEquals(0, bytes, "bytes allocated by 500,000 decisions");
        for (int action = 0; action < 4; action++) {
            org.junit.jupiter.api.Assertions.assertTrue(seen[action] > 0, "every action was exercised");
        }
    }
}
