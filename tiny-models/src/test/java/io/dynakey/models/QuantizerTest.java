package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizerTest {

    private static final QuantizerSpec[] SPECS = {
        QuantizerSpec.linear(0, 1, 0),
        QuantizerSpec.linear(-5000, 3, 2),
        QuantizerSpec.linear(Long.MIN_VALUE, 1, 31),
        QuantizerSpec.linear(Long.MAX_VALUE, 65535, 0),
        QuantizerSpec.log(0, 0),
        QuantizerSpec.log(0, 6),
        QuantizerSpec.log(-1, 10),
        QuantizerSpec.log(Long.MIN_VALUE, 10),
        QuantizerSpec.fitLinear(-40000, 125000),
        QuantizerSpec.fitLog(0, 8),
    };

    private static long[] sampleValues(long seed) {
        Random rnd = new Random(seed);
        long[] v = new long[4000];
        for (int i = 0; i < v.length; i++) {
            switch (i % 4) {
                case 0: v[i] = rnd.nextLong(); break;
                case 1: v[i] = rnd.nextInt(2000) - 1000; break;
                case 2: v[i] = (long) (Math.pow(10, rnd.nextDouble() * 9)); break;
                default: v[i] = rnd.nextLong() >> rnd.nextInt(64); break;
            }
        }
        v[0] = Long.MIN_VALUE;
        v[1] = Long.MAX_VALUE;
        v[2] = 0;
        Arrays.sort(v);
        return v;
    }

    @Test
    void every_quantizer_is_monotone_within_16_bits_and_maps_the_minimum_to_zero() {
        long[] v = sampleValues(1);
        for (QuantizerSpec q : SPECS) {
            int prev = -1;
            for (long x : v) {
                int y = q.quantize(x);
                assertTrue(y >= 0 && y <= 65535, q + " gave " + y);
                assertTrue(y >= prev, q + " not monotone at " + x);
                prev = y;
            }
            assertEquals(0, q.quantize(Long.MIN_VALUE), q.toString());
        }
    }

    @Test
    void log_keeps_the_order_of_counts_from_zero_to_a_billion() {
        QuantizerSpec q = QuantizerSpec.log(0, 10);
        assertEquals(0, q.quantize(0));
        assertEquals(1, q.quantize(1));
        assertTrue(q.quantize(1_000_000_000L) < 65535);
        for (long x = 0; x < 2048; x++) {
            assertTrue(q.quantize(x) < q.quantize(x + 1), "log must be exact below 2^10: " + x);
        }
        assertTrue(q.quantize(999_000_000L) < q.quantize(1_000_000_000L));
    }

    @Test
    void linear_saturates_instead_of_wrapping() {
        QuantizerSpec q = QuantizerSpec.linear(-10, 65535, 0);
        assertEquals(65535, q.quantize(Long.MAX_VALUE));
        assertEquals(65535, q.quantize(1L << 50));
        assertEquals(0, q.quantize(-11));
        assertEquals(65535, QuantizerSpec.linear(Long.MIN_VALUE, 1, 0).quantize(Long.MAX_VALUE));
    }

    @Test
    void the_raw_threshold_is_the_exact_inverse_of_a_quantized_threshold() {
        long[] v = sampleValues(2);
        Random rnd = new Random(3);
        for (QuantizerSpec q : SPECS) {
            for (int k = 0; k < 200; k++) {
                int t = k < 3 ? new int[] {0, 65535, 1}[k] : rnd.nextInt(65536);
                long r = q.maxRawAtOrBelow(t);
                assertTrue(q.quantize(r) <= t);
                if (r != Long.MAX_VALUE) {
                    assertTrue(q.quantize(r + 1) > t, q + " t=" + t);
                }
                for (int i = 0; i < v.length; i += 7) {
                    assertEquals(q.quantize(v[i]) <= t, v[i] <= r);
                }
            }
        }
    }

    @Test
    void fit_linear_uses_the_range_without_saturating_early() {
        QuantizerSpec q = QuantizerSpec.fitLinear(100, 1100);
        assertEquals(0, q.quantize(100));
        assertTrue(q.quantize(1100) > 60000 && q.quantize(1100) <= 65535, q.toString());
        QuantizerSpec wide = QuantizerSpec.fitLinear(0, 1_000_000_000_000L);
        assertTrue(wide.quantize(999_000_000_000L) < wide.quantize(1_000_000_000_000L));
    }

    @Test
    void a_threshold_is_exact_for_every_observed_value_when_the_quantizer_separates_them() {
        // given counts and Tribuo-style midpoint splits between adjacent distinct values
        QuantizerSpec q = QuantizerSpec.log(0, 8);
        long[] observed = {0, 1, 2, 3, 5, 8, 13, 100, 1000, 10_000, 1_000_000, 999_999_999};
        for (int i = 0; i + 1 < observed.length; i++) {
            double split = (observed[i] + observed[i + 1]) / 2.0;
            // when
            ThresholdChoice c = ThresholdChooser.choose(q, split, observed);
            // then
            assertTrue(c.isExact(), "split " + split + " -> " + c);
            for (long x : observed) {
                assertEquals(x <= split, q.quantize(x) <= c.threshold());
            }
        }
    }

    @Test
    void an_impossible_threshold_is_reported_with_the_values_it_misroutes() {
        // given a coarse quantizer that puts 10 and 11 in one bucket
        QuantizerSpec q = QuantizerSpec.linear(0, 1, 4);
        long[] observed = {1, 10, 11, 11, 40};
        // when
        ThresholdChoice c = ThresholdChooser.choose(q, 10.5, observed);
        // then
        assertFalse(c.isExact());
        assertEquals(2, c.misrouted());
        assertTrue(q.quantize(10) <= c.threshold());
    }
}
