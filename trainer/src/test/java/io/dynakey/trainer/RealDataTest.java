package io.dynakey.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dynakey.trainer.data.DataLocation;
import io.dynakey.trainer.data.ProgressListener;
import io.dynakey.trainer.data.Schemas;
import io.dynakey.trainer.data.Split;
import io.dynakey.trainer.data.Splitter;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.eval.Evaluation;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.export.ExportResult;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainOptions;
import io.dynakey.trainer.model.TrainedModel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Export exactness and headline figures on the shared real data. Skipped, with a message, when
 * the data folder is absent (set -Ddynakey.data=DIR or DYNAKEY_DATA to point elsewhere).
 */
class RealDataTest {

    private static Telemetry load(String schema, String file) throws Exception {
        Optional<Path> csv = DataLocation.train(file);
        if (csv.isEmpty()) {
            System.out.println("SKIPPED: shared data not found (" + file + "); " + DataLocation.PUBLISHED);
        }
        assumeTrue(csv.isPresent(), "shared data not found: " + file);
        return new TelemetryLoader(Schemas.named(schema)).load(csv.get(), ProgressListener.NONE);
    }

    @Test
    void iot23_tree_and_forest_export_exactly_and_match_the_published_f1() throws Exception {
        Telemetry data = load("iot23", "iot23/iot23_zeek_conn_sample.csv");
        Split split = new Splitter(0.7, 0.15, 42).stratified(data);
        for (int trees : new int[] {1, 5}) {
            TrainedModel m = new ForestTrainer().train(data, split.train(), TrainOptions.defaults(Task.BINARY).withTrees(trees));
            ExportResult r = new ExactExporter().export(m, data, split.train(), split.test(),
                    new ExactExporter.Header(1, 1, 42, 0, new byte[16]));
            assertEquals(1.0, r.agreement(), "agreement of " + trees + " tree(s)");
            double f1 = Evaluation.of(m, data, split.test()).attackF1();
            assertTrue(f1 > 0.975, "F1 " + f1 + " (published 0.983)");
        }
    }

    @Test
    void iot23_held_out_by_capture_scores_like_the_published_figure() throws Exception {
        Telemetry data = load("iot23", "iot23/iot23_zeek_conn_sample.csv");
        Split split = new Splitter(0.7, 0.15, 42).grouped(data, java.util.Set.of("192.168.100"));
        TrainedModel m = new ForestTrainer().train(data, split.train(), TrainOptions.defaults(Task.BINARY));
        assertTrue(Evaluation.of(m, data, split.test()).attackF1() > 0.99);
    }

    @Test
    void ton_iot_leaks_are_gone_so_single_readings_score_low() throws Exception {
        // spelling leaks (padding) would give ~100 %; once normalised, Fridge readings carry little signal
        Telemetry data = load("ton_iot_fridge", "ton_iot/Train_Test_IoT_Fridge.csv");
        Split split = new Splitter(0.7, 0.15, 42).stratified(data);
        TrainedModel m = new ForestTrainer().train(data, split.train(), TrainOptions.defaults(Task.BINARY).withDepth(8));
        Evaluation e = Evaluation.of(m, data, split.test());
        assertTrue(e.confusion().accuracy() < 0.8, "accuracy " + e.confusion().accuracy() + " suggests a leak");
        ExportResult r = new ExactExporter().export(m, data, split.train(), split.test(),
                new ExactExporter.Header(1, 1, 42, 0, new byte[16]));
        assertEquals(1.0, r.agreement());
    }
}
