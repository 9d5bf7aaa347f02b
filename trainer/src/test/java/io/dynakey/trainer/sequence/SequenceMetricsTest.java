package io.dynakey.trainer.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SequenceMetricsTest {

    @Test
    void the_delay_counts_from_the_first_compromised_window_to_the_first_alarm_at_or_after_it() {
        int[] labels = {0, 0, 1, 1, 1};
        // an alarm before the compromise is a false positive, not a detection
        assertEquals(1, SequenceMetrics.detectionDelay(labels, new float[] {0.9f, 0f, 0.2f, 0.6f, 0.9f}));
        assertEquals(0, SequenceMetrics.detectionDelay(labels, new float[] {0f, 0f, 0.5f, 0f, 0f}));
        assertEquals(SequenceMetrics.MISSED, SequenceMetrics.detectionDelay(labels, new float[] {1f, 1f, 0.4f, 0.1f, 0.49f}));
        // the threshold is the caller's
        assertEquals(2, SequenceMetrics.detectionDelay(labels, new float[] {0f, 0f, 0.6f, 0.7f, 0.8f}, 0.75f));
        assertThrows(IllegalArgumentException.class, () -> SequenceMetrics.detectionDelay(new int[] {0, 0}, new float[2]));
        assertThrows(IllegalArgumentException.class, () -> SequenceMetrics.detectionDelay(labels, new float[4]));
        assertThrows(IllegalArgumentException.class, () -> SequenceMetrics.detectionDelay(new int[] {0, 2}, new float[2]));
    }

    @Test
    void delays_summarise_the_compromised_sequences_and_skip_the_benign_ones() {
        List<int[]> labels = List.of(new int[] {0, 1, 1, 1}, new int[] {1, 1, 1, 1, 1}, new int[] {0, 0, 1}, new int[] {0, 0});
        List<float[]> p = List.of(new float[] {0f, 0f, 0.9f, 0f}, new float[] {0f, 0f, 0f, 0.8f, 0f},
                new float[] {0f, 0f, 0f}, new float[] {1f, 1f});
        SequenceMetrics.Delays d = SequenceMetrics.delays(labels, p, 0.5f);
        assertEquals(new SequenceMetrics.Delays(3, 2, 2.0, 2.0, 3), d);
        assertEquals(2 / 3.0, d.detectionRate(), 1e-12);
        SequenceMetrics.Delays none = SequenceMetrics.delays(List.of(new int[] {0, 1}), List.of(new float[] {1f, 0f}), 0.5f);
        assertEquals(1, none.compromised());
        assertEquals(0, none.detected());
        assertTrue(Double.isNaN(none.meanDelay()));
        assertEquals(SequenceMetrics.MISSED, none.maxDelay());
    }

    @Test
    void the_false_positive_rate_is_per_step_over_benign_sequences_only() {
        List<int[]> labels = List.of(new int[] {0, 0, 0, 0}, new int[] {0, 0}, new int[] {0, 0, 1});
        // p = 0.5 is an alarm; the alarms before the compromise of the third sequence do not count here
        List<float[]> p = List.of(new float[] {0.6f, 0.1f, 0.5f, 0.4f}, new float[] {0f, 0f}, new float[] {1f, 1f, 1f});
        assertEquals(2 / 6.0, SequenceMetrics.falsePositiveRate(labels, p, 0.5f), 1e-12);
        assertTrue(Double.isNaN(SequenceMetrics.falsePositiveRate(List.of(new int[] {1}), List.of(new float[] {1f}), 0.5f)));
        assertThrows(IllegalArgumentException.class,
                () -> SequenceMetrics.falsePositiveRate(labels, p.subList(0, 2), 0.5f));
    }

    @Test
    void f1_is_the_textbook_figure_over_every_step_of_every_sequence() {
        // given random labels and scores
        Random rng = new Random(11);
        List<int[]> labels = new ArrayList<>();
        List<float[]> p = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < 50; i++) {
            int n = 1 + rng.nextInt(30);
            int[] y = new int[n];
            float[] q = new float[n];
            for (int t = 0; t < n; t++) {
                y[t] = rng.nextInt(4) == 0 ? 1 : 0;
                q[t] = rng.nextFloat();
                boolean alarm = q[t] >= 0.3f;
                tp += y[t] == 1 && alarm ? 1 : 0;
                fp += y[t] == 0 && alarm ? 1 : 0;
                fn += y[t] == 1 && !alarm ? 1 : 0;
                tn += y[t] == 0 && !alarm ? 1 : 0;
            }
            labels.add(y);
            p.add(q);
        }
        // then the counts are the tally and F1 the harmonic mean of precision and recall
        assertArrayEquals(new long[] {tp, fp, fn, tn}, SequenceMetrics.counts(labels, p, 0.3f));
        double precision = tp / (double) (tp + fp);
        double recall = tp / (double) (tp + fn);
        assertEquals(2 * precision * recall / (precision + recall), SequenceMetrics.f1(labels, p, 0.3f), 1e-12);
        // and the edge cases
        assertEquals(1.0, SequenceMetrics.f1(List.of(new int[] {0, 1}), List.of(new float[] {0f, 0.5f})), 1e-12);
        assertEquals(0.0, SequenceMetrics.f1(List.of(new int[] {0, 0}), List.of(new float[] {0f, 0f})), 1e-12);
        assertEquals(0.0, SequenceMetrics.f1(List.of(new int[] {1, 1}), List.of(new float[] {0f, 0f})), 1e-12);
    }
}
