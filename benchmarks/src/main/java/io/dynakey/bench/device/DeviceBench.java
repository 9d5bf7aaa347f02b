package io.dynakey.bench.device;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link DeviceBenchmark} with JMH (GC profiler on) and turns the results into one row per
 * model: ns and bytes per prediction for dynakey, Tribuo and the double[] walk, the ratios against
 * dynakey measured in the same run, and the model's bytes per internal node.
 */
public final class DeviceBench {

    /** JMH settings; {@link #quick()} is what {@code ./dynakey bench device} uses. */
    public record Settings(int warmupIterations, int measurementIterations, int secondsPerIteration, int forks) {
        public static Settings quick() {
            return new Settings(3, 4, 1, 1);
        }
    }

    /** One measured implementation on one model. */
    public record Measure(double nsPerPrediction, double nsError, double bytesPerPrediction) {
    }

    /**
     * One model's row of the table.
     *
     * @param heapBytesPerNode heap the parsed model and its evaluator retain beyond the file itself, per internal node
     * @param cReader the C reader on the same file and inputs, or {@code null} when it could not be built
     * @param agreementWithC share of inputs on which C and Java give the same class and risk
     */
    public record Row(String model, int trees, int depth, int internalNodes, int fileBytes,
                      double nodeTableBytesPerNode, double tableBytesPerNode, double agreement,
                      Measure dynakey, Measure expanded, Measure tribuo, Measure doubleWalk, double heapBytesPerNode,
                      Measure cReader, double agreementWithC) {

        /** Java's time over the C reader's, or NaN without C. */
        public double javaOverC() {
            return cReader == null ? Double.NaN : dynakey.nsPerPrediction() / cReader.nsPerPrediction();
        }

        public double speedupOverTribuo() {
            return tribuo.nsPerPrediction() / dynakey.nsPerPrediction();
        }

        public double speedupOverDoubleWalk() {
            return doubleWalk.nsPerPrediction() / dynakey.nsPerPrediction();
        }
    }

    private DeviceBench() {
    }

    /**
     * The temporal decision against the first stage alone ({@link TemporalBenchmark}), same run:
     * ns and bytes per window of each, and the temporal state's bytes per device.
     */
    public static void temporal(Settings s, boolean verbose, java.io.PrintStream out) throws RunnerException {
        Options opts = options(TemporalBenchmark.class, s, verbose).build();
        Map<String, Measure> m = new LinkedHashMap<>();
        for (RunResult r : new Runner(opts).run()) {
            String label = r.getParams().getBenchmark();
            Result alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            m.put(label.substring(label.lastIndexOf('.') + 1), new Measure(r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError(), alloc == null ? Double.NaN : alloc.getScore()));
        }
        Measure first = m.get("firstStage");
        Measure temporal = m.get("temporalWindow");
        int stateBytes;
        try {
            stateBytes = new io.dynakey.device.features.TemporalState(TemporalBenchmark.model(BenchModels.build("forest-10")))
                    .stateBytes();
        } catch (io.dynakey.models.ModelFormatException e) {
            throw new IllegalStateException(e);
        }
        out.printf(java.util.Locale.ROOT, "window of %d rows, forest-10 first stage, 16 temporal features, depth-8 second stage:%n"
                        + "  first stage alone      %8.1f ns/window (+- %.1f), %5.1f B/window%n"
                        + "  temporal decision      %8.1f ns/window (+- %.1f), %5.1f B/window%n"
                        + "  temporal stage costs   %8.2fx the first stage alone (target <= 2x for the temporal part: %.2fx)%n"
                        + "  temporal state         %d B per device (target <= 256)%n",
                TemporalBenchmark.ROWS, first.nsPerPrediction(), first.nsError(), first.bytesPerPrediction(),
                temporal.nsPerPrediction(), temporal.nsError(), temporal.bytesPerPrediction(),
                temporal.nsPerPrediction() / first.nsPerPrediction(),
                (temporal.nsPerPrediction() - first.nsPerPrediction()) / first.nsPerPrediction(), stateBytes);
    }

    /** JMH options of one benchmark class: the settings' iterations and forks, the GC profiler. */
    private static org.openjdk.jmh.runner.options.ChainedOptionsBuilder options(Class<?> benchmark, Settings s, boolean verbose) {
        return new OptionsBuilder()
                .include(benchmark.getName())
                .warmupIterations(s.warmupIterations())
                .measurementIterations(s.measurementIterations())
                .warmupTime(TimeValue.seconds(s.secondsPerIteration()))
                .measurementTime(TimeValue.seconds(s.secondsPerIteration()))
                .forks(s.forks())
                .addProfiler(GCProfiler.class)
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT)
                .shouldFailOnError(true);
    }

    /** Runs the benchmark; progress goes to JMH's output on {@code System.out} when verbose. */
    public static List<Row> run(Settings s, boolean verbose) throws RunnerException {
        return run(s, verbose, BenchModels.NAMES);
    }

    /** Runs the benchmark on the named models only (see {@link BenchModels#NAMES}). */
    public static List<Row> run(Settings s, boolean verbose, String... models) throws RunnerException {
        Options opts = options(DeviceBenchmark.class, s, verbose).param("model", models).build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Map<String, Measure>> byModel = new LinkedHashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String impl = label.substring(label.lastIndexOf('.') + 1);
            String model = r.getParams().getParam("model");
            Result primary = r.getPrimaryResult();
            Result alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            byModel.computeIfAbsent(model, k -> new LinkedHashMap<>()).put(impl,
                    new Measure(primary.getScore(), primary.getScoreError(),
                            alloc == null ? Double.NaN : alloc.getScore()));
        }
        List<Row> rows = new ArrayList<>();
        java.util.Optional<CReaderBench> c = CReaderBench.build();
        for (String name : BenchModels.NAMES) {
            Map<String, Measure> m = byModel.get(name);
            if (m == null) {
                continue;
            }
            BenchModels built = BenchModels.build(name);
            int depth = 0;
            for (int t = 0; t < built.tiny.treeCount(); t++) {
                depth = Math.max(depth, built.tiny.treeDepth(t));
            }
            double heap;
            try {
                heap = (io.dynakey.hardware.board.RuntimeState.modelBytes(built.tinyBytes) - built.tinyBytes.length)
                        / (double) built.tiny.nodeCount();
            } catch (io.dynakey.models.ModelFormatException e) {
                throw new IllegalStateException(e);
            }
            Measure cMeasure = null;
            double agreeC = Double.NaN;
            if (c.isPresent()) {
                try {
                    CReaderBench.Result cr = c.get().run(built.tinyBytes, built.rawInputs);
                    cMeasure = new Measure(cr.nsPerPrediction(), 0, 0);
                    int same = 0;
                    for (int i = 0; i < built.rawInputs.length; i++) {
                        if (cr.results()[i] == built.evaluator.evaluate(built.rawInputs[i], 0)) {
                            same++;
                        }
                    }
                    agreeC = same / (double) built.rawInputs.length;
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("the C reader run failed: " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            rows.add(new Row(name, built.tiny.treeCount(), depth, built.tiny.nodeCount(), built.tinyBytes.length,
                    built.nodeTableBytesPerNode(), built.tableBytesPerNode(), built.agreement(),
                    m.get("dynakey"), m.get("expanded"), m.get("tribuo"), m.get("doubleWalk"), heap, cMeasure, agreeC));
        }
        return rows;
    }

    /** Prints the rows as a Markdown table (readable on a terminal too). */
    public static void print(List<Row> rows, PrintStream out) {
        out.println("| model | trees | depth | nodes | dynakey ns/pred | C reader ns/pred | dynakey / C | Tribuo ns/pred "
                + "| double[] ns/pred | expanded ns/pred (previous evaluator, +17 B/node) | Tribuo / dynakey | double[] / dynakey | B/pred dynakey | B/pred Tribuo "
                + "| B/pred double[] | node bytes/node | node+leaf bytes/node | heap bytes/node beyond the file "
                + "| file bytes | agree (Tribuo, double[]) | agree with C |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            out.println(String.format(Locale.ROOT,
                    "| %s | %d | %d | %d | %.1f ± %.1f | %s | %s | %.1f ± %.1f | %.1f ± %.1f | %.1f ± %.1f | %.1fx | %.2fx | %.0f | %.0f | %.0f "
                            + "| %.1f | %.2f | %.2f | %d | %.1f%% | %s |",
                    r.model(), r.trees(), r.depth(), r.internalNodes(),
                    r.dynakey().nsPerPrediction(), r.dynakey().nsError(),
                    r.cReader() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", r.cReader().nsPerPrediction()),
                    r.cReader() == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", r.javaOverC()),
                    r.tribuo().nsPerPrediction(), r.tribuo().nsError(),
                    r.doubleWalk().nsPerPrediction(), r.doubleWalk().nsError(),
                    r.expanded().nsPerPrediction(), r.expanded().nsError(),
                    r.speedupOverTribuo(), r.speedupOverDoubleWalk(),
                    r.dynakey().bytesPerPrediction(), r.tribuo().bytesPerPrediction(),
                    r.doubleWalk().bytesPerPrediction(), r.nodeTableBytesPerNode(), r.tableBytesPerNode(),
                    r.heapBytesPerNode(), r.fileBytes(), 100 * r.agreement(),
                    Double.isNaN(r.agreementWithC()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * r.agreementWithC())));
        }
    }
}
