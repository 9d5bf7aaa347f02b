package io.dynakey.bench.device;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.device.model.TemporalDetector;
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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One decision window of {@link #ROWS} rows: the first stage alone (each row scored) against the
 * whole temporal decision (rows scored, temporal state advanced, second stage scored), on the
 * forest-10 benchmark model with 16 temporal features of every kind and a depth-8 second stage.
 * Results are per window.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TemporalBenchmark {

    /** Rows per window, as the fleet's. */
    public static final int ROWS = 4;
    /** Windows per invocation. */
    public static final int WINDOWS = 128;

    private long[][] rows;
    private ForestEvaluator first;
    private TemporalDetector detector;
    private long now;

    /** The benchmark's format 1.2 model: forest-10 and a second stage over 16 temporal features. */
    public static TinyModel model(BenchModels base) throws ModelFormatException {
        int f = base.tiny.featureCount();
        int[][] defs = {
            {ModelFormat.TEMPORAL_CURRENT, ModelFormat.SOURCE_MEAN_RISK, 0, 0},
            {ModelFormat.TEMPORAL_CURRENT, ModelFormat.SOURCE_MAX_RISK, 0, 0},
            {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_MEAN_RISK, 2, 0},
            {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_MEAN_RISK, 4, 0},
            {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_MEAN_RISK, 6, 0},
            {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_HIGH_SHARE, 3, 0},
            {ModelFormat.TEMPORAL_CUSUM, ModelFormat.SOURCE_MEAN_RISK, 60, 8000},
            {ModelFormat.TEMPORAL_CUSUM, ModelFormat.SOURCE_HIGH_SHARE, 120, 8000},
            {ModelFormat.TEMPORAL_COUNT_AT_LEAST, ModelFormat.SOURCE_MAX_RISK, 500, 36},
            {ModelFormat.TEMPORAL_COUNT_AT_LEAST, ModelFormat.SOURCE_MAX_RISK, 500, 64},
            {ModelFormat.TEMPORAL_SINCE_AT_LEAST, ModelFormat.SOURCE_MAX_RISK, 500, 0},
            {ModelFormat.TEMPORAL_INTERVAL, 0, 0, 0},
            {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_FEATURE_FIRST, 3, 0},
            {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_FEATURE_FIRST + Math.min(1, f - 1), 3, 0},
            {ModelFormat.TEMPORAL_CURRENT, ModelFormat.SOURCE_FEATURE_FIRST + Math.min(2, f - 1), 0, 0},
            {ModelFormat.TEMPORAL_CUSUM, ModelFormat.SOURCE_FEATURE_FIRST + Math.min(3, f - 1), 1000, 60000},
        };
        int k = defs.length;
        int[][] cols = new int[4][k];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < 4; c++) {
                cols[c][i] = defs[i][c];
            }
        }
        TemporalSpec spec = new TemporalSpec(500, cols[0], cols[1], cols[2], cols[3]);
        TinyModelWriter stage = new TinyModelWriter(1, 1, 2);
        for (int i = 0; i < k; i++) {
            stage.addFeature(new FeatureSpec(FeatureIds.TEMPORAL_FIRST + i, FeatureUnits.COUNT, 0, QuantizerSpec.linear(0, 1, 0)));
        }
        stage.addTree(tree(8, 0, k));
        return TinyModel.parse(TinyModelWriter.withTemporal(base.tinyBytes, spec, stage.toBytes()));
    }

    /** A full tree of the given depth splitting on the features in turn. */
    private static TreeNode tree(int depth, int at, int features) {
        if (depth == 0) {
            return TreeNode.leaf(at & 1, (at * 37) & 0xFF);
        }
        return TreeNode.split(at % features, 100 + 37 * at, tree(depth - 1, 2 * at + 1, features),
                tree(depth - 1, 2 * at + 2, features));
    }

    @Setup
    public void setup() throws ModelFormatException {
        BenchModels base = BenchModels.build("forest-10");
        TinyModel model = model(base);
        first = new ForestEvaluator(model);
        detector = new TemporalDetector(model);
        rows = base.rawInputs;
    }

    @Benchmark
    @OperationsPerInvocation(WINDOWS)
    public void firstStage(Blackhole bh) {
        int r = 0;
        for (int w = 0; w < WINDOWS; w++) {
            int sum = 0;
            for (int i = 0; i < ROWS; i++) {
                sum += ForestEvaluator.riskOf(first.evaluate(rows[r++ % rows.length], 0));
            }
            bh.consume(sum);
        }
    }

    @Benchmark
    @OperationsPerInvocation(WINDOWS)
    public void temporalWindow(Blackhole bh) {
        int r = 0;
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < ROWS; i++) {
                detector.addRow(rows[r++ % rows.length], 0);
            }
            now += 300_000;
            bh.consume(detector.endWindow(now));
        }
    }
}
