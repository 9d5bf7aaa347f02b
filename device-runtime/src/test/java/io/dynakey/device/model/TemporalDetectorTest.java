package io.dynakey.device.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.AllocationMeter;
import io.dynakey.device.features.TemporalState;
import io.dynakey.models.FeatureIds;
import io.dynakey.models.FeatureSpec;
import io.dynakey.models.FeatureUnits;
import io.dynakey.models.ModelFormat;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.TemporalSpec;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.models.TreeNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalDetectorTest {

    /** Feature 0 of the first stage: its risk is 1000 when the row's value is above 100, else 0. */
    private static byte[] firstStage() {
        TinyModelWriter w = new TinyModelWriter(7, 3, 2);
        w.addFeature(new FeatureSpec(FeatureIds.BYTES_IN, FeatureUnits.BYTES, 0, QuantizerSpec.linear(0, 1, 0)));
        w.addTree(TreeNode.split(0, 100, TreeNode.leaf(0, 0), TreeNode.leaf(1, 255)));
        return w.toBytes();
    }

    /** One temporal feature per kind (and a feature source), and a second stage alarming when the count reaches 3. */
    static TinyModel model() throws ModelFormatException {
        TemporalSpec spec = new TemporalSpec(500,
                new int[] {ModelFormat.TEMPORAL_CURRENT, ModelFormat.TEMPORAL_EWMA, ModelFormat.TEMPORAL_CUSUM,
                    ModelFormat.TEMPORAL_COUNT_AT_LEAST, ModelFormat.TEMPORAL_SINCE_AT_LEAST, ModelFormat.TEMPORAL_INTERVAL,
                    ModelFormat.TEMPORAL_EWMA},
                new int[] {ModelFormat.SOURCE_MEAN_RISK, ModelFormat.SOURCE_MEAN_RISK, ModelFormat.SOURCE_HIGH_SHARE,
                    ModelFormat.SOURCE_MAX_RISK, ModelFormat.SOURCE_MAX_RISK, 0, ModelFormat.SOURCE_FEATURE_FIRST},
                new int[] {0, 1, 200, 500, 500, 0, 2},
                new int[] {0, 0, 1500, 4, 0, 0, 0});
        TinyModelWriter stage = new TinyModelWriter(7, 3, 2);
        stage.addFeature(new FeatureSpec(FeatureIds.TEMPORAL_FIRST + 3, FeatureUnits.COUNT, 0, QuantizerSpec.linear(0, 1, 0)));
        stage.addTree(TreeNode.split(0, 2, TreeNode.leaf(0, 0), TreeNode.leaf(1, 255)));
        return TinyModel.parse(TinyModelWriter.withTemporal(firstStage(), spec, stage.toBytes()));
    }

    private static void window(TemporalDetector d, long... rowValues) {
        long[] row = new long[1];
        for (long v : rowValues) {
            row[0] = v;
            d.addRow(row, 0);
        }
    }

    @Test
    void every_kind_follows_its_integer_definition() throws Exception {
        TemporalDetector d = new TemporalDetector(model());
        TemporalState s = d.state();
        assertEquals(ModelFormat.MAX_TEMPORAL_VALUE, s.value(4), "windows-since starts saturated");

        window(d, 500, 0, 0, 0); // one high row of four: mean 250, max 1000, high share 250
        assertEquals(0, d.endWindow(60_000));
        assertEquals(250, s.value(0));
        assertEquals(125, s.value(1), "EWMA with weight 1/2 from 0");
        assertEquals(50, s.value(2), "CUSUM 0 + 250 - 200");
        assertEquals(1, s.value(3));
        assertEquals(0, s.value(4));
        assertEquals(0, s.value(5), "no interval before the second window");
        assertEquals(31, s.value(6), "EWMA (weight 1/4) of the window's mean quantized feature, 125");

        window(d, 0, 0); // quiet
        assertEquals(0, d.endWindow(180_000));
        assertEquals(0, s.value(2), "CUSUM clamps at 0");
        assertEquals(1, s.value(3));
        assertEquals(1, s.value(4));
        assertEquals(120, s.value(5), "seconds since the previous window");

        window(d, 900);
        d.endWindow(240_000);
        window(d, 900);
        assertEquals(1000, d.endWindow(300_000), "three of the last four windows high: the second stage alarms");
        assertEquals(1500, s.value(2), "800 + 800 high-share evidence, capped at 1500");
        window(d);
        assertEquals(0, d.endWindow(360_000), "an empty window is a quiet one; the oldest high window leaves the count of 4");
        assertEquals(2, s.value(3));
    }

    @Test
    void a_blatant_window_reaches_the_governor_at_once_through_the_fast_path() throws Exception {
        TemporalDetector d = new TemporalDetector(model());
        window(d, 900, 900, 900, 900); // mean 1000: the second stage (count of high windows < 3) is still quiet
        assertEquals(0, d.endWindow(60_000));
        assertEquals(1000, d.lastDecisionRisk(), "a window of mean first-stage risk >= 800 passes its mean on");
        window(d, 900, 900, 900, 0, 0); // mean 600: under the fast path, the second stage decides
        assertEquals(0, d.endWindow(120_000));
        assertEquals(0, d.lastDecisionRisk());
        window(d, 900, 900, 900, 900, 900);
        assertEquals(1000, d.endWindow(180_000), "third high window: the second stage alarms");
        assertEquals(1000, d.lastDecisionRisk());
        assertEquals(TemporalDetector.FAST_PATH_PERMILLE, TemporalDetector.decisionRisk(0, TemporalDetector.FAST_PATH_PERMILLE));
        assertEquals(0, TemporalDetector.decisionRisk(0, TemporalDetector.FAST_PATH_PERMILLE - 1));
        assertEquals(900, TemporalDetector.decisionRisk(900, 850), "the higher of the two");
    }

    @Test
    void the_state_restarts_cleanly_after_a_reboot() throws Exception {
        TinyModel m = model();
        TemporalDetector used = new TemporalDetector(m);
        Random rnd = new Random(5);
        for (int w = 0; w < 40; w++) {
            window(used, rnd.nextInt(300), rnd.nextInt(300));
            used.endWindow(w * 60_000L);
        }
        window(used, 999); // an open window is forgotten too
        used.reset();
        TemporalDetector fresh = new TemporalDetector(m);
        for (int k = 0; k < fresh.state().featureCount(); k++) {
            assertEquals(fresh.state().value(k), used.state().value(k), "feature " + k + " after reset");
        }
        for (int w = 0; w < 30; w++) {
            long v = rnd.nextInt(300);
            window(used, v);
            window(fresh, v);
            assertEquals(fresh.endWindow(w * 60_000L), used.endWindow(w * 60_000L));
            for (int k = 0; k < fresh.state().featureCount(); k++) {
                assertEquals(fresh.state().value(k), used.state().value(k));
            }
        }
        assertTrue(fresh.state().stateBytes() <= 256, "state " + fresh.state().stateBytes() + " B");
    }

    @Test
    void a_window_allocates_nothing() throws Exception {
        final TemporalDetector d = new TemporalDetector(model());
        final long[] row = new long[1];
        final int[] means = new int[d.featureCount()];
        long bytes = AllocationMeter.bytesAllocated(new AllocationMeter.Work() {
            @Override
            public void run(int i) {
                row[0] = i % 257;
                d.addRow(row, 0);
                row[0] = (i * 7) % 131;
                d.addRow(row, 0);
                d.endWindow(i * 300_000L);
                means[0] = i % 131;
                d.closeWindow(i % 1001, i % 1001, 0, means, i * 300_000L + 1);
                d.lastDecisionRisk();
            }
        }, 50_000, 200_000);
        assertEquals(0, bytes, "bytes allocated by 200,000 windows");
    }

    @Test
    void closing_a_window_from_its_summary_gives_what_its_rows_give() throws Exception {
        TinyModel m = model();
        TemporalDetector rows = new TemporalDetector(m);
        TemporalDetector summaries = new TemporalDetector(m);
        Random rnd = new Random(5);
        long[] row = new long[1];
        int[] means = new int[summaries.featureCount()];
        int alarms = 0;
        for (int w = 0; w < 2000; w++) {
            int k = 1 + rnd.nextInt(5);
            long riskSum = 0;
            int max = 0;
            int high = 0;
            long featureSum = 0;
            for (int i = 0; i < k; i++) {
                row[0] = rnd.nextInt(w % 200 < 20 ? 400 : 110);
                int r = rows.addRow(row, 0);
                riskSum += r;
                max = Math.max(max, r);
                high += r >= m.temporalHighRowPermille() ? 1 : 0;
                featureSum += m.quantize(0, row[0]);
            }
            means[0] = (int) (featureSum / k);
            long now = (w + 1) * 300_000L;
            int expected = rows.endWindow(now);
            assertEquals(expected, summaries.closeWindow((int) (riskSum / k), max, (int) (high * 1000L / k), means, now),
                    "window " + w);
            for (int f = 0; f < m.temporalFeatureCount(); f++) {
                assertEquals(rows.state().value(f), summaries.state().value(f), "window " + w + ", temporal feature " + f);
            }
            alarms += expected > 500 ? 1 : 0;
            if (w % 97 == 0) {
                rows.reset();
                summaries.reset();
            }
        }
        assertTrue(alarms > 0, "the second stage alarms in some windows");
        assertThrows(IllegalArgumentException.class, () -> summaries.closeWindow(0, 0, 0, null, 0),
                "feature sources need the means");
    }

    @Test
    void a_model_without_the_section_or_a_feature_reading_state_without_rows_is_refused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new TemporalDetector(TinyModel.parse(firstStage())));
        TemporalDetector d = new TemporalDetector(model());
        assertThrows(IllegalStateException.class, () -> d.addRisk(500), "feature sources need the rows");
    }
}
