package io.dynakey.trainer.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.model.TemporalDetector;
import io.dynakey.models.TinyModel;
import io.dynakey.trainer.data.ProgressListener;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Split;
import io.dynakey.trainer.data.Splitter;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainOptions;
import io.dynakey.trainer.model.TrainedModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The distilled student on rows whose single values overlap: a sparse attack (a quarter of the
 * rows) is hard to see window by window, easy over the history.
 */
class TemporalDistillerTest {

    /** Benign rows ~ U(0, 100); attack rows ~ U(60, 160): one row in three beyond 100 says "attack" for sure. */
    static Telemetry rows(int n, long seed) throws Exception {
        Properties p = new Properties();
        p.setProperty("name", "overlap");
        p.setProperty("label.column", "label");
        p.setProperty("label.benign", "0");
        p.setProperty("features", "v");
        p.setProperty("feature.v.id", "1");
        p.setProperty("feature.v.unit", "bytes");
        Schema schema = Schema.parse(p, "test");
        StringBuilder csv = new StringBuilder("v,label\n");
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            boolean attack = i % 2 == 1;
            csv.append(attack ? 60 + rnd.nextInt(100) : rnd.nextInt(100)).append(',').append(attack ? 1 : 0).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        return new TelemetryLoader(schema).load(new ByteArrayInputStream(bytes), "overlap.csv", bytes.length, ProgressListener.NONE);
    }

    @Test
    void the_student_sees_a_sparse_attack_that_the_row_model_misses_and_the_device_computes_what_the_trainer_did()
            throws Exception {
        Telemetry data = rows(6000, 1);
        Split split = new Splitter(0.4, 0.3, 2).stratified(data);
        TrainOptions first = TrainOptions.defaults(Task.BINARY).withDepth(3);
        TrainedModel m = new ForestTrainer().train(data, split.train(), first);
        byte[] firstStage = new ExactExporter().export(m, data, split.train(), split.validation(),
                new ExactExporter.Header(1, 1, 1, 0, new byte[16])).file();
        TemporalDistiller.Options o = new TemporalDistiller.Options(4, 300_000, 96, 160, 80,
                new double[] {0.25}, 5, 7, 0.002, 1);
        TemporalDistiller.Result r = TemporalDistiller.distil(firstStage, data, split.validation(), split.validation(),
                split.test(), o, null, null);

        assertTrue(r.student().f1() > r.rowModel().f1() + 0.2,
                "student F1 " + r.student().f1() + " vs row-only " + r.rowModel().f1() + " on held-out sequences");
        assertTrue(r.student().falsePositiveRate() < 0.02, "student FPR " + r.student().falsePositiveRate());
        assertTrue(r.student().detected() > 0.8, "detected " + r.student().detected());
        assertTrue(r.stateBytes() <= 256);

        // the file is a valid 1.2 file, and the device's detector, run over a window sequence, gives
        // exactly the risks the trainer's second stage gives on the features it computed
        TinyModel model = TinyModel.parse(r.file());
        assertTrue(model.hasTemporal());
        assertEquals(2, model.formatMinor());
        TemporalDistiller.Pools pools = new TemporalDistiller.Pools(data, split.test(), 1);
        List<TemporalDistiller.Plan> plans = TemporalDistiller.mixtures(pools, o, 4, 99, null);
        TemporalDistiller.Windows w = TemporalDistiller.windows(model, data, TemporalDistiller.columnsOf(model, data), plans, null);
        io.dynakey.device.model.ForestEvaluator second = new io.dynakey.device.model.ForestEvaluator(model.secondStage());
        TemporalDetector device = new TemporalDetector(model);
        long[] row = new long[1];
        long[] in = new long[model.secondStage().featureCount()];
        int i = 0;
        for (TemporalDistiller.Plan plan : plans) {
            device.reset();
            for (int t = 0; t < plan.windows().length; t++, i++) {
                for (int rr : plan.windows()[t]) {
                    row[0] = data.columns()[0][rr];
                    device.addRow(row, 0);
                }
                int risk = device.endWindow(plan.endMillis()[t]);
                for (int f = 0; f < in.length; f++) {
                    in[f] = w.features[i][model.secondStage().featureId(f) - io.dynakey.models.FeatureIds.TEMPORAL_FIRST];
                }
                assertEquals(io.dynakey.device.model.ForestEvaluator.riskOf(second.evaluate(in, 0)), risk, "window " + i);
            }
        }
    }

    /** The fleet's governor: smoothing 1/2, soon 400 / now 600, hysteresis 100, 6 h escalation, 1 h cooldown. */
    private static final TemporalDistiller.RotationBudget FLEET =
            new TemporalDistiller.RotationBudget(500, 400, 600, 100, 72, 12, 0.5 / 30);

    @Test
    void the_replayed_governor_counts_false_rotations_as_the_fleet_would_make_them() {
        int n = 200;
        int[] leafOf = new int[n];
        int[] mean = new int[n];
        int[] risk = {0, 1000, 580, 396};
        // one isolated alarm window: smoothed 500, then falls: no rotation
        leafOf[10] = 1;
        assertEquals(0, TemporalDistiller.falseRotations(leafOf, mean, new int[] {0}, new int[] {n}, risk, FLEET));
        // two alarm windows in a row: smoothed 750, a rotation
        leafOf[11] = 1;
        assertEquals(1, TemporalDistiller.falseRotations(leafOf, mean, new int[] {0}, new int[] {n}, risk, FLEET));
        // the stretch ends before them (an onset): not counted
        assertEquals(0, TemporalDistiller.falseRotations(leafOf, mean, new int[] {0}, new int[] {10}, risk, FLEET));
        // a medium leaf held for 6 h rotates through the sustained "soon"; one just under "soon" never does
        int[] medium = new int[n];
        java.util.Arrays.fill(medium, 2);
        assertEquals(2, TemporalDistiller.falseRotations(medium, mean, new int[] {0}, new int[] {n}, risk, FLEET));
        java.util.Arrays.fill(medium, 3);
        assertEquals(0, TemporalDistiller.falseRotations(medium, mean, new int[] {0}, new int[] {n}, risk, FLEET));
        // the fast path: two blatant windows of the first stage rotate whatever the second stage says
        int[] quiet = new int[n];
        mean[50] = 900;
        mean[51] = 900;
        assertEquals(1, TemporalDistiller.falseRotations(quiet, mean, new int[] {0}, new int[] {n}, risk, FLEET));
    }

    @Test
    void the_rotation_calibration_keeps_the_replayed_false_rotations_within_the_budget() throws Exception {
        Telemetry data = rows(6000, 3);
        Split split = new Splitter(0.4, 0.3, 4).stratified(data);
        TrainOptions first = TrainOptions.defaults(Task.BINARY).withDepth(3);
        TrainedModel m = new ForestTrainer().train(data, split.train(), first);
        byte[] firstStage = new ExactExporter().export(m, data, split.train(), split.validation(),
                new ExactExporter.Header(1, 1, 1, 0, new byte[16])).file();
        TemporalDistiller.Options o = new TemporalDistiller.Options(4, 300_000, 96, 160, 80,
                new double[] {0.25}, 5, 7, 0.002, 1);
        // a cross-fitted first stage: trained on the validation part, it scores the training part's rows
        TrainedModel other = new ForestTrainer().train(data, split.validation(), first);
        byte[] otherStage = new ExactExporter().export(other, data, split.validation(), split.train(),
                new ExactExporter.Header(1, 1, 1, 0, new byte[16])).file();
        List<TemporalDistiller.CalibrationSource> more = List.of(new TemporalDistiller.CalibrationSource(otherStage, split.train()));
        TemporalDistiller.Result r = TemporalDistiller.distilFromTeacher(firstStage, data, split.validation(),
                split.validation(), more, split.test(), o,
                new TemporalDistiller.RotationBudget(500, 400, 600, 100, 72, 12, 0.5), null, null, null);
        assertTrue(r.split().contains("cross-fitted"), r.split());
        // within a budget of one false rotation per two device-days (these sequences are 8 h short) the student still sees the sparse attack on held-out sequences
        assertTrue(r.student().detected() > 0.5, "detected " + r.student().detected());
        assertTrue(r.student().falsePositiveRate() < 0.01, "student FPR " + r.student().falsePositiveRate());
        // no false rotation allowed: fewer alarms, never more
        TemporalDistiller.Result none = TemporalDistiller.distilFromTeacher(firstStage, data, split.validation(),
                split.validation(), more, split.test(), o,
                new TemporalDistiller.RotationBudget(500, 400, 600, 100, 72, 12, 0.0), null, null, null);
        assertTrue(none.student().falsePositiveRate() <= r.student().falsePositiveRate(),
                none.student().falsePositiveRate() + " vs " + r.student().falsePositiveRate());
    }
}
