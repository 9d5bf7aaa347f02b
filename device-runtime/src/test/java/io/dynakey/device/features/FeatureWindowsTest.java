package io.dynakey.device.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.device.hal.Telemetry;
import io.dynakey.models.FeatureIds;
import org.junit.jupiter.api.Test;

class FeatureWindowsTest {

    private final CounterBoard board = new CounterBoard();

    @Test
    void bytes_in_is_the_sum_of_the_differences_over_the_window() {
        FeatureWindows w = new FeatureWindows(4, 64);
        board.set(Telemetry.BYTES_IN, 1000);
        w.sample(board, 0);

        board.add(Telemetry.BYTES_IN, 10);
        w.sample(board, 1000);
        board.add(Telemetry.BYTES_IN, 20);
        w.sample(board, 2000);

        assertEquals(30, w.value(FeatureIds.BYTES_IN));
    }

    @Test
    void the_window_forgets_buckets_older_than_its_depth() {
        FeatureWindows w = new FeatureWindows(3, 64);
        w.sample(board, 0);
        long[] perBucket = {100, 1, 2, 3, 4};
        long t = 0;
        for (long b : perBucket) {
            board.add(Telemetry.PACKETS_OUT, b);
            w.sample(board, t += 1000);
        }

        assertEquals(2 + 3 + 4, w.value(FeatureIds.PACKETS_OUT));
    }

    @Test
    void a_32_bit_counter_that_wraps_counts_the_wrapped_difference() {
        FeatureWindows w = new FeatureWindows(2, 32);
        board.set(Telemetry.BYTES_OUT, 0xFFFFFFF0L);
        w.sample(board, 0);

        board.set(Telemetry.BYTES_OUT, 0x10L);
        w.sample(board, 1000);

        assertEquals(0x20, w.value(FeatureIds.BYTES_OUT));
        assertEquals(0, w.resets());
    }

    @Test
    void a_counter_that_resets_counts_its_new_reading_and_is_reported() {
        FeatureWindows w = new FeatureWindows(2, 32);
        board.set(Telemetry.AUTH_FAILURES, 5000);
        w.sample(board, 0);

        board.set(Telemetry.AUTH_FAILURES, 7);
        w.sample(board, 1000);

        assertEquals(7, w.value(FeatureIds.AUTH_FAILURES));
        assertEquals(1, w.resets());
    }

    @Test
    void a_64_bit_counter_that_goes_backwards_is_a_reset() {
        FeatureWindows w = new FeatureWindows(2, 64);
        board.set(Telemetry.COAP_4XX, Long.MAX_VALUE - 3);
        w.sample(board, 0);

        board.set(Telemetry.COAP_4XX, 2);
        w.sample(board, 1000);

        assertEquals(2, w.value(FeatureIds.COAP_4XX));
        assertEquals(1, w.resets());
    }

    @Test
    void a_negative_reading_counts_nothing() {
        FeatureWindows w = new FeatureWindows(2, 64);
        board.set(Telemetry.COAP_5XX, 10);
        w.sample(board, 0);

        board.set(Telemetry.COAP_5XX, -1);
        w.sample(board, 1000);

        assertEquals(0, w.value(FeatureIds.COAP_5XX));
    }

    @Test
    void message_rate_is_messages_per_minute_over_the_measured_span() {
        FeatureWindows w = new FeatureWindows(4, 64);
        w.sample(board, 0);

        board.add(Telemetry.MESSAGES, 30);
        w.sample(board, 15000);
        board.add(Telemetry.MESSAGES, 30);
        w.sample(board, 30000);

        assertEquals(120, w.value(FeatureIds.MESSAGE_RATE));
    }

    @Test
    void message_rate_change_compares_with_the_previous_window() {
        FeatureWindows w = new FeatureWindows(2, 64);
        w.sample(board, 0);
        long t = 0;
        for (int i = 0; i < 2; i++) {
            board.add(Telemetry.MESSAGES, 10);
            w.sample(board, t += 60000);
        }
        assertEquals(0, w.value(FeatureIds.MESSAGE_RATE_DELTA), "no previous window yet");

        for (int i = 0; i < 2; i++) {
            board.add(Telemetry.MESSAGES, 40);
            w.sample(board, t += 60000);
        }

        assertEquals(40, w.value(FeatureIds.MESSAGE_RATE));
        assertEquals(30, w.value(FeatureIds.MESSAGE_RATE_DELTA));
    }

    @Test
    void gauges_report_the_largest_reading_in_the_window() {
        FeatureWindows w = new FeatureWindows(3, 64);
        w.sample(board, 0);
        long[] peers = {2, 9, 3};
        long t = 0;
        for (long p : peers) {
            board.set(Telemetry.DISTINCT_PEERS, p).set(Telemetry.OPEN_PORTS, 4);
            w.sample(board, t += 1000);
        }

        assertEquals(9, w.value(FeatureIds.DISTINCT_PEERS));
        assertEquals(4, w.value(FeatureIds.OPEN_PORTS));
    }

    @Test
    void sums_saturate_instead_of_overflowing() {
        FeatureWindows w = new FeatureWindows(3, 64);
        w.sample(board, 0);
        board.set(Telemetry.BYTES_IN, Long.MAX_VALUE - 1);
        w.sample(board, 1000);
        board.set(Telemetry.BYTES_IN, 0);
        w.sample(board, 2000);
        board.set(Telemetry.BYTES_IN, Long.MAX_VALUE - 1);
        w.sample(board, 3000);

        assertEquals(Long.MAX_VALUE, w.value(FeatureIds.BYTES_IN));
    }

    @Test
    void fill_writes_the_schema_order_and_leaves_other_slots_alone() {
        FeatureWindows w = new FeatureWindows(2, 64);
        w.sample(board, 0);
        board.add(Telemetry.BYTES_IN, 5).add(Telemetry.DTLS_HANDSHAKE_FAILURES, 3);
        w.sample(board, 1000);
        FeatureLayout layout = new FeatureLayout(new int[] {
            FeatureIds.KEY_AGE_SECONDS, 200, FeatureIds.DTLS_HANDSHAKE_FAILURES, FeatureIds.BYTES_IN,
            FeatureIds.MESSAGES_UNDER_KEY, FeatureIds.SECONDS_SINCE_ROTATION, FeatureIds.PROTOCOL}, 0, 7);
        long[] out = {-9, -9, -9, -9, -9, -9, -9, -9};

        w.fill(layout, 3600, 42, 7200, out, 1);

        assertArrayEquals(new long[] {-9, 3600, -9, 3, 5, 42, 7200, -9}, out);
        assertEquals(5, layout.computedCount());
    }

    @Test
    void fill_refuses_an_output_buffer_too_small_for_the_schema() {
        FeatureWindows w = new FeatureWindows(2, 64);
        FeatureLayout layout = new FeatureLayout(new int[] {1, 2, 3}, 0, 3);

        assertThrows(IllegalArgumentException.class, () -> w.fill(layout, 0, 0, 0, new long[3], 1));
    }

    @Test
    void a_layout_rejects_repeated_or_out_of_range_ids() {
        assertThrows(IllegalArgumentException.class, () -> new FeatureLayout(new int[] {1, 2, 1}, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new FeatureLayout(new int[] {0}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FeatureLayout(new int[] {256}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FeatureLayout(new int[] {1}, 1, 1));
    }

    @Test
    void a_clock_that_steps_back_gives_an_empty_span_not_a_negative_rate() {
        FeatureWindows w = new FeatureWindows(1, 64);
        w.sample(board, 10000);
        board.add(Telemetry.MESSAGES, 50);

        w.sample(board, 5000);

        assertEquals(0, w.value(FeatureIds.MESSAGE_RATE));
    }

    @Test
    void windows_refuse_nonsense_sizes() {
        assertThrows(IllegalArgumentException.class, () -> new FeatureWindows(0, 64));
        assertThrows(IllegalArgumentException.class, () -> new FeatureWindows(4, 7));
        assertThrows(IllegalArgumentException.class, () -> new FeatureWindows(4, 65));
    }
}
