package io.dynakey.device.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynakey.device.AllocationMeter;
import io.dynakey.device.hal.Telemetry;
import io.dynakey.models.FeatureIds;
import org.junit.jupiter.api.Test;

class FeatureWindowsAllocationTest {

    @Test
    void sampling_and_filling_the_features_allocates_nothing() {
        final CounterBoard board = new CounterBoard();
        final FeatureWindows windows = new FeatureWindows(16, 32);
        final FeatureLayout layout = new FeatureLayout(new int[] {
            FeatureIds.BYTES_IN, FeatureIds.BYTES_OUT, FeatureIds.PACKETS_IN, FeatureIds.PACKETS_OUT,
            FeatureIds.MESSAGE_RATE, FeatureIds.MESSAGE_RATE_DELTA, FeatureIds.DTLS_HANDSHAKE_FAILURES,
            FeatureIds.AUTH_FAILURES, FeatureIds.COAP_4XX, FeatureIds.COAP_5XX, FeatureIds.DISTINCT_PEERS,
            FeatureIds.OPEN_PORTS, FeatureIds.KEY_AGE_SECONDS, FeatureIds.MESSAGES_UNDER_KEY,
            FeatureIds.SECONDS_SINCE_ROTATION}, 0, 15);
        final long[] input = new long[15];
        AllocationMeter.Work work = new AllocationMeter.Work() {
            @Override
            public void run(int i) {
                board.counters[Telemetry.BYTES_IN] = (board.counters[Telemetry.BYTES_IN] + 1500) & 0xFFFFFFFFL;
                board.counters[Telemetry.MESSAGES] += i & 7;
                board.counters[Telemetry.DISTINCT_PEERS] = i & 3;
                windows.sample(board, i * 1000L);
                windows.fill(layout, i, i, i, input, 0);
            }
        };

        long bytes = AllocationMeter.bytesAllocated(work, 50_000, 200_000);

        assertEquals(0, bytes, "bytes allocated by 200,000 sample+fill calls");
    }
}
