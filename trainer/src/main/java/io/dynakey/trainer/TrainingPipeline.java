package io.dynakey.trainer;

import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.ProgressListener;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Split;
import io.dynakey.trainer.data.Splitter;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.eval.Evaluation;
import io.dynakey.trainer.export.ExactExporter;
import io.dynakey.trainer.export.ExportException;
import io.dynakey.trainer.export.ExportResult;
import io.dynakey.trainer.model.ForestTrainer;
import io.dynakey.trainer.model.SizeSearch;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainOptions;
import io.dynakey.trainer.model.TrainedModel;
import io.dynakey.trainer.profile.TrafficProfile;
import io.dynakey.trainer.report.ReportWriter;
import io.dynakey.trainer.robust.AdversarialTraining;
import io.dynakey.trainer.robust.ThreatModel;
import io.dynakey.trainer.sign.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One {@code dynakey train} run: load through the schema, split, train the binary (device) and
 * multi-class models, export both exactly, sign them, write the report, {@code metrics.json}
 * and the traffic profile. Not thread-safe; one pipeline per run.
 */
public final class TrainingPipeline {

    /** File names in the output folder. */
    public static final String MODEL = "model.dktm";
    public static final String MULTICLASS_MODEL = "model-multiclass.dktm";
    public static final String METRICS = "metrics.json";
    public static final String REPORT = "report.html";
    public static final String PROFILE = "profile.properties";
    public static final String FEATURES = "features.properties";
    public static final String PUBLIC_KEY = "model-signing.pub";
    /** The adversarially trained binary model of a {@code --robust} run. */
    public static final String ROBUST_MODEL = "model-robust.dktm";

    private final PrintStream log;
    private final ProgressListener progress;

    /**
     * @param log      where progress lines go (never receives key material)
     * @param progress load progress
     */
    public TrainingPipeline(PrintStream log, ProgressListener progress) {
        this.log = log;
        this.progress = progress;
    }

    /** Runs the whole pipeline. */
    public TrainingOutcome run(TrainConfig c) throws IOException, DataException, ExportException {
        long t0 = System.nanoTime();
        Schema schema = c.schema();
        Files.createDirectories(c.out());
        log.println("loading " + c.data() + " through " + schema.source());
        Telemetry data = new TelemetryLoader(schema).load(c.data(), progress);
        long t1 = System.nanoTime();
        Splitter splitter = new Splitter(c.trainFraction(), c.validationFraction(), c.options().seed());
        Split split = c.groupSplit() ? splitter.grouped(data, c.testGroups()) : splitter.stratified(data);
        if (split.test().length == 0 || split.train().length == 0) {
            throw new DataException(data.file(), 0, schema.groupColumn(), "the split left no training or no test rows ("
                    + split.description() + ")");
        }
        log.printf("%,d rows, %d features; split %s: train %,d, validation %,d, test %,d%n", data.rows(),
                data.featureCount(), split.description(), split.train().length, split.validation().length, split.test().length);

        TrainOptions base = c.options().withTask(Task.BINARY);
        SizeSearch.Result search = null;
        TrainedModel binary;
        if (c.budgetBytes() > 0) {
            log.printf("searching the best binary model within %,d bytes ...%n", c.budgetBytes());
            int[] val = split.validation().length > 0 ? split.validation() : split.train();
            search = new SizeSearch().search(data, split.train(), val, base, c.budgetBytes());
            if (search.best() == null) {
                throw new ExportException("no model fits " + c.budgetBytes() + " bytes (the smallest tried needs "
                        + search.candidates().get(0).bytes() + ")");
            }
            binary = search.model();
            base = binary.options();
            log.println("chosen: " + base.describe());
        } else {
            binary = new ForestTrainer().train(data, split.train(), base);
        }
        long t2 = System.nanoTime();
        TrainedModel multi = new ForestTrainer().train(data, split.train(), base.withTask(Task.MULTICLASS));
        long t3 = System.nanoTime();

        byte[] sha256 = sha256(c.data());
        byte[] digest = Arrays.copyOf(sha256, 16);
        ExactExporter exporter = new ExactExporter();
        ExportResult binExport = exporter.export(binary, data, split.train(), split.test(),
                new ExactExporter.Header(c.modelId(), c.modelVersion(), base.seed(), System.currentTimeMillis() / 1000, digest));
        ExportResult multiExport;
        String multiError = null;
        try {
            multiExport = exporter.export(multi, data, split.train(), split.test(),
                    new ExactExporter.Header(c.modelId() + 1, c.modelVersion(), base.seed(), System.currentTimeMillis() / 1000, digest));
        } catch (ExportException e) {
            multiExport = null;
            multiError = e.getMessage();
            log.println("multi-class export refused: " + e.getMessage());
        }
        long t4 = System.nanoTime();
        log.printf("exported: %,d bytes, agreement with Tribuo %.4f%% on %,d held-out rows%n", binExport.file().length,
                100 * binExport.agreement(), binExport.checkedRows());

        String publicKeyHex;
        try (SigningKey key = loadOrCreateKey(c.key())) {
            publicKeyHex = key.publicKeyHex();
            writeSigned(key, binExport.file(), c.out().resolve(MODEL));
            if (multiExport != null) {
                writeSigned(key, multiExport.file(), c.out().resolve(MULTICLASS_MODEL));
            }
            key.writePublic(c.out().resolve(PUBLIC_KEY));
        }
        FeatureTable.write(data.schema(), binExport.quantizers(), c.out().resolve(FEATURES));
        TrafficProfile.of(data).write(c.out().resolve(PROFILE));

        Evaluation binEval = Evaluation.of(binary, data, split.test());
        Evaluation multiEval = Evaluation.of(multi, data, split.test());
        List<Sweep.Point> sweep = c.sweep() ? Sweep.run(data, split, base, log) : List.of();
        AdversarialTraining.Result robust = null;
        if (c.robustEpsilon() > 0) {
            log.printf("robust training at epsilon %d (%d rounds of the exact attack) ...%n", c.robustEpsilon(), TrainConfig.ROBUST_ROUNDS);
            TinyModel plainModel;
            try {
                plainModel = TinyModel.parse(binExport.file());
            } catch (ModelFormatException e) {
                throw new ExportException("the exported model does not parse: " + e.getMessage());
            }
            robust = new AdversarialTraining(log).run(data, split, base, ThreatModel.of(data.schema(), plainModel),
                    c.robustEpsilon(), TrainConfig.ROBUST_ROUNDS, new ExactExporter.Header(c.modelId(), c.modelVersion(), base.seed(),
                            System.currentTimeMillis() / 1000, digest));
            try (SigningKey key = loadOrCreateKey(c.key())) {
                writeSigned(key, robust.robust().file(), c.out().resolve(ROBUST_MODEL));
            }
            int h = robust.headline();
            log.printf("at epsilon %d: plain F1 %.4f, evasion %.4f, certified %.4f; robust F1 %.4f, evasion %.4f, certified %.4f%n",
                    robust.epsilon(), robust.plainEval().f1(), robust.plainEval().evasionRate()[h],
                    robust.plainEval().certifiedAccuracy()[h], robust.robustEval().f1(), robust.robustEval().evasionRate()[h],
                    robust.robustEval().certifiedAccuracy()[h]);
        }
        long t5 = System.nanoTime();
        TrainingOutcome outcome = new TrainingOutcome(data.schema(), data.file(), HexFormat.of().formatHex(sha256), data.rows(), split, binary, multi,
                binExport, multiExport, multiError, binEval, multiEval, search, sweep, publicKeyHex,
                Importance.permutation(binary, data, split.test(), base.seed()),
                new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9}, robust);
        new ReportWriter().write(outcome, c.out());
        log.printf("binary F1 %.4f (false-positive rate %.4f), multi-class macro-F1 %.4f, %d bytes, agreement %.4f%%%n",
                binEval.attackF1(), binEval.falsePositiveRate(), multiEval.confusion().macroF1(), binExport.file().length,
                100 * binExport.agreement());
        log.println("wrote " + c.out().resolve(REPORT) + " and " + c.out().resolve(METRICS));
        return outcome;
    }

    private void writeSigned(SigningKey key, byte[] file, Path target) throws IOException {
        byte[] signed = file.clone();
        TinyModelWriter.attachSignature(signed, key.sign(signed, 0, TinyModelWriter.signedLength(signed)));
        Files.write(target, signed);
    }

    /** Loads the signing key, or creates it (mode 600) with its public key beside it. */
    public SigningKey loadOrCreateKey(Path keyFile) throws IOException {
        if (Files.exists(keyFile)) {
            return SigningKey.load(keyFile);
        }
        SigningKey key = SigningKey.generate();
        key.save(keyFile, publicKeyFile(keyFile));
        log.println("created model-signing key " + keyFile + " (mode 600); public key " + publicKeyFile(keyFile));
        return key;
    }

    /** @return the public key file that belongs to a private key file ({@code NAME.pub}) */
    public static Path publicKeyFile(Path keyFile) {
        return keyFile.resolveSibling(keyFile.getFileName() + ".pub");
    }

    /** The SHA-256 of a file (provenance: its first 16 bytes go into the model header). */
    public static byte[] sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digesting
            }
            return ((DigestInputStream) in).getMessageDigest().digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a split part as a list (for helpers). */
    static List<Integer> list(int[] rows) {
        List<Integer> l = new ArrayList<>(rows.length);
        for (int r : rows) {
            l.add(r);
        }
        return l;
    }
}
