package io.dynakey.cli;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.console.Console;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.server.GatewayMain;
import io.dynakey.gateway.service.FactoryList;
import io.dynakey.gateway.store.CommitmentOpening;
import io.dynakey.gateway.store.DeviceIds;
import io.dynakey.gateway.store.PskLength;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.StoreException;
import io.dynakey.trainer.sign.BoundedFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dynakey gateway}: start the CoAP/DTLS key gateway, or register / revoke devices in its store. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Start the CoAP/DTLS key gateway (Ctrl-C stops it gracefully).",
        subcommands = {GatewayCommand.Register.class, GatewayCommand.ImportFactoryList.class, GatewayCommand.OpenCommitment.class,
                GatewayCommand.Revoke.class})
final class GatewayCommand implements Callable<Integer> {

    @Option(names = "--config", description = "Properties file (see --print-config for every setting).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Overrides gateway.data-dir.")
    Path dataDir;

    @Option(names = "--port", description = "Overrides gateway.port.")
    Integer port;

    @Option(names = "--grace", paramLabel = "DURATION",
            description = "Overrides gateway.rotation.grace-window, e.g. 30s, 10min, 24h (units: ms, s, min, h, d).")
    Duration grace;

    @Option(names = "--console-port", paramLabel = "PORT",
            description = "Overrides gateway.console.port: serve the operator console and /metrics on 127.0.0.1:PORT (0 a free one).")
    Integer consolePort;

    @Option(names = "--store", paramLabel = "WHERE",
            description = "Overrides gateway.store: sqlite, or postgres://HOST[:PORT]/DATABASE?user=NAME shared by several gateways"
                    + " (password in gateway.store.password-file).")
    String store;

    @Option(names = "--print-config", description = "Print every setting with its documentation and value, then exit.")
    boolean printConfig;

    /**
     * The configuration: defaults, then {@code --config}, then the override options.
     *
     * @throws IllegalArgumentException naming the file and setting, for an unknown key or a bad value
     */
    GatewayConfig load() throws IOException {
        GatewayConfig.Builder b = GatewayConfig.builder();
        if (config != null) {
            b.load(config);
        }
        // an option not given leaves the file's value (setting null would put the default back)
        if (dataDir != null) {
            b.set(GatewaySettings.DATA_DIR, dataDir);
        }
        if (port != null) {
            b.set(GatewaySettings.PORT, port);
        }
        if (grace != null) {
            b.set(GatewaySettings.GRACE_WINDOW, grace);
        }
        if (consolePort != null) {
            b.set(GatewaySettings.CONSOLE_PORT, consolePort);
        }
        if (store != null) {
            b.set(GatewaySettings.STORE, GatewaySettings.STORE.parse(store));
        }
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = load();
        if (printConfig) {
            Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            cfg.writeTemplate(w);
            w.flush();
            return 0;
        }
        GatewayMain.run(cfg, server -> {
            Optional<Console> console = Console.startIfConfigured(server.gateway());
            console.ifPresent(c -> {
                System.out.println("console " + c.url() + " (operator token in " + c.tokenFile() + ")");
                System.out.flush();
            });
            return console.isPresent() ? console.get() : () -> { };
        });
        return 0;
    }

    /** {@code dynakey gateway register}: registers a device directly in the gateway's store. */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register a device: identity public key and factory PSK (epoch 0).")
    static final class Register implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        GatewayCommand parent;

        @Parameters(index = "0", description = "Device id ([A-Za-z0-9._-], 1..32).")
        String deviceId;

        @Option(names = "--identity-key", required = true, description = "Ed25519 public key, 64 hex characters.")
        String identityKey;

        @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "Factory PSK, 32..64 hex characters of random bytes"
                + " (one of these is required):%n")
        PskSource pskSource;

        @Option(names = "--psk", hidden = true, description = "Refused: a PSK on the command line shows in ps.")
        String refusedPsk;

        @Option(names = "--group", defaultValue = "0", description = "Device group number, 0..2147483647 (default 0).")
        long group;

        @Override
        public Integer call() throws Exception {
            if (refusedPsk != null) {
                refusedPsk = null;
                System.err.println("dynakey gateway register: "
                        + SecretInput.refused("--psk", "PSK", "--psk-file FILE, --psk-env NAME or --psk-prompt"));
                return 2;
            }
            if (pskSource == null) {
                System.err.println("dynakey gateway register: give the factory PSK with --psk-file FILE, --psk-env NAME or --psk-prompt");
                return 2;
            }
            DeviceIds.require(deviceId);
            String groupId = DeviceIds.group(group);
            byte[] identity = publicKey("--identity-key", identityKey);
            byte[] psk = pskSource.read();
            Secret key = new Secret(psk);
            java.util.Arrays.fill(psk, (byte) 0);
            try (Gateway g = Gateway.open(parent.load())) {
                for (int attempt = 0; ; attempt++) {
                    try {
                        g.store().registerDevice(deviceId, identity, groupId, key, System.currentTimeMillis());
                        break;
                    } catch (StoreException e) {
                        // a running gateway may hold the database for a moment
                        if (e.reason() != StoreException.Reason.BUSY || attempt == 50) {
                            throw e;
                        }
                        Thread.sleep(100);
                    }
                }
                System.out.println("registered " + deviceId + " in group " + groupId + " at epoch 0");
                return 0;
            } finally {
                key.destroy();
            }
        }
    }

    /** Where {@code register} reads the factory PSK from; never the command line. */
    static final class PskSource {
        @Option(names = "--psk-file", paramLabel = "FILE", required = true,
                description = "File holding the PSK as hex (blanks and a final newline ignored).")
        Path file;

        @Option(names = "--psk-env", paramLabel = "NAME", required = true,
                description = "Name of the environment variable holding the PSK as hex.")
        String env;

        @Option(names = "--psk-prompt", required = true, interactive = true, arity = "0", prompt = "Factory PSK (hex): ",
                description = "Prompt for the PSK (not echoed).")
        char[] prompted;

        byte[] read() {
            return SecretInput.hex("factory PSK", file, env, prompted, System.getenv(), PskLength.MIN, PskLength.MAX);
        }
    }

    /** {@code dynakey gateway import-factory-list}: registers the devices of a signed factory list. */
    @Command(name = "import-factory-list", mixinStandardHelpOptions = true,
            description = "Register the devices of a factory list signed with the factory's Ed25519 key.")
    static final class ImportFactoryList implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        GatewayCommand parent;

        @Parameters(index = "0", description = "The signed list (CBOR).")
        Path list;

        @Option(names = "--factory-key", required = true, description = "Factory Ed25519 public key, 64 hex characters.")
        String factoryKey;

        @Option(names = "--master-secret-file", required = true,
                description = "File with the factory master secret (hex, 32..128 characters) from which epoch-0 PSKs are diversified.")
        Path masterFile;

        @Override
        public Integer call() throws Exception {
            byte[] factory = publicKey("--factory-key", factoryKey);
            byte[] encoded = BoundedFiles.read(list, FactoryList.MAX_ENCODED_LENGTH, "factory list");
            byte[] master = SecretInput.hex("factory master secret", masterFile, null, null, java.util.Map.of(), PskLength.MIN, 64);
            try (Gateway g = Gateway.open(parent.load())) {
                int n = g.enrolment().importFactoryList(encoded, factory, master);
                System.out.println("registered " + n + " devices from " + list);
                return 0;
            } catch (io.dynakey.device.crypto.CryptoException e) {
                System.err.println("dynakey gateway import-factory-list: the list is not signed by that factory key");
                return 1;
            } catch (CborException e) {
                throw new IllegalArgumentException(list + ": not a factory list (" + e.getMessage() + ")");
            } finally {
                java.util.Arrays.fill(master, (byte) 0);
            }
        }
    }

    /** {@code dynakey gateway open-commitment}: discloses the salt of one device key's ledger commitment. */
    @Command(name = "open-commitment", mixinStandardHelpOptions = true,
            description = {"Print the salt that opens one device key's ledger commitment (its Enrolled or Rotated event), so "
                    + "that the device's owner or an auditor who holds that key can recompute the commitment "
                    + "(dynakey ledger commitment, or by hand: docs/ledger.md). Other commitments stay closed.",
                    "Exit status: 0 printed, 1 no such key in the store."})
    static final class OpenCommitment implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        GatewayCommand parent;

        @Option(names = "--device", required = true, paramLabel = "ID", description = "Device id.")
        String deviceId;

        @Option(names = "--epoch", required = true, paramLabel = "N", description = "Epoch of the key (0 = factory PSK).")
        long epoch;

        @Override
        public Integer call() throws Exception {
            DeviceIds.require(deviceId);
            if (epoch < 0) {
                throw new IllegalArgumentException("--epoch must be >= 0");
            }
            Optional<CommitmentOpening> found;
            try (Gateway g = Gateway.open(parent.load())) {
                found = g.store().openCommitment(deviceId, epoch);
            }
            if (found.isEmpty()) {
                System.err.println("dynakey gateway open-commitment: the store has no key of " + deviceId + " at epoch " + epoch);
                return 1;
            }
            CommitmentOpening o = found.get();
            HexFormat hex = HexFormat.of();
            System.out.println("device " + deviceId + " epoch " + epoch + " (" + o.state() + ")");
            System.out.println("commitment " + hex.formatHex(o.commitment()) + " (version " + o.version() + ")");
            if (o.version() == 1) {
                System.out.println("salt       none: an unsalted version-1 commitment, written before hardening h17");
                System.out.println("recompute  first 16 bytes of SHA-256(\"dynakey/ledger/key-commitment/v1\" 00"
                        + " | u16 len(id) | id | u64 epoch | key)");
            } else {
                System.out.println("salt       " + hex.formatHex(o.salt()));
                System.out.println("recompute  dynakey ledger commitment --device " + deviceId + " --epoch " + epoch
                        + " --salt " + hex.formatHex(o.salt()) + " --key-file KEYFILE --expect " + hex.formatHex(o.commitment()));
            }
            return 0;
        }
    }

    /** {@code dynakey gateway revoke}: revokes a device in the gateway's store. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a device: none of its keys works any more.")
    static final class Revoke implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        GatewayCommand parent;

        @Parameters(index = "0", description = "Device id.")
        String deviceId;

        @Option(names = "--reason", defaultValue = "" + RotationReason.DECOMMISSIONED,
                description = "Reason code (RotationReason: 8 compromise, 9 decommissioned; default ${DEFAULT-VALUE}).")
        int reason;

        @Override
        public Integer call() throws Exception {
            try (Gateway g = Gateway.open(parent.load())) {
                boolean changed = g.store().revoke(deviceId, reason, System.currentTimeMillis());
                System.out.println(changed ? "revoked " + deviceId : deviceId + " was already revoked");
                return 0;
            }
        }
    }

    /** The 32 bytes of an Ed25519 public key given as 64 hex characters to {@code option}. */
    static byte[] publicKey(String option, String hex) {
        String h = hex.strip();
        if (h.length() != 2 * Ed25519Signatures.PUBLIC_KEY_LENGTH || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(option + " must be an Ed25519 public key: " + 2 * Ed25519Signatures.PUBLIC_KEY_LENGTH
                    + " hex characters");
        }
        return HexFormat.of().parseHex(h);
    }
}
