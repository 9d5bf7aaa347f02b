package io.dynakey.trainer.sequence;

import io.dynakey.device.model.TemporalDetector;
import io.dynakey.models.Crc32;
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
import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.ProgressListener;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.export.ExportException;
import io.dynakey.trainer.export.ExportResult;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainOptions;
import io.dynakey.trainer.model.TrainedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Distils a sequence teacher into the device's temporal student (docs/temporal.md): window
 * sequences are built from labelled rows, the device's own {@link TemporalDetector} computes the
 * temporal features window by window, the teacher (or, without one, the ground truth) labels each
 * window, and a Tribuo tree over the temporal features learns those labels and is exported exactly
 * as the second stage of a format 1.2 file.
 *
 * <p>The student's leaves are then calibrated to the governor: a leaf whose training windows are
 * attack at least {@code tau} of the time says 1000 permille (the governor rotates on it), every
 * other leaf its share, at most 596 permille (below the governor's "rotate now" threshold, so a leaf
 * of medium share can still rotate a key through the governor's "soon, escalated after a sustained
 * delay" path and its token bucket). {@code tau} is
 * the smallest share at which the benign training windows would raise at most the allowed false
 * alarms per device-month; when none does, no leaf says 1000 and the student never rotates a key
 * (the device falls back to its calendar and hard limits).
 */
public final class TemporalDistiller {

    /**
     * Risk byte of a calibrated quiet leaf: at most 152/255 = 596 permille, under the governor's 600.
     * (At 76, 298 permille, the governor's "soon" level of 400 was out of reach: a student that was
     * sure of a sparse attack only in medium leaves never rotated for it.)
     */
    static final int QUIET_RISK = 152;
    /** The fleet's false-alarm budget: 0.5 alarm windows per device-month of 5-minute windows. */
    public static final double FLEET_ALARM_RATE = 0.5 / (30.0 * 24 * 12);
    /** A first stage of at most this many features gets the bank of feature aggregates and pace. */
    static final int WEAK_FEATURES = 4;
    /** Fewest training windows in a student leaf. */
    static final int MIN_LEAF = 50;
    /** Window length the fleet and the demo use. */
    public static final long DEFAULT_WINDOW_MILLIS = 300_000;

    /** Labels windows from their history: the sequence teacher. */
    public interface Labeller {
        /**
         * @param sequences per sequence, per window: the inputs {@link #STEP_WIDTH} describes
         * @return per sequence, per window: the probability that the device is compromised
         */
        float[][] predictAll(List<float[][]> sequences);

        /** One line for the report. */
        String describe();
    }

    /**
     * Inputs per window every teacher sees: mean risk, maximum risk, high-row share (each / 1000);
     * then the window's span (hours, at most 1) and, for a first stage of at most 4 features, each
     * feature's mean quantized value / 65535.
     */
    public static final int STEP_WIDTH = 3;

    /**
     * @param rowsPerWindow rows (observations) per window
     * @param windowMillis window length
     * @param windowsPerSequence windows per synthetic sequence
     * @param trainSequences synthetic sequences from the training rows
     * @param testSequences synthetic sequences from the held-out rows
     * @param attackShares shares of attack rows after the onset, drawn per sequence
     * @param depth student tree depth
     * @param seed seed of the sequence draws
     * @param falseAlarmRate allowed share of benign calibration windows the student alarms on
     */
    public record Options(int rowsPerWindow, long windowMillis, int windowsPerSequence, int trainSequences,
                          int testSequences, double[] attackShares, int depth, long seed, double falseAlarmRate,
                          int groups) {

        public Options {
            if (rowsPerWindow < 1 || windowMillis < 1000 || windowsPerSequence < 8 || trainSequences < 10
                    || testSequences < 1 || attackShares.length == 0 || depth < 1 || depth > 16 || groups < 1) {
                throw new IllegalArgumentException("invalid distillation options");
            }
            attackShares = attackShares.clone();
        }

        /** The fleet's windows (4 rows per 5 min), 1-day sequences, attack shares 1 down to 0.1, its alarm budget. */
        public static Options defaults(long seed) {
            return new Options(4, DEFAULT_WINDOW_MILLIS, 288, 1000, 400,
                    new double[] {1.0, 0.5, 0.25, 0.15, 0.1}, 8, seed, FLEET_ALARM_RATE, 3);
        }

        public Options withSequences(int train, int test) {
            return new Options(rowsPerWindow, windowMillis, windowsPerSequence, train, test, attackShares, depth, seed,
                    falseAlarmRate, groups);
        }

        public Options withRowsPerWindow(int rows) {
            return new Options(rows, windowMillis, windowsPerSequence, trainSequences, testSequences, attackShares,
                    depth, seed, falseAlarmRate, groups);
        }

        /** Device groups: each sequence's benign rows come from one group's rows, as a fleet device's do. */
        public Options withFalseAlarmRate(double rate) {
            return new Options(rowsPerWindow, windowMillis, windowsPerSequence, trainSequences, testSequences,
                    attackShares, depth, seed, rate, groups);
        }

        public Options withGroups(int g) {
            return new Options(rowsPerWindow, windowMillis, windowsPerSequence, trainSequences, testSequences,
                    attackShares, depth, seed, falseAlarmRate, g);
        }

        public String describe() {
            return String.format(Locale.ROOT, "%d train / %d test sequences of %d windows (%d rows per %d-s window), "
                            + "attack shares %s, student depth %d, alarms on <= %.6f of benign calibration windows, seed %d",
                    trainSequences, testSequences, windowsPerSequence, rowsPerWindow, windowMillis / 1000,
                    Arrays.toString(attackShares), depth, falseAlarmRate, seed);
        }
    }

    /**
     * Per-window detection figures on one set of sequences.
     *
     * @param f1 F1 of the attack windows
     * @param falsePositiveRate share of benign windows alarmed
     * @param detected share of attacked sequences with an alarm at or after the onset
     * @param meanDelayWindows mean windows from onset to the first alarm, over detected sequences
     */
    public record Detection(double f1, double falsePositiveRate, double detected, double meanDelayWindows) {
    }

    /**
     * @param file the format 1.2 file (first stage, temporal section, second stage), unsigned
     * @param spec the temporal features
     * @param tauShare calibrated alarm share of the student's leaves (2.0 when no leaf alarms)
     * @param rowModel the first stage alone (alarm: the window's mean row risk at least 500)
     * @param teacher the teacher (alarm: probability at least 0.5), or null without one
     * @param student the student (alarm: its calibrated risk at least 600)
     * @param fidelity share of test windows where student and teacher (or truth) agree
     * @param studentNodes internal nodes of the student
     * @param stateBytes the device's temporal state, bytes
     * @param labels what labelled the student's training windows
     * @param split how the sequences were built and split
     */
    public record Result(byte[] file, TemporalSpec spec, double tauShare, Detection rowModel, Detection teacher,
                         Detection student, double fidelity, int studentNodes, int stateBytes, String labels,
                         String split) {
    }

    /**
     * More calibration rows, scored by a first stage that never saw them (cross-fitting: a forest
     * trained on the other folds of the first stage's training part). Its windows join the
     * calibration's; the student never trains on them.
     *
     * @param firstStage a first-stage file with the same features as the real one, trained without {@code rows}
     * @param rows rows it never saw
     */
    public record CalibrationSource(byte[] firstStage, int[] rows) {
    }

    /**
     * The governor the calibration replays on benign calibration windows to count false rotations
     * (the fleet's adaptive policy: smoothing, soon/now thresholds with hysteresis, escalation of a
     * sustained "soon"), and the false rotations per benign device-day it may cause.
     *
     * @param smoothingPermille weight of the newest window in the smoothed risk
     * @param soonPermille the "soon" level (held {@code escalateWindows} windows, a rotation)
     * @param nowPermille the "rotate now" level
     * @param hysteresisPermille how far under a level the risk must fall to leave it
     * @param escalateWindows windows a "soon" level is held before it rotates
     * @param cooldownWindows windows after a counted rotation before another may count
     * @param perDeviceDay allowed false rotations per benign device-day (a device-day is 24 h of windows)
     */
    public record RotationBudget(int smoothingPermille, int soonPermille, int nowPermille, int hysteresisPermille,
                                 int escalateWindows, int cooldownWindows, double perDeviceDay) {
    }

    /** Window sequences with the device's temporal features computed. */
    static final class Windows {
        final List<float[][]> steps = new ArrayList<>();
        final List<int[]> truth = new ArrayList<>();
        /** Per window, all sequences in order: temporal feature values. */
        long[][] features;
        int count;
    }

    private TemporalDistiller() {
    }

    /**
     * Distils.
     *
     * @param firstStage a valid first-stage file (1.0 or 1.1) trained on {@code trainRows} of {@code data}
     * @param trainRows rows the sequences for training and the teacher are drawn from
     * @param testRows held-out rows the test sequences are drawn from (never used for training)
     * @param teacher the sequence teacher, or null to distil the ground truth
     * @param progress told of each training sequence built (may be null)
     */
    public static Result distil(byte[] firstStage, Telemetry data, int[] trainRows, int[] testRows, Options o,
                                Labeller teacher, IntConsumer progress)
            throws ModelFormatException, ExportException, DataException {
        return distil(firstStage, data, trainRows, trainRows, testRows, o, teacher, progress);
    }

    /**
     * Distils, calibrating the student's alarms on sequences drawn from {@code calibrationRows}
     * (e.g. a validation part; the training rows again, in fresh sequences, when no such part exists).
     */
    public static Result distil(byte[] firstStage, Telemetry data, int[] trainRows, int[] calibrationRows, int[] testRows,
                                Options o, Labeller teacher, IntConsumer progress)
            throws ModelFormatException, ExportException, DataException {
        return distil(firstStage, data, trainRows, calibrationRows, testRows, o, teacher, null, null, progress);
    }

    /**
     * Distils from a {@link SequenceTeacher} trained here, on the student's own training sequences
     * only (the calibration and test sequences never reach it).
     *
     * @param teacherOptions the teacher's options
     * @param teacherProgress told of each epoch (may be null)
     */
    public static Result distilFromTeacher(byte[] firstStage, Telemetry data, int[] trainRows, int[] calibrationRows,
                                           int[] testRows, Options o, TeacherOptions teacherOptions,
                                           ProgressListener teacherProgress, IntConsumer progress)
            throws ModelFormatException, ExportException, DataException {
        return distil(firstStage, data, trainRows, calibrationRows, testRows, o, null, teacherOptions,
                teacherProgress, progress);

    }

    private static Result distil(byte[] firstStage, Telemetry data, int[] trainRows, int[] calibrationRows, int[] testRows,
                                 Options o, Labeller teacher, TeacherOptions teacherOptions,
                                 ProgressListener teacherProgress, IntConsumer progress)
            throws ModelFormatException, ExportException, DataException {
        return distil(firstStage, data, trainRows, calibrationRows, List.of(), testRows, o, null, teacher, teacherOptions,
                teacherProgress, progress);
    }

    /**
     * As {@link #distilFromTeacher(byte[], Telemetry, int[], int[], int[], Options, TeacherOptions,
     * ProgressListener, IntConsumer)}, with more calibration windows from cross-fitted first stages
     * and the alarms calibrated against false rotations of the given governor instead of alarm windows.
     *
     * @param sources more calibration rows and the first stages that score them (may be empty)
     * @param budget the governor and its false-rotation budget, or null for the alarm-window budget
     */
    public static Result distilFromTeacher(byte[] firstStage, Telemetry data, int[] trainRows, int[] calibrationRows,
                                           List<CalibrationSource> sources, int[] testRows, Options o,
                                           RotationBudget budget, TeacherOptions teacherOptions,
                                           ProgressListener teacherProgress, IntConsumer progress)
            throws ModelFormatException, ExportException, DataException {
        return distil(firstStage, data, trainRows, calibrationRows, sources, testRows, o, budget, null, teacherOptions,
                teacherProgress, progress);
    }

    private static Result distil(byte[] firstStage, Telemetry data, int[] trainRows, int[] calibrationRows,
                                 List<CalibrationSource> sources, int[] testRows, Options o, RotationBudget budget,
                                 Labeller teacher, TeacherOptions teacherOptions,
                                 ProgressListener teacherProgress, IntConsumer progress)
            throws ModelFormatException, ExportException, DataException {
        Pools train = new Pools(data, trainRows, o.groups());
        Pools calibration = new Pools(data, calibrationRows, o.groups());
        Pools test = new Pools(data, testRows, o.groups());
        List<byte[]> extraStages = new ArrayList<>();
        List<List<Plan>> extraPlans = new ArrayList<>();
        int extraRows = 0;
        for (int i = 0; i < sources.size(); i++) {
            CalibrationSource c = sources.get(i);
            extraStages.add(c.firstStage());
            extraPlans.add(mixtures(new Pools(data, c.rows(), o.groups()), o, o.trainSequences() / 2,
                    o.seed() ^ (0x7F4A7C15L * (i + 2)), null));
            extraRows += c.rows().length;
        }
        String split = String.format(Locale.ROOT, "synthetic sequences: the student's (and the teacher's) drawn from %,d "
                        + "rows, the alarm calibration's from %,d rows%s, test ones from the %,d held-out rows; %s%s",
                trainRows.length, calibrationRows.length, sources.isEmpty() ? "" : String.format(Locale.ROOT,
                        " and %,d rows of the first stage's training part scored by %d cross-fitted first stages that "
                                + "never saw them", extraRows, sources.size()),
                testRows.length, o.describe(), budget == null ? "" : String.format(Locale.ROOT,
                        "; alarms calibrated to <= %.4f false rotations per benign device-day of the replayed governor",
                        budget.perDeviceDay()));
        return distil(firstStage, data, train.benign, mixtures(train, o, o.trainSequences(), o.seed(), null),
                mixtures(calibration, o, o.trainSequences() / 2, o.seed() ^ 0x3C6EF372L, null), extraStages, extraPlans,
                mixtures(test, o, o.testSequences(), o.seed() ^ 0x5DEECE66DL, null), o, budget, teacher, teacherOptions,
                teacherProgress, progress, split);
    }

    /**
     * Distils from given sequences (e.g. real ones in time order, {@link #ordered}, beside mixtures).
     *
     * @param benignRows benign training rows (the CUSUM references are set from their first-stage risks)
     * @param split how the sequences were built and split, for the report
     */
    public static Result distil(byte[] firstStage, Telemetry data, int[] benignRows, List<Plan> trainPlans,
                                List<Plan> calibrationPlans, List<Plan> testPlans, Options o, Labeller teacher,
                                TeacherOptions teacherOptions, ProgressListener teacherProgress, IntConsumer progress,
                                String split)
            throws ModelFormatException, ExportException, DataException {
        return distil(firstStage, data, benignRows, trainPlans, calibrationPlans, List.of(), List.of(), testPlans, o, null,
                teacher, teacherOptions, teacherProgress, progress, split);
    }

    private static Result distil(byte[] firstStage, Telemetry data, int[] benignRows, List<Plan> trainPlans,
                                 List<Plan> calibrationPlans, List<byte[]> extraStages, List<List<Plan>> extraPlans,
                                 List<Plan> testPlans, Options o, RotationBudget budget, Labeller teacher,
                                 TeacherOptions teacherOptions, ProgressListener teacherProgress, IntConsumer progress,
                                 String split)
            throws ModelFormatException, ExportException, DataException {
        TinyModel first = TinyModel.parse(firstStage);
        int[] columnOf = columnsOf(first, data);
        TemporalSpec spec = bank(first, data, columnOf, benignRows);
        byte[] probe = TinyModelWriter.withTemporal(firstStage, spec, placeholderStage(spec.size()));
        TinyModel probeModel = TinyModel.parse(probe);
        Windows trainWindows = windows(probeModel, data, columnOf, trainPlans, progress);
        Windows calibrationWindows = windows(probeModel, data, columnOf, calibrationPlans, null);
        for (int i = 0; i < extraStages.size(); i++) {
            TinyModel other = TinyModel.parse(extraStages.get(i));
            if (!sameFeatures(first, other)) {
                throw new IllegalArgumentException("a cross-fitted first stage must read the same features in the same order");
            }
            TinyModel otherProbe = TinyModel.parse(TinyModelWriter.withTemporal(extraStages.get(i), spec,
                    placeholderStage(spec.size())));
            append(calibrationWindows, windows(otherProbe, data, columnOf, extraPlans.get(i), null));
        }
        Windows testWindows = windows(probeModel, data, columnOf, testPlans, null);
        if (teacher == null && teacherOptions != null) {
            teacher = trainTeacher(trainWindows, teacherOptions, teacherProgress);
        }
        float[][] teacherTrain = teacher == null ? null : teacher.predictAll(trainWindows.steps);
        float[][] teacherCalibration = teacher == null ? null : teacher.predictAll(calibrationWindows.steps);
        float[][] teacherTest = teacher == null ? null : teacher.predictAll(testWindows.steps);
        // a student from the teacher's labels and one from the ground truth; the calibration sequences
        // (never the test ones) choose: more attack windows caught within the same false-alarm budget
        int[] calibrationTruth = flatten(calibrationWindows.truth);
        Student fromTruth = student(first, spec, trainWindows, flatten(trainWindows.truth), calibrationWindows,
                calibrationTruth, o, budget);
        Student fromTeacher = teacherTrain == null ? null : student(first, spec, trainWindows, threshold(teacherTrain),
                calibrationWindows, threshold(teacherCalibration), o, budget);
        Student chosen = fromTeacher != null && fromTeacher.calibrationRecall(calibrationWindows, calibrationTruth)
                >= fromTruth.calibrationRecall(calibrationWindows, calibrationTruth) ? fromTeacher : fromTruth;
        byte[] stage = chosen.stage;
        double tau = chosen.tau;
        String labels = teacher == null ? "ground truth (no teacher)"
                : (chosen == fromTeacher ? "the teacher's" : "the ground truth's (chosen over the teacher's on the "
                + "calibration sequences)") + " labels; teacher: " + teacher.describe();
        byte[] file = TinyModelWriter.withTemporal(firstStage, spec, stage);
        TinyModel model = TinyModel.parse(file);
        int[] studentAlarm = alarms(model.secondStage(), testWindows);
        Detection rowModel = detection(testWindows, rowAlarms(testWindows));
        Detection teacherD = teacherTest == null ? null : detection(testWindows, threshold(teacherTest));
        Detection student = detection(testWindows, studentAlarm);
        int[] reference = teacherTest == null ? flatten(testWindows.truth) : threshold(teacherTest);
        int agree = 0;
        for (int i = 0; i < studentAlarm.length; i++) {
            agree += studentAlarm[i] == reference[i] ? 1 : 0;
        }
        return new Result(file, spec, tau, rowModel, teacherD, student, agree / (double) studentAlarm.length,
                model.secondStage().nodeCount(), new io.dynakey.device.features.TemporalState(model).stateBytes(),
                labels, split);
    }

    /** A calibrated second stage. */
    private record Student(byte[] stage, double tau) {
        /** Share of the calibration's compromised windows it alarms on. */
        double calibrationRecall(Windows calibration, int[] truth) throws ModelFormatException {
            int[] alarm = alarms(TinyModel.parse(stage), calibration);
            long caught = 0;
            long positives = 0;
            for (int i = 0; i < calibration.count; i++) {
                positives += truth[i];
                caught += truth[i] & alarm[i];
            }
            return positives == 0 ? 0 : caught / (double) positives;
        }
    }

    /** Trains a tree on the windows' temporal features against {@code target}, exports it exactly and calibrates it. */
    private static Student student(TinyModel first, TemporalSpec spec, Windows train, int[] target, Windows calibration,
                                   int[] calibrationTarget, Options o, RotationBudget budget)
            throws DataException, ExportException, ModelFormatException {
        Telemetry table = table(spec, train, target);
        int n = train.count;
        int[] fit = new int[n - n / 10];
        int[] check = new int[n / 10];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (i % 10 == 9 && b < check.length) {
                check[b++] = i;
            } else if (a < fit.length) {
                fit[a++] = i;
            }
        }
        // leaves of at least MIN_LEAF windows: their shares are what the calibration trusts
        TrainOptions opts = new TrainOptions(Task.BINARY, 1, o.depth(), MIN_LEAF, 1f, o.seed());
        TrainedModel trained = new ForestTrainer().train(table, fit, opts);
        ExportResult ex = new ExactExporter().export(trained, table, fit, check,
                new ExactExporter.Header(first.modelId(), first.modelVersion(), o.seed(), first.createdSeconds(), new byte[16]));
        byte[] stage = ex.file().clone();
        double tau = budget == null ? calibrate(stage, calibration, calibrationTarget, o)
                : calibrateRotations(stage, calibration, calibrationTarget, budget);
        return new Student(stage, tau);
    }

    /**
     * Trains the GRU teacher on the windows' steps and ground truth and wraps it as a labeller
     * (its native resources stay open for the JVM's life: a labeller is used a few times, then dropped).
     */
    static Labeller trainTeacher(Windows train, TeacherOptions options, ProgressListener progress) {
        List<WindowSequence> sequences = new ArrayList<>(train.steps.size());
        for (int i = 0; i < train.steps.size(); i++) {
            sequences.add(new WindowSequence(train.steps.get(i), train.truth.get(i), "mixture " + i));
        }
        SequenceTeacher t = SequenceTeacher.train(sequences, options, progress == null ? ProgressListener.NONE : progress);
        TeacherInfo info = t.info();
        String line = String.format(Locale.ROOT, "GRU(%d) teacher, %,d parameters, %d epochs (final loss %.4f), "
                        + "trained on the student's %,d training sequences", options.hiddenSize(), info.parameters(),
                info.epochsRun(), info.finalLoss(), sequences.size());
        return new Labeller() {
            @Override
            public float[][] predictAll(List<float[][]> steps) {
                return t.predictAll(steps);
            }

            @Override
            public String describe() {
                return line;
            }
        };
    }

    /** Model feature i's column in {@code data}, by feature id. */
    static int[] columnsOf(TinyModel first, Telemetry data) throws DataException {
        int[] col = new int[first.featureCount()];
        for (int i = 0; i < col.length; i++) {
            col[i] = -1;
            for (int f = 0; f < data.featureCount(); f++) {
                if (data.schema().features().get(f).id() == first.featureId(i)) {
                    col[i] = f;
                }
            }
            if (col[i] < 0) {
                throw new DataException(data.file(), 0, null, "the data has no column for model feature id " + first.featureId(i));
            }
        }
        return col;
    }

    /** Rows by role: benign, and attack rows by class. */
    static final class Pools {
        final int[] benign;
        /** Benign rows by device group (capture group modulo the groups), as the fleet gives a device its own group's rows. */
        final int[][] benignByGroup;
        final int[][] attack;

        Pools(Telemetry data, int[] rows, int groups) throws DataException {
            this.benign = Arrays.stream(rows).filter(r -> data.attack()[r] == 0).toArray();
            this.benignByGroup = new int[groups][];
            for (int g = 0; g < groups; g++) {
                final int group = g;
                int[] own = data.groups() == null ? benign
                        : Arrays.stream(benign).filter(r -> Math.floorMod(data.groups()[r], groups) == group).toArray();
                benignByGroup[g] = own.length > 0 ? own : benign;
            }
            List<int[]> byClass = new ArrayList<>();
            for (int c = 0; c < data.classNames().size(); c++) {
                final int cls = c;
                int[] idx = Arrays.stream(rows).filter(r -> data.attack()[r] == 1 && data.classes()[r] == cls).toArray();
                if (idx.length > 0) {
                    byClass.add(idx);
                }
            }
            this.attack = byClass.toArray(new int[0][]);
            if (benign.length == 0 || attack.length == 0) {
                throw new DataException(data.file(), 0, null, "sequences need benign and attack rows");
            }
        }
    }

    /** The candidate temporal features: multi-rate means, CUSUMs against the benign level, counts, recency. */
    static TemporalSpec bank(TinyModel first, Telemetry data, int[] columnOf, int[] benign) {
        io.dynakey.device.model.ForestEvaluator eval = new io.dynakey.device.model.ForestEvaluator(first);
        long[] row = new long[first.featureCount()];
        long sum = 0;
        int high = 0;
        int n = Math.min(benign.length, 20_000);
        for (int i = 0; i < n; i++) {
            fill(data, columnOf, benign[i], row);
            int r = io.dynakey.device.model.ForestEvaluator.riskOf(eval.evaluate(row, 0));
            sum += r;
            high += r >= 500 ? 1 : 0;
        }
        int meanBenign = (int) (sum / n);
        int highBenign = high * 1000 / n;
        List<int[]> defs = new ArrayList<>();
        if (first.featureCount() <= WEAK_FEATURES) {
            // a first stage of few features (sensor readings) says little row by row: the windows' own
            // readings over time and their pace carry what signal there is
            defs.add(new int[] {ModelFormat.TEMPORAL_INTERVAL, 0, 0, 0});
            for (int f = 0; f < first.featureCount(); f++) {
                defs.add(new int[] {ModelFormat.TEMPORAL_CURRENT, ModelFormat.SOURCE_FEATURE_FIRST + f, 0, 0});
                defs.add(new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_FEATURE_FIRST + f, 2, 0});
                defs.add(new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_FEATURE_FIRST + f, 5, 0});
            }
            defs.add(new int[] {ModelFormat.TEMPORAL_CURRENT, ModelFormat.SOURCE_MEAN_RISK, 0, 0});
            defs.add(new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_MEAN_RISK, 4, 0});
            defs.add(new int[] {ModelFormat.TEMPORAL_COUNT_AT_LEAST, ModelFormat.SOURCE_MAX_RISK, 500, 36});
            return spec(defs.subList(0, Math.min(defs.size(), ModelFormat.MAX_TEMPORAL_FEATURES)));
        }
        defs.add(new int[] {ModelFormat.TEMPORAL_CURRENT, ModelFormat.SOURCE_MEAN_RISK, 0, 0});
        defs.add(new int[] {ModelFormat.TEMPORAL_CURRENT, ModelFormat.SOURCE_MAX_RISK, 0, 0});
        defs.add(new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_MEAN_RISK, 2, 0});
        defs.add(new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_MEAN_RISK, 4, 0});
        defs.add(new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_MEAN_RISK, 6, 0});
        defs.add(new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_HIGH_SHARE, 3, 0});
        defs.add(new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_HIGH_SHARE, 5, 0});
        defs.add(new int[] {ModelFormat.TEMPORAL_CUSUM, ModelFormat.SOURCE_MEAN_RISK, Math.min(1000, meanBenign + 50), 8000});
        defs.add(new int[] {ModelFormat.TEMPORAL_CUSUM, ModelFormat.SOURCE_MEAN_RISK, Math.min(1000, meanBenign + 150), 8000});
        defs.add(new int[] {ModelFormat.TEMPORAL_CUSUM, ModelFormat.SOURCE_HIGH_SHARE, Math.min(1000, highBenign + 100), 8000});
        // a slow, sparse attack: drift only a little above the benign level, accumulated for long
        defs.add(new int[] {ModelFormat.TEMPORAL_CUSUM, ModelFormat.SOURCE_MEAN_RISK, Math.min(1000, meanBenign + 15), 16000});
        defs.add(new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.SOURCE_MEAN_RISK, 8, 0});
        defs.add(new int[] {ModelFormat.TEMPORAL_CUSUM, ModelFormat.SOURCE_HIGH_SHARE, Math.min(1000, highBenign + 25), 16000});
        defs.add(new int[] {ModelFormat.TEMPORAL_COUNT_AT_LEAST, ModelFormat.SOURCE_MAX_RISK, 500, 36});
        defs.add(new int[] {ModelFormat.TEMPORAL_COUNT_AT_LEAST, ModelFormat.SOURCE_MAX_RISK, 500, 64});
        defs.add(new int[] {ModelFormat.TEMPORAL_SINCE_AT_LEAST, ModelFormat.SOURCE_MAX_RISK, 500, 0});
        return spec(defs);
    }

    private static TemporalSpec spec(List<int[]> defs) {
        int k = defs.size();
        int[] kinds = new int[k];
        int[] sources = new int[k];
        int[] p1 = new int[k];
        int[] p2 = new int[k];
        for (int i = 0; i < k; i++) {
            kinds[i] = defs.get(i)[0];
            sources[i] = defs.get(i)[1];
            p1[i] = defs.get(i)[2];
            p2[i] = defs.get(i)[3];
        }
        return new TemporalSpec(500, kinds, sources, p1, p2);
    }

    /** A second stage that reads every temporal feature and says 0: lets the detector compute the features. */
    static byte[] placeholderStage(int k) {
        TinyModelWriter w = new TinyModelWriter(0, 0, 1);
        for (int i = 0; i < k; i++) {
            w.addFeature(new FeatureSpec(FeatureIds.TEMPORAL_FIRST + i, FeatureUnits.COUNT, 0, QuantizerSpec.linear(0, 1, 0)));
        }
        w.addTree(TreeNode.leaf(0, 0));
        return w.toBytes();
    }

    private static void fill(Telemetry data, int[] columnOf, int r, long[] row) {
        for (int i = 0; i < row.length; i++) {
            row[i] = data.columns()[columnOf[i]][r];
        }
    }

    /**
     * One sequence for the detector: the rows of each window (data row indices), the truth of each
     * window and the time at its end.
     */
    public record Plan(int[][] windows, int[] truth, long[] endMillis, String origin) {
        public Plan {
            if (windows.length == 0 || truth.length != windows.length || endMillis.length != windows.length) {
                throw new IllegalArgumentException("a plan needs one truth and one end time per window");
            }
        }
    }

    /**
     * Synthetic sequences as the fleet sees a device: benign rows of one device group, and from a
     * random onset (in half the sequences) attack rows of one class at the sequence's share.
     *
     * @param gapMillis per data row, the time since the row before it in its capture (windows then
     *     last as long as their rows' gaps), or null for windows of {@code o.windowMillis()}
     */
    static List<Plan> mixtures(Pools pools, Options o, int sequences, long seed, long[] gapMillis) {
        List<Plan> out = new ArrayList<>(sequences);
        int per = o.windowsPerSequence();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int s = 0; s < sequences; s++) {
            boolean attacked = s % 2 == 1;
            int onset = attacked ? per / 4 + rng.nextInt(per / 2) : Integer.MAX_VALUE;
            double share = o.attackShares()[rng.nextInt(o.attackShares().length)];
            int[] pool = pools.attack[rng.nextInt(pools.attack.length)];
            int[] benign = pools.benignByGroup[s % pools.benignByGroup.length];
            int[][] windows = new int[per][o.rowsPerWindow()];
            int[] truth = new int[per];
            long[] end = new long[per];
            long now = 0;
            for (int t = 0; t < per; t++) {
                long span = 0;
                for (int i = 0; i < o.rowsPerWindow(); i++) {
                    boolean attack = t >= onset && rng.nextDouble() < share;
                    int r = attack ? pool[rng.nextInt(pool.length)] : benign[rng.nextInt(benign.length)];
                    windows[t][i] = r;
                    span += gapMillis == null ? 0 : gapMillis[r];
                }
                now += gapMillis == null ? o.windowMillis() : span;
                truth[t] = t >= onset ? 1 : 0;
                end[t] = now;
            }
            out.add(new Plan(windows, truth, end, "mixture " + s + " (share " + share + ")"));
        }
        return out;
    }

    /**
     * Real sequences: rows in time order cut into windows of {@code rowsPerWindow} consecutive rows
     * and into sequences of at most {@code windowsPerSequence} windows; a window is compromised when
     * any of its rows is an attack row.
     *
     * @param rowsInOrder data row indices in time order (one capture or time block)
     * @param timeMillis time of each data row
     */
    public static List<Plan> ordered(Telemetry data, int[] rowsInOrder, long[] timeMillis, int rowsPerWindow,
                                     int windowsPerSequence, String origin) {
        List<Plan> out = new ArrayList<>();
        int windows = rowsInOrder.length / rowsPerWindow;
        for (int from = 0; from < windows; from += windowsPerSequence) {
            int per = Math.min(windowsPerSequence, windows - from);
            if (per < 2) {
                break;
            }
            int[][] w = new int[per][rowsPerWindow];
            int[] truth = new int[per];
            long[] end = new long[per];
            for (int t = 0; t < per; t++) {
                for (int i = 0; i < rowsPerWindow; i++) {
                    int r = rowsInOrder[(from + t) * rowsPerWindow + i];
                    w[t][i] = r;
                    truth[t] |= data.attack()[r];
                    end[t] = timeMillis[r];
                }
            }
            out.add(new Plan(w, truth, end, origin + " windows " + from + ".." + (from + per - 1)));
        }
        return out;
    }

    /** The width of a teacher step for a first stage of {@code features} features. */
    static int stepWidth(int features) {
        return STEP_WIDTH + 1 + (features <= WEAK_FEATURES ? features : 0);
    }

    /** Runs the plans through the device's detector: temporal features per window, and the teacher's steps. */
    static Windows windows(TinyModel probe, Telemetry data, int[] columnOf, List<Plan> plans, IntConsumer progress) {
        Windows w = new Windows();
        int total = 0;
        for (Plan p : plans) {
            total += p.windows().length;
        }
        w.features = new long[total][];
        TemporalDetector detector = new TemporalDetector(probe);
        int k = detector.state().featureCount();
        int features = probe.featureCount();
        int width = stepWidth(features);
        long[] row = new long[features];
        long[] sums = new long[features];
        int done = 0;
        for (Plan plan : plans) {
            detector.reset();
            int per = plan.windows().length;
            float[][] steps = new float[per][width];
            long previous = plan.endMillis()[0];
            for (int t = 0; t < per; t++) {
                java.util.Arrays.fill(sums, 0);
                for (int r : plan.windows()[t]) {
                    fill(data, columnOf, r, row);
                    detector.addRow(row, 0);
                    for (int f = 0; f < features; f++) {
                        sums[f] += probe.quantize(f, row[f]);
                    }
                }
                long end = plan.endMillis()[t];
                detector.endWindow(end);
                steps[t][0] = detector.lastMeanRisk() / 1000f;
                steps[t][1] = detector.lastMaxRisk() / 1000f;
                steps[t][2] = detector.lastHighShare() / 1000f;
                steps[t][3] = Math.min(3600, Math.max(0, end - previous) / 1000) / 3600f;
                previous = end;
                for (int f = 0; f < width - STEP_WIDTH - 1; f++) {
                    steps[t][STEP_WIDTH + 1 + f] = sums[f] / (float) plan.windows()[t].length / 65535f;
                }
                long[] v = new long[k];
                for (int j = 0; j < k; j++) {
                    v[j] = detector.state().value(j);
                }
                w.features[w.count++] = v;
            }
            w.steps.add(steps);
            w.truth.add(plan.truth().clone());
            if (progress != null) {
                progress.accept(++done);
            }
        }
        return w;
    }

    private static int[] flatten(List<int[]> perSequence) {
        int n = 0;
        for (int[] a : perSequence) {
            n += a.length;
        }
        int[] out = new int[n];
        int i = 0;
        for (int[] a : perSequence) {
            System.arraycopy(a, 0, out, i, a.length);
            i += a.length;
        }
        return out;
    }

    private static int[] threshold(float[][] p) {
        int n = 0;
        for (float[] a : p) {
            n += a.length;
        }
        int[] out = new int[n];
        int i = 0;
        for (float[] a : p) {
            for (float v : a) {
                out[i++] = v >= 0.5f ? 1 : 0;
            }
        }
        return out;
    }

    private static int[] targets(Windows w, float[][] teacher) {
        return teacher == null ? flatten(w.truth) : threshold(teacher);
    }

    /** The student's training table: one row per window, the temporal features, the target label. */
    static Telemetry table(TemporalSpec spec, Windows w, int[] target) throws DataException {
        Properties p = new Properties();
        p.setProperty("name", "temporal-student");
        p.setProperty("label.column", "label");
        p.setProperty("label.benign", "0");
        StringBuilder cols = new StringBuilder();
        for (int k = 0; k < spec.size(); k++) {
            String c = "t" + k;
            cols.append(k == 0 ? "" : ",").append(c);
            p.setProperty("feature." + c + ".id", Integer.toString(FeatureIds.TEMPORAL_FIRST + k));
            p.setProperty("feature." + c + ".unit", "count");
            p.setProperty("feature." + c + ".quantizer", "linear");
        }
        p.setProperty("features", cols.toString());
        Schema schema = Schema.parse(p, "temporal features (" + spec + ")");
        int n = w.count;
        long[][] columns = new long[spec.size()][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < spec.size(); k++) {
                columns[k][i] = w.features[i][k];
            }
        }
        int[] classes = new int[n];
        long[] lines = new long[n];
        for (int i = 0; i < n; i++) {
            classes[i] = target[i] == 1 ? 0 : 1;
            lines[i] = i + 1;
        }
        return new Telemetry(schema, "distilled windows", columns, target.clone(), classes,
                List.of(Schema.ATTACK, Schema.BENIGN), null, List.of(), lines);
    }

    /**
     * Rewrites the stage's leaf risks in place (and its CRC): the alarm leaves say 255, the others
     * stay quiet (at most 76). Alarm leaves are chosen on the calibration windows, best ratio of
     * target-positive to benign windows first, while their benign windows stay within the budget.
     *
     * @return the lowest target-positive share among the alarm leaves, or 2.0 when no leaf may alarm
     */
    static double calibrate(byte[] stage, Windows w, int[] target, Options o) throws ModelFormatException {
        TinyModel m = TinyModel.parse(stage);
        int leaves = m.leafCount();
        long[] positive = new long[leaves];
        long[] total = new long[leaves];
        long[] benign = new long[leaves];
        int[] truth = flatten(w.truth);
        int[] q = new int[m.featureCount()];
        long benignWindows = 0;
        for (int i = 0; i < w.count; i++) {
            for (int f = 0; f < q.length; f++) {
                q[f] = m.quantize(f, w.features[i][m.featureId(f) - FeatureIds.TEMPORAL_FIRST]);
            }
            int l = m.leafIndex(0, q, 0);
            total[l]++;
            positive[l] += target[i];
            if (truth[i] == 0) {
                benign[l]++;
                benignWindows++;
            }
        }
        double allowed = o.falseAlarmRate() * benignWindows;
        // leaves by how much attack they catch per benign window they would alarm on, best first;
        // a leaf joins the alarm set while the benign windows of the set stay within the budget
        Integer[] order = new Integer[leaves];
        for (int l = 0; l < leaves; l++) {
            order[l] = l;
        }
        Arrays.sort(order, (a, b) -> Double.compare((positive[b] + 1.0) / (benign[b] + 1.0),
                (positive[a] + 1.0) / (benign[a] + 1.0)));
        boolean[] alarm = new boolean[leaves];
        long alarmsOnBenign = 0;
        double tau = 2.0;
        for (int idx = 0; idx < leaves; idx++) {
            int l = order[idx];
            if (total[l] == 0 || share(positive, total, l) < 0.5 || alarmsOnBenign + benign[l] > allowed) {
                continue;
            }
            alarm[l] = true;
            alarmsOnBenign += benign[l];
            tau = Math.min(tau, share(positive, total, l));
        }
        int riskOff = ModelFormat.HEADER_SIZE + m.featureCount() * ModelFormat.FEATURE_RECORD_SIZE
                + m.treeCount() * ModelFormat.TREE_RECORD_SIZE + m.nodeCount() * ModelFormat.NODE_SIZE + leaves;
        for (int l = 0; l < leaves; l++) {
            double s = share(positive, total, l);
            stage[riskOff + l] = (byte) (alarm[l] ? 255 : Math.min(QUIET_RISK, (int) Math.round(255 * s)));
        }
        int crcOff = m.fileLength() - ModelFormat.CRC_SIZE - ModelFormat.SIGNATURE_SIZE;
        int crc = Crc32.compute(stage, 0, crcOff);
        for (int b = 0; b < 4; b++) {
            stage[crcOff + b] = (byte) (crc >>> (8 * b));
        }
        TinyModel.parse(stage);
        return tau;
    }

    /**
     * Rewrites the stage's leaf risks against false rotations rather than alarm windows: the
     * calibration windows run through the device's decision rule (second stage, fast path,
     * {@link TemporalDetector#decisionRisk}) and the {@code budget}'s governor, and every benign
     * stretch (a benign sequence, an attacked one before its onset) counts the rotations it would
     * cause. All leaves start under the governor's "soon" level; then, best ratio of target-positive
     * to benign windows first, a leaf of positive share at least 0.5 is raised to 1000 permille, and
     * afterwards a leaf to its share (at most {@link #QUIET_RISK}, so it can only rotate through the
     * sustained "soon"), each only while the false rotations stay within the budget.
     *
     * @return the lowest target-positive share among the alarm leaves, or 2.0 when no leaf may alarm
     */
    static double calibrateRotations(byte[] stage, Windows w, int[] target, RotationBudget budget)
            throws ModelFormatException {
        TinyModel m = TinyModel.parse(stage);
        int leaves = m.leafCount();
        long[] positive = new long[leaves];
        long[] total = new long[leaves];
        long[] benign = new long[leaves];
        int[] truth = flatten(w.truth);
        int[] leafOf = new int[w.count];
        int[] mean = new int[w.count];
        int[] q = new int[m.featureCount()];
        long benignWindows = 0;
        int i = 0;
        for (float[][] steps : w.steps) {
            for (float[] step : steps) {
                mean[i++] = Math.round(step[0] * 1000f);
            }
        }
        for (i = 0; i < w.count; i++) {
            for (int f = 0; f < q.length; f++) {
                q[f] = m.quantize(f, w.features[i][m.featureId(f) - FeatureIds.TEMPORAL_FIRST]);
            }
            int l = m.leafIndex(0, q, 0);
            leafOf[i] = l;
            total[l]++;
            positive[l] += target[i];
            if (truth[i] == 0) {
                benign[l]++;
                benignWindows++;
            }
        }
        int[] starts = new int[w.truth.size()];
        int[] lengths = new int[w.truth.size()];
        i = 0;
        for (int s = 0; s < starts.length; s++) {
            int[] t = w.truth.get(s);
            starts[s] = i;
            int n = 0;
            while (n < t.length && t[n] == 0) {
                n++;
            }
            lengths[s] = n;
            i += t.length;
        }
        double allowed = budget.perDeviceDay() * benignWindows / (24.0 * 12);
        Integer[] order = new Integer[leaves];
        for (int l = 0; l < leaves; l++) {
            order[l] = l;
        }
        Arrays.sort(order, (a, b) -> Double.compare((positive[b] + 1.0) / (benign[b] + 1.0),
                (positive[a] + 1.0) / (benign[a] + 1.0)));
        int soonByte = (budget.soonPermille() * 255 + 999) / 1000;
        int[] risk = new int[leaves];
        int[] riskByte = new int[leaves];
        for (int l = 0; l < leaves; l++) {
            riskByte[l] = Math.min(soonByte - 1, (int) Math.round(255 * share(positive, total, l)));
            risk[l] = permille(riskByte[l]);
        }
        long rotations = falseRotations(leafOf, mean, starts, lengths, risk, budget);
        double tau = 2.0;
        for (int pass = 0; pass < 2; pass++) {
            for (int idx = 0; idx < leaves; idx++) {
                int l = order[idx];
                double sh = share(positive, total, l);
                int nextByte = pass == 0 ? 255 : Math.min(QUIET_RISK, (int) Math.round(255 * sh));
                if (total[l] == 0 || nextByte <= riskByte[l] || (pass == 0 && sh < 0.5)) {
                    continue;
                }
                int before = risk[l];
                risk[l] = permille(nextByte);
                long trial = benign[l] == 0 ? rotations : falseRotations(leafOf, mean, starts, lengths, risk, budget);
                if (trial > allowed) {
                    risk[l] = before;
                    continue;
                }
                rotations = trial;
                riskByte[l] = nextByte;
                if (pass == 0) {
                    tau = Math.min(tau, sh);
                }
            }
        }
        writeRisks(stage, m, riskByte);
        return tau;
    }

    /**
     * False rotations the budget's governor would make on the benign stretches, given each leaf's
     * risk: smoothed risk at the "now" level, or at the "soon" level held for the escalation delay.
     */
    static long falseRotations(int[] leafOf, int[] mean, int[] starts, int[] lengths, int[] risk, RotationBudget b) {
        long events = 0;
        int a = b.smoothingPermille();
        for (int s = 0; s < starts.length; s++) {
            int smoothed = 0;
            int level = 0;
            int held = 0;
            int cooldown = 0;
            for (int i = starts[s], end = starts[s] + lengths[s]; i < end; i++) {
                int r = TemporalDetector.decisionRisk(risk[leafOf[i]], mean[i]);
                smoothed = (smoothed * (1000 - a) + r * a + 500) / 1000;
                int next = smoothed >= b.nowPermille() || (level == 2 && smoothed >= b.nowPermille() - b.hysteresisPermille()) ? 2
                        : smoothed >= b.soonPermille() || (level >= 1 && smoothed >= b.soonPermille() - b.hysteresisPermille())
                        ? 1 : 0;
                if (next != level) {
                    level = next;
                    held = 0;
                } else {
                    held++;
                }
                if (cooldown > 0) {
                    cooldown--;
                    continue;
                }
                if (level == 2 || (level == 1 && held >= b.escalateWindows())) {
                    events++;
                    cooldown = b.cooldownWindows();
                    held = 0;
                }
            }
        }
        return events;
    }

    /** A leaf risk byte as the device reads it, permille (a single tree). */
    private static int permille(int riskByte) {
        return (riskByte * 1000 + 127) / 255;
    }

    /** Writes leaf risk bytes into a stage and fixes its CRC. */
    private static void writeRisks(byte[] stage, TinyModel m, int[] riskByte) throws ModelFormatException {
        int riskOff = ModelFormat.HEADER_SIZE + m.featureCount() * ModelFormat.FEATURE_RECORD_SIZE
                + m.treeCount() * ModelFormat.TREE_RECORD_SIZE + m.nodeCount() * ModelFormat.NODE_SIZE + m.leafCount();
        for (int l = 0; l < riskByte.length; l++) {
            stage[riskOff + l] = (byte) riskByte[l];
        }
        int crcOff = m.fileLength() - ModelFormat.CRC_SIZE - ModelFormat.SIGNATURE_SIZE;
        int crc = Crc32.compute(stage, 0, crcOff);
        for (int b = 0; b < 4; b++) {
            stage[crcOff + b] = (byte) (crc >>> (8 * b));
        }
        TinyModel.parse(stage);
    }

    /** True when both first stages read the same feature ids in the same order. */
    public static boolean sameFeatures(TinyModel a, TinyModel b) {
        if (a.featureCount() != b.featureCount()) {
            return false;
        }
        for (int f = 0; f < a.featureCount(); f++) {
            if (a.featureId(f) != b.featureId(f)) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code more}'s sequences to {@code into}. */
    static void append(Windows into, Windows more) {
        into.steps.addAll(more.steps);
        into.truth.addAll(more.truth);
        long[][] features = Arrays.copyOf(into.features, into.count + more.count);
        System.arraycopy(more.features, 0, features, into.count, more.count);
        into.features = features;
        into.count += more.count;
    }

    private static double share(long[] positive, long[] total, int l) {
        return total[l] == 0 ? 0 : positive[l] / (double) total[l];
    }

    /**
     * A second stage's alarms (risk at least 600) on windows whose temporal features were computed
     * with the same spec: 1 or 0 per window.
     */
    private static int[] alarms(TinyModel stage, Windows w) {
        io.dynakey.device.model.ForestEvaluator eval = new io.dynakey.device.model.ForestEvaluator(stage);
        long[] in = new long[stage.featureCount()];
        int[] out = new int[w.count];
        for (int i = 0; i < w.count; i++) {
            for (int f = 0; f < in.length; f++) {
                in[f] = w.features[i][stage.featureId(f) - FeatureIds.TEMPORAL_FIRST];
            }
            out[i] = io.dynakey.device.model.ForestEvaluator.riskOf(eval.evaluate(in, 0)) >= 600 ? 1 : 0;
        }
        return out;
    }

    private static int[] rowAlarms(Windows w) {
        int n = 0;
        for (float[][] s : w.steps) {
            n += s.length;
        }
        int[] out = new int[n];
        int i = 0;
        for (float[][] s : w.steps) {
            for (float[] step : s) {
                out[i++] = step[0] >= 0.5f ? 1 : 0;
            }
        }
        return out;
    }

    /** F1, false-positive rate and detection delay of per-window alarms against the truth. */
    static Detection detection(Windows w, int[] alarm) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        int attacked = 0;
        int detected = 0;
        long delay = 0;
        int i = 0;
        for (int[] truth : w.truth) {
            int onset = -1;
            int first = -1;
            for (int t = 0; t < truth.length; t++, i++) {
                if (truth[t] == 1 && onset < 0) {
                    onset = t;
                }
                if (truth[t] == 1) {
                    if (alarm[i] == 1) {
                        tp++;
                        if (first < 0) {
                            first = t;
                        }
                    } else {
                        fn++;
                    }
                } else if (alarm[i] == 1) {
                    fp++;
                } else {
                    tn++;
                }
            }
            if (onset >= 0) {
                attacked++;
                if (first >= 0) {
                    detected++;
                    delay += first - onset;
                }
            }
        }
        double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
        double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Detection(f1, fp + tn == 0 ? 0 : fp / (double) (fp + tn),
                attacked == 0 ? 0 : detected / (double) attacked, detected == 0 ? 0 : delay / (double) detected);
    }
}
