package io.dynakey.cli;

import io.dynakey.trainer.FederatedTraining;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.export.ExportException;
import io.dynakey.trainer.federated.FederatedException;
import io.dynakey.trainer.federated.FederatedOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey train federated}: the coordinator of federated training over STATS files. */
@Command(name = "federated", mixinStandardHelpOptions = true,
        description = "Federated training, coordinator side (docs/federated.md): replays the sites' statistics files of "
                + "every round so far, then writes the next round's plan (OUT/plan-N.dkfp) for the sites, or, when the tree "
                + "is complete, the signed model OUT/model.dktm and OUT/federated.json. Start with no --site.")
final class TrainFederatedCommand implements Callable<Integer> {

    @Option(names = "--schema", required = true, converter = SchemaConverter.class,
            description = "The " + SchemaConverter.HELP + " every site loads its data with.")
    Schema schema;

    @Option(names = "--site", arity = "1..*", paramLabel = "STATS", description = "Statistics files of the sites, any rounds.")
    List<Path> stats = List.of();

    @Option(names = "--out", defaultValue = "dynakey-federated", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--depth", defaultValue = "6", description = "Maximum tree depth (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--min-leaf", defaultValue = "5", description = "Minimum rows per leaf (default: ${DEFAULT-VALUE}).")
    int minLeaf;

    @Option(names = "--clip", defaultValue = "4", description = "A site weighs at most this many median sites; 0 = no "
            + "clipping (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--no-screening", description = "Do not exclude sites whose labels contradict a quorum of others.")
    boolean noScreening;

    @Option(names = "--key-file", paramLabel = "FILE", description = "Ed25519 model-signing private key; created (mode 600) "
            + "if absent (default: ~/.dynakey/model-signing.key).")
    Path key;

    @Option(names = "--model-id", defaultValue = "1", description = "Model id in the header (default: ${DEFAULT-VALUE}).")
    long modelId;

    @Option(names = "--model-version", defaultValue = "1", description = "Model version (default: ${DEFAULT-VALUE}).")
    long modelVersion;

    @Override
    public Integer call() {
        FederatedOptions options;
        try {
            options = new FederatedOptions(depth, minLeaf, clip, !noScreening);
        } catch (IllegalArgumentException e) {
            System.err.println("dynakey train federated: " + e.getMessage());
            return 2;
        }
        Path keyFile = key != null ? key : Path.of(System.getProperty("user.home"), ".dynakey", "model-signing.key");
        try {
            new FederatedTraining(System.out).run(schema, options, stats, out, keyFile, modelId, modelVersion);
            return 0;
        } catch (FederatedException | ExportException e) {
            System.err.println("dynakey train federated: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            System.err.println("dynakey train federated: " + SecretSafeErrors.describe(e));
            return 1;
        }
    }
}
