package io.dynakey.cli;

import io.dynakey.trainer.TrainConfig;
import io.dynakey.trainer.TrainingPipeline;
import io.dynakey.trainer.sequence.TeacherOptions;
import io.dynakey.trainer.sequence.TemporalTraining;
import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.export.ExportException;
import io.dynakey.trainer.model.Task;
import io.dynakey.trainer.model.TrainOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey train}: Train, export and sign a tiny model from labelled CSV telemetry. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train, export and sign a tiny model from labelled CSV telemetry.",
        subcommands = {TrainGroupsCommand.class, TrainFederatedCommand.class, TrainFederatedSiteCommand.class})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", description = "Labelled CSV file (required).")
    Path data;

    @Option(names = "--schema", converter = SchemaConverter.class, description = "Required: the " + SchemaConverter.HELP + ".")
    Schema schema;

    @Option(names = "--out", defaultValue = "dynakey-report", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--depth", defaultValue = "6", description = "Maximum tree depth (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--trees", defaultValue = "1", description = "1 = CART tree, more = random forest (default: ${DEFAULT-VALUE}).")
    int trees;

    @Option(names = "--min-leaf", defaultValue = "5", description = "Minimum rows per leaf (default: ${DEFAULT-VALUE}).")
    int minLeaf;

    @Option(names = "--feature-fraction", description = "Fraction of features tried per split (default 1 for a tree, 0.7 for a forest).")
    Float featureFraction;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and the training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--budget", description = "Search the best model within this size, e.g. 2KB, 8KB, 32KB or 4096.")
    String budget;

    @Option(names = "--board", description = "Board id (see dynakey boards): budget = the largest of 2KB, 8KB, 32KB "
            + "that is at most 1/8 of the board's Java heap budget.")
    String board;

    @Option(names = "--group-split", description = "Split by the schema's group column (no group on both sides).")
    boolean groupSplit;

    @Option(names = "--test-group", split = ",", description = "Groups held out as the test part (implies --group-split).")
    List<String> testGroups;

    @Option(names = "--key-file", paramLabel = "FILE", description = "File of the Ed25519 model-signing private key; created "
            + "(mode 600) with its .pub if absent (default: ~/.dynakey/model-signing.key).")
    Path key;

    @Option(names = "--key", hidden = true, description = "Refused: use --key-file.")
    String refusedKey;

    @Option(names = "--model-id", defaultValue = "1", description = "Model id in the header (default: ${DEFAULT-VALUE}).")
    long modelId;

    @Option(names = "--model-version", defaultValue = "1", description = "Model version in the header (default: ${DEFAULT-VALUE}).")
    long modelVersion;

    @Option(names = "--robust", description = "Also train a robust model (adversarial training with the exact attack) "
            + "and report plain against robust: model-robust.dktm, metrics.json robustness.")
    boolean robust;

    @Option(names = "--epsilon", description = "Budget of --robust in quantized steps (default: the schema's attacker.epsilon).")
    Integer epsilon;

    @Option(names = "--temporal", description = "Train the time-aware model instead (format 1.2): a first stage, a GRU "
            + "sequence teacher and the distilled on-device temporal student, split by time blocks of --time-column "
            + "(see docs/temporal.md).")
    boolean temporal;

    @Option(names = "--time-column", defaultValue = "ts", description = "With --temporal: the column of each row's time "
            + "in seconds, used for order and inter-arrival gaps only, never as a feature (default: ${DEFAULT-VALUE}).")
    String timeColumn;

    @Option(names = "--sequence-column", description = "With --temporal: the column naming whose sequence a row "
            + "belongs to, e.g. id.orig_h (IoT-23's originating host); default: one sequence per time block.")
    String sequenceColumn;

    @Option(names = "--rows-per-window", defaultValue = "4", description = "With --temporal: consecutive rows per window "
            + "(default: ${DEFAULT-VALUE}).")
    int rowsPerWindow;

    @Option(names = "--teacher-epochs", defaultValue = "8", description = "With --temporal: the teacher's epochs "
            + "(default: ${DEFAULT-VALUE}).")
    int teacherEpochs;

    @Option(names = "--no-sweep", description = "Skip the depth/size sweep of the report.")
    boolean noSweep;

    @Override
    public Integer call() {
        if (refusedKey != null) {
            refusedKey = null;
            System.err.println("dynakey train: " + SecretInput.refused("--key", "signing key", "--key-file FILE"));
            return 2;
        }
        if (data == null || schema == null) {
            System.err.println("dynakey train: --data FILE.csv and --schema SCHEMA are required (or: dynakey train groups)");
            return 2;
        }
        if (!Files.isRegularFile(data)) {
            System.err.println("dynakey train: no such data file: " + data);
            System.err.println("The shared data sets are published here: " + io.dynakey.trainer.data.DataLocation.PUBLISHED);
            return 2;
        }
        float fraction = featureFraction != null ? featureFraction : trees > 1 ? 0.7f : 1f;
        TrainOptions options;
        long bytes;
        try {
            options = new TrainOptions(Task.BINARY, trees, depth, minLeaf, fraction, seed);
            bytes = budget == null ? 0 : parseBytes(budget);
            if (board != null) {
                long boardBudget = boardBudget(board);
                bytes = bytes == 0 ? boardBudget : Math.min(bytes, boardBudget);
                System.out.println("board " + board + ": model budget " + bytes + " bytes");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("dynakey train: " + e.getMessage());
            return 2;
        }
        Path keyFile = key != null ? key : Path.of(System.getProperty("user.home"), ".dynakey", "model-signing.key");
        boolean grouped = groupSplit || (testGroups != null && !testGroups.isEmpty());
        TrainConfig config = new TrainConfig(data, schema, out, options, bytes, grouped,
                testGroups == null ? java.util.Set.of() : new LinkedHashSet<>(testGroups), TrainConfig.DEFAULT_TRAIN_FRACTION,
                TrainConfig.DEFAULT_VALIDATION_FRACTION, keyFile,
                modelId, modelVersion, !noSweep, robustEpsilon());
        if (robust && config.robustEpsilon() < 1) {
            System.err.println("dynakey train: --robust needs --epsilon E (>= 1) or the schema's attacker.epsilon");
            return 2;
        }
        try {
            if (temporal) {
                if (rowsPerWindow < 1 || teacherEpochs < 1) {
                    System.err.println("dynakey train: --rows-per-window and --teacher-epochs must be >= 1");
                    return 2;
                }
                new TemporalTraining(System.out, new ProgressBar(System.err)).run(new TemporalTraining.Config(data, schema,
                        timeColumn, sequenceColumn, out, options, rowsPerWindow, TeacherOptions.defaults().withEpochs(teacherEpochs)
                        .withSeed(seed), keyFile, modelId, modelVersion));
                return 0;
            }
            new TrainingPipeline(System.out, new ProgressBar(System.err)).run(config);
            return 0;
        } catch (io.dynakey.models.ModelFormatException e) {
            System.err.println("dynakey train: " + e.getMessage());
            return 1;
        } catch (DataException | ExportException e) {
            System.err.println("dynakey train: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            System.err.println("dynakey train: " + SecretSafeErrors.describe(e));
            return 1;
        }
    }

    private int robustEpsilon() {
        if (!robust) {
            return 0;
        }
        return epsilon != null ? epsilon : schema.attackerEpsilon();
    }

    /**
     * The model budget of a board: the largest of 2, 8 and 32 KB that is at most an eighth of its
     * Java heap budget (the device evaluator expands 5 file bytes per node to 13 heap bytes, and
     * the model shares the heap with windows, keys and the protocol).
     */
    static long boardBudget(String id) {
        try {
            for (var b : io.dynakey.hardware.board.BoardProfiles.builtIn()) {
                if (b.id().equals(id)) {
                    long eighth = b.heapBudgetBytes() / 8;
                    long best = 2048;
                    for (long candidate : new long[] {2048, 8192, 32768}) {
                        if (candidate <= eighth) {
                            best = candidate;
                        }
                    }
                    return best;
                }
            }
        } catch (io.dynakey.hardware.board.BoardProfileException e) {
            throw new IllegalArgumentException("board profiles unreadable: " + e.getMessage());
        }
        throw new IllegalArgumentException("unknown board " + id + " (see dynakey boards)");
    }

    /** Parses {@code 8KB}, {@code 8k}, {@code 8192}. */
    static long parseBytes(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
        long mult = 1;
        if (t.endsWith("KB") || t.endsWith("K")) {
            mult = 1024;
            t = t.substring(0, t.indexOf('K'));
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t.trim()) * mult;
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--budget must be a size such as 2KB, 8KB or 4096, not " + s);
        }
    }
}
