package io.dynakey.cli;

import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.service.ModelRollouts;
import io.dynakey.gateway.store.RolloutState;
import io.dynakey.trainer.sign.BoundedFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dynakey model publish|promote|rollback|status --group G}: a group's staged model rollout,
 * written to the gateway's store (a running gateway on that store picks each step up within
 * {@code gateway.session.sweep-interval}). Each step is a {@code ModelRollout} ledger event.
 */
final class ModelRolloutCommand {

    private ModelRolloutCommand() {
    }

    /** The gateway store to act on and the group. */
    abstract static class OnGroup implements Callable<Integer> {
        @Option(names = "--config", description = "The gateway's properties file.")
        Path config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Overrides gateway.data-dir.")
        Path dataDir;

        @Option(names = "--store", paramLabel = "WHERE", description = "Overrides gateway.store.")
        String store;

        @Option(names = "--group", required = true, paramLabel = "G", description = "Device group.")
        String group;

        Gateway open() throws Exception {
            GatewayCommand g = new GatewayCommand();
            g.config = config;
            g.dataDir = dataDir;
            g.store = store;
            return Gateway.open(g.load());
        }

        static void print(String what, RolloutState s) {
            System.out.printf("%s: group %s stable version %d%s%n", what, s.groupId(), s.stableVersion(),
                    s.canaryRunning() ? ", canary version " + s.canaryVersion() + " on " + s.canaryPermille() / 10.0 + " %" : "");
        }
    }

    /** Publishes a signed model to a group's canary share. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publish a signed model to a group as a canary (verified with gateway.model.public-key-file).")
    static final class Publish extends OnGroup {
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "Signed model file (.dktm).")
        Path file;

        @Option(names = "--canary-share", paramLabel = "PERMILLE",
                description = "Share of the group that gets it first, permille (default gateway.model.canary-share).")
        Integer share;

        @Override
        public Integer call() throws Exception {
            try (Gateway g = open()) {
                int permille = share != null ? share
                        : g.config().get(io.dynakey.gateway.config.GatewaySettings.MODEL_CANARY_SHARE);
                byte[] bytes = BoundedFiles.read(file, g.config().get(io.dynakey.gateway.config.GatewaySettings.MAX_MODEL_BYTES), "model file");
                print("published", g.publishToGroup(group, bytes, permille));
                return 0;
            }
        }
    }

    /** Promotes a group's canary to the whole group. */
    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Serve a group's canary model to the whole group.")
    static final class Promote extends OnGroup {
        @Override
        public Integer call() throws Exception {
            try (Gateway g = open()) {
                print("promoted", g.promoteModel(group));
                return 0;
            }
        }
    }

    /** Rolls a group back. */
    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Roll a group's model back. Devices never install an older version, so to bring back devices that"
                    + " already run the newer model pass --restore: the previous model re-signed under a higher version.")
    static final class Rollback extends OnGroup {
        @Option(names = "--restore", paramLabel = "FILE",
                description = "The previous model's content signed under a version above every published one.")
        Path restore;

        @Override
        public Integer call() throws Exception {
            try (Gateway g = open()) {
                byte[] bytes = restore == null ? null
                        : BoundedFiles.read(restore, g.config().get(io.dynakey.gateway.config.GatewaySettings.MAX_MODEL_BYTES), "restored model file");
                print("rolled back", g.rollbackModel(group, bytes));
                return 0;
            }
        }
    }

    /** Re-signs a model under another version (to bring a previous model back after a rollout). */
    @Command(name = "resign", mixinStandardHelpOptions = true,
            description = "Write a copy of a model with another model version, signed again: how a previous model is rolled"
                    + " back to, since devices refuse an older version.")
    static final class Resign implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The model to re-sign (.dktm).")
        Path file;

        @Option(names = "--model-version", required = true, paramLabel = "N", description = "The new model version.")
        long version;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The model-signing private key file.")
        Path key;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the re-signed model.")
        Path out;

        @Override
        public Integer call() throws Exception {
            byte[] copy = io.dynakey.models.TinyModelWriter.withModelVersion(BoundedFiles.readModel(file), version);
            try (io.dynakey.trainer.sign.SigningKey k = io.dynakey.trainer.sign.SigningKey.load(key)) {
                io.dynakey.models.TinyModelWriter.attachSignature(copy, k.sign(copy, 0, io.dynakey.models.TinyModelWriter.signedLength(copy)));
            }
            java.nio.file.Files.write(out, copy);
            System.out.printf("%s: version %d, signed%n", out, version);
            return 0;
        }
    }

    /** Prints a group's rollout. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "A group's rollout: stable and canary versions, kept versions, devices by the version they report.")
    static final class Status extends OnGroup {
        @Override
        public Integer call() throws Exception {
            try (Gateway g = open()) {
                ModelRollouts.Status s = g.rollouts().status(group);
                print("status", s.state());
                System.out.println("kept versions " + s.keptVersions());
                for (Map.Entry<Long, Integer> e : s.devicesByVersion().entrySet()) {
                    System.out.printf("  %d device(s) report %s%n", e.getValue(), e.getKey() == 0 ? "no version yet" : "version " + e.getKey());
                }
                return 0;
            }
        }
    }
}
