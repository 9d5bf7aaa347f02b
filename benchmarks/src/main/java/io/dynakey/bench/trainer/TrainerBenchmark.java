package io.dynakey.bench.trainer;

import io.dynakey.models.TinyModel;
import io.dynakey.trainer.TrainConfig;
import io.dynakey.trainer.TrainingPipeline;
import io.dynakey.trainer.data.ProgressListener;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Split;
import io.dynakey.trainer.data.Splitter;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.export.DeviceCheck;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.export.ExportResult;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainOptions;
import io.dynakey.trainer.model.TrainedModel;
import io.dynakey.trainer.robust.RobustnessEvaluation;
import io.dynakey.trainer.robust.ThreatModel;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Measures the trainer on one data set. Every figure comes with a baseline measured in the same
 * run: loading against plain line reading of the same file, forest training against one CART
 * tree, device evaluation against Tribuo's prediction, export against training.
 */
public final class TrainerBenchmark {

    /**
     * One table row.
     *
     * @param stage    what was measured
     * @param rows     rows processed
     * @param seconds  wall time
     * @param baseline name of the baseline row, or empty
     * @param ratio    this rate divided by the baseline's rate (NaN without baseline)
     */
    public record Row(String stage, long rows, double seconds, String baseline, double ratio) {
        /** @return rows per second */
        public double rate() {
            return rows / seconds;
        }
    }

    /**
     * @param rows          the table
     * @param peakHeapBytes peak heap use over the run (sum of the heap pools' peaks)
     * @param pipelineSeconds the whole {@code dynakey train} pipeline (no sweep)
     */
    public record Result(List<Row> rows, long peakHeapBytes, double pipelineSeconds, Robustness robustness) {
    }

    /**
     * Robustness certification of a 10-tree depth-8 forest (issue 13: at most 10 ms per input).
     *
     * @param inputs        held-out inputs certified
     * @param nodes         internal nodes of the forest
     * @param certifyMillis mean certification time per input (binary search over the budgets)
     * @param searchMillis  mean bounded evasion search per input (after the certificate)
     * @param exactShare    share of inputs whose search finished within its node budget
     */
    public record Robustness(int inputs, int nodes, double certifyMillis, double searchMillis, double exactShare) {
    }

    /** Certifies (and attacks) up to {@code limit} held-out rows with a 10 x depth-8 forest. */
    static Robustness robustness(Telemetry data, Split split, Schema schema, int limit, PrintStream log) throws Exception {
        TrainOptions o = new TrainOptions(Task.BINARY, 10, 8, 5, 0.7f, 42);
        TrainedModel forest = new ForestTrainer().train(data, split.train(), o);
        ExportResult exported = new ExactExporter().export(forest, data, split.train(), split.test(),
                new ExactExporter.Header(1, 1, 42, 0, new byte[16]));
        TinyModel model = TinyModel.parse(exported.file());
        int n = Math.min(limit, split.test().length);
        long[][] x = new long[n][];
        boolean[] attack = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i] = data.row(split.test()[i]);
            attack[i] = data.attack()[split.test()[i]] == 1;
        }
        ThreatModel threat = ThreatModel.of(schema, model);
        int benign = RobustnessEvaluation.inferBenignClass(model);
        // a warm-up pass, then the measured one
        RobustnessEvaluation.of(model, threat, x, attack, benign, new int[] {0, 1024}, 2_000);
        RobustnessEvaluation r = RobustnessEvaluation.of(model, threat, x, attack, benign, new int[] {0, 1024}, 2_000);
        log.printf("certified %d inputs: %.3f ms each%n", n, r.certifyMillis());
        return new Robustness(n, model.nodeCount(), r.certifyMillis(), r.searchMillis(), (double) r.exactRows() / n);
    }

    /** Runs everything; {@code repeat} times per stage, the best time kept. */
    public Result run(Path csv, Schema schema, Path scratch, int repeat, PrintStream log) throws Exception {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        List<Row> rows = new ArrayList<>();
        long lines = 0;
        double readLines = Double.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            long t = System.nanoTime();
            lines = 0;
            try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                while (r.readLine() != null) {
                    lines++;
                }
            }
            readLines = Math.min(readLines, secs(t));
        }
        Row base = new Row("read lines (baseline)", lines - 1, readLines, "", Double.NaN);
        rows.add(base);
        Telemetry data = null;
        double load = Double.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            long t = System.nanoTime();
            data = new TelemetryLoader(schema).load(csv, ProgressListener.NONE);
            load = Math.min(load, secs(t));
        }
        rows.add(ratio(new Row("load through schema", data.rows(), load, base.stage(), 0), base));
        log.println("loaded " + data.rows() + " rows");
        Split split = new Splitter(0.7, 0.15, 42).stratified(data);
        TrainOptions cart = TrainOptions.defaults(Task.BINARY);
        TrainedModel tree = null;
        double tCart = Double.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            long t = System.nanoTime();
            tree = new ForestTrainer().train(data, split.train(), cart);
            tCart = Math.min(tCart, secs(t));
        }
        Row cartRow = new Row("train CART depth 6", split.train().length, tCart, "", Double.NaN);
        rows.add(cartRow);
        long t = System.nanoTime();
        TrainedModel forest = new ForestTrainer().train(data, split.train(), cart.withTrees(10));
        rows.add(ratio(new Row("train forest 10 x depth 6", split.train().length, secs(t), cartRow.stage(), 0), cartRow));
        log.println("trained");
        ExportResult exported = null;
        double tExport = Double.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            t = System.nanoTime();
            exported = new ExactExporter().export(forest, data, split.train(), split.test(),
                    new ExactExporter.Header(1, 1, 42, 0, new byte[16]));
            tExport = Math.min(tExport, secs(t));
        }
        rows.add(ratio(new Row("export forest + agreement check", split.test().length, tExport, "train forest 10 x depth 6", 0),
                rows.get(rows.size() - 1)));
        long[][] test = new long[split.test().length][];
        for (int i = 0; i < test.length; i++) {
            test[i] = data.row(split.test()[i]);
        }
        int sink = 0;
        double tTribuo = Double.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            t = System.nanoTime();
            for (long[] r : test) {
                sink += forest.predict(r);
            }
            tTribuo = Math.min(tTribuo, secs(t));
        }
        Row tribuo = new Row("predict forest, Tribuo", test.length, tTribuo, "", Double.NaN);
        rows.add(tribuo);
        DeviceCheck device = DeviceCheck.of(exported.file());
        double tDevice = Double.MAX_VALUE;
        for (int i = 0; i < Math.max(repeat, 5); i++) {
            t = System.nanoTime();
            for (long[] r : test) {
                sink += device.predict(r);
            }
            tDevice = Math.min(tDevice, secs(t));
        }
        rows.add(ratio(new Row("predict forest, device evaluator", test.length, tDevice, tribuo.stage(), 0), tribuo));
        if (sink == 42) {
            log.println();
        }
        Robustness robust = robustness(data, split, schema, 2000, log);
        t = System.nanoTime();
        new TrainingPipeline(new PrintStream(java.io.OutputStream.nullOutputStream()), ProgressListener.NONE).run(
                new TrainConfig(csv, schema, scratch.resolve("report"), cart, 0, false, Set.of(), 0.7, 0.15,
                        scratch.resolve("bench.key"), 1, 1, false));
        double pipeline = secs(t);
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return new Result(List.copyOf(rows), peak, pipeline, robust);
    }

    private static Row ratio(Row r, Row base) {
        return new Row(r.stage(), r.rows(), r.seconds(), base.stage(), r.rate() / base.rate());
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Formats the result as a Markdown table. */
    public static String table(Result r, String dataset) {
        StringBuilder sb = new StringBuilder();
        sb.append("| stage (").append(dataset).append(") | rows | seconds | rows/s | vs baseline |\n");
        sb.append("|---|---:|---:|---:|---|\n");
        for (Row row : r.rows()) {
            sb.append(String.format("| %s | %,d | %.3f | %,.0f | %s |%n", row.stage(), row.rows(), row.seconds(), row.rate(),
                    row.baseline().isEmpty() ? "baseline" : String.format("%.3fx %s", row.ratio(), row.baseline())));
        }
        sb.append(String.format("%nPeak heap: %.0f MB. Whole `dynakey train` pipeline (load, split, train binary and "
                + "multi-class, export, sign, report, no sweep): %.1f s.%n", r.peakHeapBytes() / 1e6, r.pipelineSeconds()));
        Robustness rb = r.robustness();
        sb.append(String.format("Robustness certificate of a 10-tree depth-8 forest (%,d internal nodes, schema threat "
                + "model): %.3f ms per input over %,d held-out inputs (target <= 10 ms); bounded evasion search %.3f ms "
                + "per input, exact on %.1f %% of them.%n", rb.nodes(), rb.certifyMillis(), rb.inputs(), rb.searchMillis(),
                100 * rb.exactShare()));
        return sb.toString();
    }
}
