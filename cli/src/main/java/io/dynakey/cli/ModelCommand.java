package io.dynakey.cli;

import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.ModelSignature;
import io.dynakey.models.ModelFormat;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.Quantizer;
import io.dynakey.models.TinyModel;
import io.dynakey.trainer.sign.BoundedFiles;
import io.dynakey.trainer.sign.SigningKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dynakey model}: inspect and verify tiny-model files. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect, verify and re-sign tiny-model files; publish, promote and roll back a group's model.",
        subcommands = {ModelCommand.Inspect.class, ModelCommand.Verify.class, ModelRolloutCommand.Resign.class,
                ModelRolloutCommand.Publish.class, ModelRolloutCommand.Promote.class, ModelRolloutCommand.Rollback.class,
                ModelRolloutCommand.Status.class})
final class ModelCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code dynakey model inspect FILE}: header, provenance, feature schema, trees and sizes. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Validate a model file and print its header, feature schema, trees and sizes.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Model file (.dktm).")
        Path file;

        @Override
        public Integer call() throws IOException {
            TinyModel m = parse(file);
            if (m == null) {
                return 1;
            }
            System.out.printf("%s: tiny-model v%d.%d, %d bytes, CRC ok%n", file, ModelFormat.VERSION_MAJOR,
                    m.formatMinor(), m.fileLength());
            System.out.printf("model id %d, version %d, seed %d, created %d (unix s)%n", m.modelId(),
                    m.modelVersion(), m.seed(), m.createdSeconds());
            byte[] digest = new byte[ModelFormat.DATA_DIGEST_SIZE];
            m.copyDataDigest(digest, 0);
            System.out.println("data digest " + HexFormat.of().formatHex(digest));
            System.out.printf("%d classes, %d trees, %d internal nodes, %d leaves%n", m.classCount(), m.treeCount(),
                    m.nodeCount(), m.leafCount());
            System.out.println("features:");
            for (int i = 0; i < m.featureCount(); i++) {
                String q = m.quantizerKind(i) == Quantizer.LINEAR
                        ? "LINEAR offset=" + m.quantizerOffset(i) + " mul=" + m.quantizerMul(i) + " shift=" + m.quantizerShift(i)
                        : "LOG offset=" + m.quantizerOffset(i) + " fractionBits=" + m.quantizerShift(i);
                System.out.printf("  %2d  id %3d  unit %2d  scale %3d  %s%n", i, m.featureId(i), m.featureUnit(i),
                        m.featureScale(i), q);
            }
            int maxDepth = 0;
            for (int t = 0; t < m.treeCount(); t++) {
                maxDepth = Math.max(maxDepth, m.treeDepth(t));
            }
            System.out.printf("max depth %d; node tables %d B (%.1f B/internal node), leaf tables %d B, signed %d B%n",
                    maxDepth, m.nodeCount() * ModelFormat.NODE_SIZE, m.nodeCount() == 0 ? 0.0 : (double) ModelFormat.NODE_SIZE,
                    m.leafCount() * ModelFormat.LEAF_SIZE, m.signedLength());
            System.out.println("rotation schedule: " + describeSchedule(m));
            return 0;
        }
    }

    /** The file's rotation schedule section (format 1.1) in one line, or why there is none. */
    static String describeSchedule(TinyModel m) {
        if (!m.hasRotationSchedule()) {
            return "none (a 1.0 file: the device runs its default governor)";
        }
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
                "%d band(s) on the window's %s risk, smoothing %d permille; calendar %d s", m.rotationBands(),
                m.rotationWindowMax() ? "maximum" : "mean", m.rotationSmoothingPermille(), m.rotationAgeSeconds(0)));
        for (int b = 1; b < m.rotationBands(); b++) {
            sb.append("; risk >= ").append(m.rotationEdgePermille(b)).append(": at age ")
                    .append(m.rotationAgeSeconds(b)).append(" s");
        }
        return sb.append(" (the device's shield clamps every age)").toString();
    }

    /** {@code dynakey model verify FILE --key-file KEYFILE}: format and Ed25519 signature. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Validate a model file and check its Ed25519 signature as a device would.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Model file (.dktm).")
        Path file;

        @Option(names = {"--key-file", "--public-key-file"}, paramLabel = "FILE", required = true,
                description = "Model-signing public key file (64 hex digits; '#' lines are comments).")
        Path publicKey;

        @Override
        public Integer call() throws IOException {
            TinyModel m = parse(file);
            if (m == null) {
                return 1;
            }
            byte[] key = SigningKey.loadPublic(publicKey);
            try {
                ModelSignature.verify(key, 0, m.buffer(), m.signedOffset(), m.signedLength(), m.buffer(),
                        m.signatureOffset());
            } catch (CryptoException e) {
                System.err.println(file + ": signature does not verify (" + e.getMessage() + ")");
                return 1;
            }
            System.out.println(file + ": format valid, signature valid (model " + m.modelId() + " version "
                    + m.modelVersion() + ")");
            return 0;
        }
    }

    /**
     * The model of {@code file}, read with the format's 2 MiB bound checked first ({@link BoundedFiles});
     * null (after printing why) if it is not a valid model.
     *
     * @throws IOException naming the file when it is missing, a folder, unreadable or too large
     */
    static TinyModel parse(Path file) throws IOException {
        try {
            return TinyModel.parse(BoundedFiles.readModel(file));
        } catch (ModelFormatException e) {
            System.err.println(file + ": rejected: " + e.getMessage());
            return null;
        }
    }
}
