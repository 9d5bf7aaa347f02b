package io.dynakey.fleet.run;

import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.fleet.AdaptiveSettings;
import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.Progress;
import io.dynakey.fleet.RowTableTraffic;
import io.dynakey.fleet.TinyModelRisk;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Split;
import io.dynakey.trainer.sequence.TeacherOptions;
import io.dynakey.trainer.sequence.TemporalDistiller;
import io.dynakey.trainer.data.Splitter;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.export.ExportException;
import io.dynakey.trainer.export.ExportResult;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainOptions;
import io.dynakey.trainer.model.TrainedModel;
import io.dynakey.trainer.sign.SigningKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Inputs from real labelled rows through the trainer: the rows are loaded with the data set's
 * schema and split (stratified, seeded); a binary forest is trained on the training part, exported
 * exactly to the tiny-model format and signed with a fresh demo key; the fleet replays only the
 * test part, which the model has never seen.
 */
final class DataInputs {

    /** Model the demo trains: a 10-tree forest of depth 8 (size-checked by {@code dynakey boards}). */
    static final int TREES = 10;
    static final int DEPTH = 8;

    private DataInputs() {
    }

    static FleetInputs load(Path dataFile, Schema schema, FleetSettings o, PrintStream out) throws FleetException {
        try {
            Progress bar = new Progress(System.err, "loading", 1000);
            Telemetry data = new TelemetryLoader(schema).load(dataFile,
                    (done, total, rows) -> bar.update(total > 0 ? done * 1000 / total : 0, rows + " rows"));
            bar.finish(data.rows() + " rows");
            Split split = new Splitter(0.5, 0.1, o.scenario().seed()).stratified(data);
            List<String> notes = new ArrayList<>();
            byte[] model;
            String modelName;
            if (o.model() != null) {
                model = Shipped.readVerified(o.model());
                modelName = o.model().getFileName().toString();
                notes.add("model: given file " + o.model() + ", signature verified with " + Shipped.publicKeyFile(o.model()));
            } else {
                TrainOptions opts = TrainOptions.defaults(Task.BINARY).withTrees(TREES).withDepth(DEPTH);
                out.printf("      training a %d-tree forest (depth %d) on %,d rows ...%n", TREES, DEPTH, split.train().length);
                TrainedModel trained = new ForestTrainer().train(data, split.train(), opts);
                ExportResult ex = new ExactExporter().export(trained, data, split.train(), split.validation(),
                        new ExactExporter.Header(1, 1, opts.seed(), System.currentTimeMillis() / 1000, new byte[16]));
                model = ex.file().clone();
                if (o.temporal()) {
                    model = temporal(model, data, split, opts, o, notes);
                }
                try (SigningKey key = SigningKey.generate()) {
                    TinyModelWriter.attachSignature(model, key.sign(model, 0, TinyModelWriter.signedLength(model)));
                }
                modelName = "trained now from " + dataFile.getFileName();
                notes.add(String.format(Locale.ROOT, "model trained from %s (%,d training rows, %s), exported exactly "
                        + "(agreement with Tribuo %.2f %% on %,d validation rows), signed with a fresh demo key",
                        dataFile.getFileName(), split.train().length, opts.describe(), 100 * ex.agreement(), ex.checkedRows()));
            }
            TinyModelRisk risk = new TinyModelRisk(model, modelName);
            RowTableTraffic traffic = replay(data, split.test(), o.scenario().groups(), schema.name());
            notes.add("traffic: " + traffic.describe() + "; the model never saw these rows (held-out test part of a "
                    + "stratified split, seed " + o.scenario().seed() + ")");
            RowTableTraffic policyTraffic = replay(data, split.validation(), o.scenario().groups(), schema.name());
            notes.add("learned policy: trained on the validation part (" + policyTraffic.describe() + "), which neither "
                    + "the model nor the fleet's replay uses" + (o.model() != null ? " (for a given model file: if it was "
                    + "trained on these rows, the learned policy's training figures are optimistic)" : ""));
            notes.add("data: " + dataFile + " (see ../shared/data/SOURCE.md for its source and licence)");
            return new FleetInputs(traffic, policyTraffic, risk, model, notes);
        } catch (IOException e) {
            throw new FleetException("cannot read " + dataFile + ": " + e.getMessage(), e);
        } catch (DataException | ExportException e) {
            throw new FleetException(e.getMessage(), e);
        } catch (ModelFormatException e) {
            throw new FleetException("the model file is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * Distils the temporal student (docs/temporal.md) over the first stage: a GRU teacher and the
     * student learn from sequences of validation rows (which neither the first stage nor the replay
     * uses), the held-out figures come from the test rows (the replay's), windows as the scenario's.
     */
    private static byte[] temporal(byte[] firstStage, Telemetry data, Split split, TrainOptions firstOptions,
                                   FleetSettings o, List<String> notes)
            throws FleetException {
        TemporalDistiller.Options opts = TemporalDistiller.Options.defaults(o.scenario().seed())
                .withRowsPerWindow(o.scenario().rowsPerWindow()).withGroups(o.scenario().groups());
        try {
            Progress epochs = new Progress(System.err, "teacher", TEACHER.epochs());
            Progress bar = new Progress(System.err, "temporal", opts.trainSequences());
            // the student learns from rows the first stage never saw (on its own training rows a forest
            // is nearly never wrong), and calibrates its alarms on other such rows
            List<TemporalDistiller.CalibrationSource> folds = crossFitted(firstStage, data, split.train(), firstOptions);
            TemporalDistiller.Result r = TemporalDistiller.distilFromTeacher(firstStage, data,
                    half(split.validation(), 0), half(split.validation(), 1), folds, split.test(), opts,
                    budget(o.adaptive(), o.scenario().windowMillis()),
                    Boolean.getBoolean("dynakey.noteacher") ? null : TEACHER,
                    (done, total, seen) -> epochs.update(done, "epochs"), done -> bar.update(done, "sequences built"));
            epochs.finish(TEACHER.epochs() + " epochs");
            bar.finish(r.studentNodes() + "-node student");
            String line = String.format(Locale.ROOT, "temporal student: %d temporal features, %d-node tree, state %d B; "
                            + "held-out sequences: F1 %.3f (row-only %.3f), false-positive rate %.5f (row-only %.5f), "
                            + "detected %.1f %% after %.1f windows on average; labels: %s; %s",
                    r.spec().size(), r.studentNodes(), r.stateBytes(), r.student().f1(), r.rowModel().f1(),
                    r.student().falsePositiveRate(), r.rowModel().falsePositiveRate(), 100 * r.student().detected(),
                    r.student().meanDelayWindows(), r.labels(), r.split());
            notes.add(line);
            return r.file();
        } catch (ModelFormatException | ExportException | DataException e) {
            throw new FleetException("cannot distil the temporal student: " + e.getMessage(), e);
        }
    }

    /** Folds of the first stage's training part that cross-fitted first stages leave out, each in turn. */
    static final int FOLDS = 4;
    /** The false rotations per device-day the student's calibration allows: half the target of 1 per device-month. */
    static final double FALSE_ROTATIONS_PER_DEVICE_DAY = 0.5 / 30;

    /**
     * Calibration rows beyond the validation part's few: each fold of the training part, scored by a
     * forest of the first stage's options trained on the other folds (which never saw it). The
     * benign rows the first stage scores high are rare; the validation half alone holds too few of
     * them to hold the false-alarm rate on other rows.
     */
    static List<TemporalDistiller.CalibrationSource> crossFitted(byte[] firstStage, Telemetry data, int[] train,
                                                                 TrainOptions opts)
            throws ExportException, ModelFormatException {
        TinyModel first = TinyModel.parse(firstStage);
        List<TemporalDistiller.CalibrationSource> out = new ArrayList<>();
        for (int k = 0; k < FOLDS; k++) {
            final int fold = k;
            int[] in = IntStream.range(0, train.length).filter(i -> i % FOLDS != fold)
                    .map(i -> train[i]).toArray();
            int[] held = IntStream.range(0, train.length).filter(i -> i % FOLDS == fold)
                    .map(i -> train[i]).toArray();
            TrainedModel m = new ForestTrainer().train(data, in, opts);
            ExportResult ex = new ExactExporter().export(m, data, in, java.util.Arrays.copyOf(held, Math.min(held.length, 500)),
                    new ExactExporter.Header(1, 1, opts.seed(), System.currentTimeMillis() / 1000, new byte[16]));
            byte[] file = ex.file().clone();
            if (TemporalDistiller.sameFeatures(first, TinyModel.parse(file))) {
                out.add(new TemporalDistiller.CalibrationSource(file, held));
            }
        }
        return out;
    }

    /** The adaptive policy's governor as the student's calibration replays it. */
    static TemporalDistiller.RotationBudget budget(AdaptiveSettings a, long windowMillis) {
        GroupPolicy p = a.groupPolicy();
        return new TemporalDistiller.RotationBudget(a.smoothingPermille(), p.soonPermille(), p.nowPermille(),
                p.hysteresisPermille(), (int) (p.escalateAfterMillis() / windowMillis),
                (int) Math.max(1, p.minIntervalMillis() / windowMillis), FALSE_ROTATIONS_PER_DEVICE_DAY);
    }

    /** The fleet's sequence teacher: GRU(32), compromised windows weighted up to balance the classes, 8 epochs. */
    static final TeacherOptions TEACHER = TeacherOptions.defaults().withEpochs(8);

    /**
     * Every other row of a part, from {@code parity}: the student's and its calibration's rows,
     * two disjoint halves of the validation part.
     */
    private static int[] half(int[] rows, int parity) {
        int[] out = new int[(rows.length + 1 - parity) / 2];
        for (int i = parity, j = 0; i < rows.length && j < out.length; i += 2) {
            out[j++] = rows[i];
        }
        return out;
    }

    /** Attack classes with fewer held-out rows than this are left out of the replay (too few to replay honestly). */
    static final int MIN_ATTACK_ROWS = 20;

    /** A replay source over the given rows: benign rows by capture group, attack rows by attack class. */
    static RowTableTraffic replay(Telemetry data, int[] all, int groups, String name) {
        int[] perClass = new int[data.classNames().size()];
        for (int r : all) {
            if (data.attack()[r] != 0) {
                perClass[data.classes()[r]]++;
            }
        }
        int[] rows = java.util.Arrays.stream(all)
                .filter(r -> data.attack()[r] == 0 || perClass[data.classes()[r]] >= MIN_ATTACK_ROWS).toArray();
        int[] ids = new int[data.featureCount()];
        for (int f = 0; f < ids.length; f++) {
            ids[f] = data.schema().features().get(f).id();
        }
        long[][] cols = new long[ids.length][rows.length];
        int[] cls = new int[rows.length];
        int[] grp = data.groups() == null ? null : new int[rows.length];
        List<String> names = new ArrayList<>();
        names.add("benign");
        int[] attackIndex = new int[data.classNames().size()];
        java.util.Arrays.fill(attackIndex, -1);
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            for (int f = 0; f < ids.length; f++) {
                cols[f][i] = data.columns()[f][r];
            }
            if (data.attack()[r] == 0) {
                cls[i] = 0;
            } else {
                int c = data.classes()[r];
                if (attackIndex[c] < 0) {
                    attackIndex[c] = names.size();
                    names.add(data.classNames().get(c));
                }
                cls[i] = attackIndex[c];
            }
            if (grp != null) {
                grp[i] = data.groups()[r];
            }
        }
        return new RowTableTraffic(ids, cols, cls, names, 0, grp, groups, name + " (" + rows.length + " held-out rows; "
                + "attack classes with fewer than " + MIN_ATTACK_ROWS + " rows left out)");
    }
}
