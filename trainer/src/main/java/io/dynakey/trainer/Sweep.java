package io.dynakey.trainer;

import io.dynakey.trainer.data.Split;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.eval.Evaluation;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.export.ExportException;
import io.dynakey.trainer.export.ExportResult;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.TrainOptions;
import io.dynakey.trainer.model.TrainedModel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Accuracy, F1, bytes and export agreement of binary models over several depths and forest sizes. */
public final class Sweep {

    /** Depths of the sweep. */
    static final int[] DEPTHS = {2, 4, 6, 8, 10};
    /** Forest sizes of the sweep. */
    static final int[] TREES = {1, 5};

    /**
     * One sweep point.
     *
     * @param trees     forest size
     * @param depth     maximum depth
     * @param bytes     model file bytes
     * @param accuracy  test accuracy
     * @param f1        test F1 of the attack class
     * @param agreement quantized-vs-Tribuo agreement on test rows (NaN if the export was refused)
     */
    public record Point(int trees, int depth, long bytes, double accuracy, double f1, double agreement) {
    }

    private Sweep() {
    }

    static List<Point> run(Telemetry data, Split split, TrainOptions base, PrintStream log) {
        List<Point> points = new ArrayList<>();
        ForestTrainer trainer = new ForestTrainer();
        ExactExporter exporter = new ExactExporter();
        for (int trees : TREES) {
            for (int depth : DEPTHS) {
                TrainedModel m = trainer.train(data, split.train(), base.withTrees(trees).withDepth(depth));
                Evaluation e = Evaluation.of(m, data, split.test());
                long bytes = io.dynakey.trainer.export.ModelSize.bytes(data.featureCount(), m.trees().size(),
                        m.splitNodes(), m.leaves());
                double agreement;
                try {
                    ExportResult r = exporter.export(m, data, split.train(), split.test(),
                            new ExactExporter.Header(0, 0, base.seed(), 0, new byte[16]));
                    agreement = r.agreement();
                } catch (ExportException ex) {
                    agreement = Double.NaN;
                }
                points.add(new Point(trees, depth, bytes, e.confusion().accuracy(), e.attackF1(), agreement));
                log.printf("  sweep: %2d tree(s), depth %2d: %,7d bytes, accuracy %.4f, F1 %.4f, agreement %.4f%n",
                        trees, depth, bytes, e.confusion().accuracy(), e.attackF1(), agreement);
            }
        }
        return points;
    }
}
