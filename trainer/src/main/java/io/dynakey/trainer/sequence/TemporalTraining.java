package io.dynakey.trainer.sequence;

import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.trainer.TrainingPipeline;
import io.dynakey.trainer.data.CsvReader;
import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.ProgressListener;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.export.ExportException;
import io.dynakey.trainer.export.ExportResult;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.TrainOptions;
import io.dynakey.trainer.model.TrainedModel;
import io.dynakey.trainer.report.Charts;
import io.dynakey.trainer.report.Json;
import io.dynakey.trainer.report.ReportWriter;
import io.dynakey.trainer.sign.SigningKey;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dynakey train --temporal}: a first stage, a sequence teacher and the distilled temporal
 * student from one labelled CSV whose rows carry a time column, split by time blocks.
 *
 * <p>The rows are put in time order and cut into {@link #BLOCKS} blocks of equal row count; block
 * {@code b} serves by {@code b mod 5}: 0 and 1 train the first stage, 3 the teacher and the student,
 * 4 calibrates the student's alarms, 2 is the test. No window, sequence or mixture crosses roles,
 * and the time column is never a feature: only the gap between consecutive rows reaches the device
 * (as the windows' span, an inter-arrival feature).
 */
public final class TemporalTraining {

    /** Time blocks of the split. */
    public static final int BLOCKS = 20;
    /** The student's alarm budget here: 1 % of the benign calibration windows. */
    static final double ALARM_RATE = 0.01;
    /** Windows of a real sequence, at most. */
    static final int WINDOWS_PER_SEQUENCE = 288;

    /**
     * @param data labelled CSV
     * @param schema its schema
     * @param timeColumn the column with each row's time, seconds (e.g. {@code ts}); read for order and gaps only
     * @param sequenceColumn the column naming whose sequence a row belongs to (e.g. IoT-23's originating host
     *     {@code id.orig_h}), or null for one sequence per time block; read for grouping only, never a feature
     * @param out output folder
     * @param firstStage options of the first stage
     * @param rowsPerWindow rows per window
     * @param teacher the teacher's options
     * @param keyFile the model-signing key (created if absent)
     */
    public record Config(Path data, Schema schema, String timeColumn, String sequenceColumn, Path out,
                         TrainOptions firstStage, int rowsPerWindow, TeacherOptions teacher, Path keyFile, long modelId,
                         long modelVersion) {
    }

    private final PrintStream log;
    private final ProgressListener progress;

    public TemporalTraining(PrintStream log, ProgressListener progress) {
        this.log = log;
        this.progress = progress;
    }

    /** Runs it: model.dktm (format 1.2, signed), metrics.json, report.html and its plot in {@code out}. */
    public TemporalDistiller.Result run(Config c) throws IOException, DataException, ExportException, ModelFormatException {
        Telemetry data = new TelemetryLoader(c.schema()).load(c.data(), progress);
        long[] time = times(c.data(), c.timeColumn(), data.rows());
        int[] key = c.sequenceColumn() == null ? null : keys(c.data(), c.sequenceColumn(), data.rows());
        Integer[] order = new Integer[data.rows()];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        Arrays.sort(order, (a, b) -> time[a] != time[b] ? Long.compare(time[a], time[b]) : Integer.compare(a, b));
        long[] gap = new long[data.rows()];
        int[][] roleRows = new int[5][];
        List<List<Integer>> roles = new ArrayList<>();
        List<List<int[]>> blocksByRole = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            roles.add(new ArrayList<>());
            blocksByRole.add(new ArrayList<>());
        }
        int n = order.length;
        for (int b = 0; b < BLOCKS; b++) {
            int lo = (int) ((long) n * b / BLOCKS);
            int hi = (int) ((long) n * (b + 1) / BLOCKS);
            int[] block = new int[hi - lo];
            for (int i = lo; i < hi; i++) {
                int r = order[i];
                block[i - lo] = r;
                gap[r] = i == lo ? 0 : Math.max(0, time[r] - time[order[i - 1]]);
                roles.get(b % 5).add(r);
            }
            blocksByRole.get(b % 5).add(block);
        }
        for (int k = 0; k < 5; k++) {
            roleRows[k] = roles.get(k).stream().mapToInt(Integer::intValue).toArray();
        }
        int[] firstRows = concat(roleRows[0], roleRows[1]);
        log.printf(Locale.ROOT, "time-block split: %d blocks of %,d rows in time order (%s); first stage %,d rows, "
                        + "student and teacher %,d, calibration %,d, test %,d%n", BLOCKS, n / BLOCKS, c.timeColumn(),
                firstRows.length, roleRows[3].length, roleRows[4].length, roleRows[2].length);
        TrainedModel trained = new ForestTrainer().train(data, firstRows, c.firstStage());
        ExportResult ex = new ExactExporter().export(trained, data, firstRows, roleRows[3],
                new ExactExporter.Header(c.modelId(), c.modelVersion(), c.firstStage().seed(),
                        System.currentTimeMillis() / 1000, Arrays.copyOf(TrainingPipeline.sha256(c.data()), 16)));
        TemporalDistiller.Options o = TemporalDistiller.Options.defaults(c.firstStage().seed())
                .withRowsPerWindow(c.rowsPerWindow()).withGroups(1).withSequences(400, 200).withFalseAlarmRate(ALARM_RATE);
        List<TemporalDistiller.Plan> train = real(data, blocksByRole.get(3), time, key, c.rowsPerWindow(), "student block");
        TemporalDistiller.Pools trainPool = new TemporalDistiller.Pools(data, roleRows[3], 1);
        train.addAll(TemporalDistiller.mixtures(trainPool, o, o.trainSequences(), o.seed(), gap));
        List<TemporalDistiller.Plan> calibration = real(data, blocksByRole.get(4), time, key, c.rowsPerWindow(),
                "calibration block");
        calibration.addAll(TemporalDistiller.mixtures(new TemporalDistiller.Pools(data, roleRows[4], 1), o,
                o.trainSequences() / 2, o.seed() ^ 0x3C6EF372L, gap));
        List<TemporalDistiller.Plan> test = real(data, blocksByRole.get(2), time, key, c.rowsPerWindow(), "test block");
        String split = String.format(Locale.ROOT, "time blocks: %d blocks of consecutive rows by %s; student and teacher "
                        + "on blocks 3, 8, 13, 18 (real sequences and %d mixtures of their rows), calibration on blocks 4, 9, "
                        + "14, 19, test on the real sequences of blocks 2, 7, 12, 17 only; first stage on the other 8 "
                        + "blocks; %d rows per window; real sequences %s", BLOCKS, c.timeColumn(), o.trainSequences(),
                c.rowsPerWindow(), key == null ? "one per block" : "one per " + c.sequenceColumn() + " within each block");
        TemporalDistiller.Result r = TemporalDistiller.distil(ex.file(), data, trainPool.benign, train, calibration,
                test, o, null, c.teacher(), (done, total, seen) -> progress.progress(done, total, seen), null, split);
        byte[] file = r.file().clone();
        Files.createDirectories(c.out());
        String publicKey;
        try (SigningKey signing = new TrainingPipeline(log, progress).loadOrCreateKey(c.keyFile())) {
            TinyModelWriter.attachSignature(file, signing.sign(file, 0, TinyModelWriter.signedLength(file)));
            publicKey = signing.publicKeyHex();
        }
        Files.write(c.out().resolve(TrainingPipeline.MODEL), file);
        TinyModel parsed = TinyModel.parse(file);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("format", "1." + parsed.formatMinor());
        metrics.put("split", split);
        metrics.put("row_model", detection(r.rowModel(), "the first stage alone: alarm when the window's mean row risk >= 500"));
        if (r.teacher() != null) {
            metrics.put("teacher", detection(r.teacher(), r.labels()));
        }
        Map<String, Object> student = detection(r.student(), "second stage, calibrated: alarm at risk >= 600");
        student.put("fidelity", r.fidelity());
        student.put("labels", r.labels());
        student.put("temporal_features", r.spec().toString());
        student.put("nodes", r.studentNodes());
        student.put("state_bytes", r.stateBytes());
        student.put("alarm_share", r.tauShare());
        metrics.put("student", student);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("data", c.data().toString());
        provenance.put("data_sha256", HexFormat.of().formatHex(TrainingPipeline.sha256(c.data())));
        provenance.put("schema", c.schema().name());
        provenance.put("first_stage", c.firstStage().describe());
        provenance.put("distillation", o.describe());
        provenance.put("public_key", publicKey);
        provenance.put("file_bytes", file.length);
        metrics.put("provenance", provenance);
        Files.writeString(c.out().resolve(TrainingPipeline.METRICS), Json.write(metrics));
        Charts.bars(List.of("row-only F1", "teacher F1", "student F1"),
                List.of(r.rowModel().f1(), r.teacher() == null ? 0 : r.teacher().f1(), r.student().f1()),
                c.schema().name() + ": per-window F1 on held-out time blocks", "F1", c.out().resolve("temporal-f1.png"));
        Files.writeString(c.out().resolve(TrainingPipeline.REPORT), html(c, r, split));
        log.printf(Locale.ROOT, "temporal: row-only F1 %.3f (FPR %.4f), teacher F1 %s, student F1 %.3f (FPR %.4f, "
                        + "fidelity %.3f, detected %.1f %% after %.1f windows); %s -> %s%n", r.rowModel().f1(),
                r.rowModel().falsePositiveRate(), r.teacher() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.teacher().f1()),
                r.student().f1(), r.student().falsePositiveRate(), r.fidelity(), 100 * r.student().detected(),
                r.student().meanDelayWindows(), r.labels(), c.out().resolve(TrainingPipeline.MODEL));
        return r;
    }

    private static List<TemporalDistiller.Plan> real(Telemetry data, List<int[]> blocks, long[] time, int[] key, int rows,
                                                     String name) {
        List<TemporalDistiller.Plan> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (key == null) {
                out.addAll(TemporalDistiller.ordered(data, blocks.get(i), time, rows, WINDOWS_PER_SEQUENCE, name + " " + i));
                continue;
            }
            // the block's rows are in time order: each key's rows keep that order
            Map<Integer, List<Integer>> byKey = new LinkedHashMap<>();
            for (int r : blocks.get(i)) {
                byKey.computeIfAbsent(key[r], k -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<Integer, List<Integer>> e : byKey.entrySet()) {
                int[] seq = e.getValue().stream().mapToInt(Integer::intValue).toArray();
                out.addAll(TemporalDistiller.ordered(data, seq, time, rows, WINDOWS_PER_SEQUENCE,
                        name + " " + i + " sequence " + e.getKey()));
            }
        }
        return out;
    }

    private static Map<String, Object> detection(TemporalDistiller.Detection d, String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("f1", d.f1());
        m.put("false_positive_rate", d.falsePositiveRate());
        m.put("detected", d.detected());
        m.put("mean_delay_windows", d.meanDelayWindows());
        m.put("what", what);
        return m;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Each record's time in milliseconds, from a column of decimal seconds (row {@code r} is the
     * {@code r}-th record, as {@link TelemetryLoader} reads them).
     */
    /** Each record's time column in milliseconds (seconds in the CSV). */
    public static long[] times(Path csv, String column, int rows) throws IOException, DataException {
        String[] cells = column(csv, column, rows, "--time-column");
        long[] t = new long[rows];
        for (int r = 0; r < rows; r++) {
            try {
                t[r] = Math.round(Double.parseDouble(cells[r]) * 1000);
            } catch (NumberFormatException e) {
                throw new DataException(csv.toString(), r + 2, column, "time '" + cells[r] + "' is not a number of seconds");
            }
        }
        return t;
    }

    /** Each record's sequence key: equal cells, equal codes (codes in order of first appearance). */
    static int[] keys(Path csv, String column, int rows) throws IOException, DataException {
        String[] cells = column(csv, column, rows, "--sequence-column");
        Map<String, Integer> codes = new LinkedHashMap<>();
        int[] k = new int[rows];
        for (int r = 0; r < rows; r++) {
            k[r] = codes.computeIfAbsent(cells[r], x -> codes.size());
        }
        return k;
    }

    /** The stripped cells of one column, one per record. */
    private static String[] column(Path csv, String column, int rows, String option) throws IOException, DataException {
        String[] out = new String[rows];
        try (CsvReader in = new CsvReader(new InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8),
                csv.toString())) {
            List<String> header = in.next();
            int idx = -1;
            for (int i = 0; header != null && i < header.size(); i++) {
                if (header.get(i).strip().equals(column)) {
                    idx = i;
                }
            }
            if (idx < 0) {
                throw new DataException(csv.toString(), 1, column, "no column '" + column + "' (" + option + ")");
            }
            List<String> row;
            int r = 0;
            while ((row = in.next()) != null && r < rows) {
                out[r++] = row.get(idx).strip();
            }
            if (r != rows) {
                throw new DataException(csv.toString(), in.line(), column, "the file changed while it was read");
            }
        }
        return out;
    }

    private static String html(Config c, TemporalDistiller.Result r, String split) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!doctype html><meta charset=utf-8><title>dynakey temporal model</title>")
                .append("<h1>Temporal model: ").append(ReportWriter.esc(c.schema().name())).append("</h1>")
                .append("<p>").append(ReportWriter.esc(split)).append("</p>")
                .append("<table border=1 cellpadding=4><tr><th>model</th><th>F1</th><th>false-positive rate</th>")
                .append("<th>detected</th><th>mean delay (windows)</th></tr>");
        row(sb, "row-only (first stage)", r.rowModel());
        if (r.teacher() != null) {
            row(sb, "teacher (GRU)", r.teacher());
        }
        row(sb, "student (on the device)", r.student());
        sb.append("</table><p>Student: ").append(r.studentNodes()).append(" nodes, temporal state ")
                .append(r.stateBytes()).append(" B, fidelity to the teacher ")
                .append(String.format(Locale.ROOT, "%.3f", r.fidelity())).append("; labels: ").append(ReportWriter.esc(r.labels()))
                .append("</p><p>").append(ReportWriter.esc(r.spec().toString())).append("</p><img src=temporal-f1.png>");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, TemporalDistiller.Detection d) {
        sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.3f</td><td>%.5f</td><td>%.1f %%</td><td>%.1f</td></tr>",
                name, d.f1(), d.falsePositiveRate(), 100 * d.detected(), d.meanDelayWindows()));
    }
}
