package io.dynakey.cli;

import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.server.GatewayMain;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.StoreException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dynakey gateway}: start the CoAP/DTLS key gateway, or register / revoke devices in its store. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Start the CoAP/DTLS key gateway (Ctrl-C stops it gracefully).",
        subcommands = {GatewayCommand.Register.class, GatewayCommand.ImportFactoryList.class, GatewayCommand.Revoke.class})
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
        b.set(GatewaySettings.DATA_DIR, dataDir).set(GatewaySettings.PORT, port).set(GatewaySettings.GRACE_WINDOW, grace);
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg;
        try {
            cfg = load();
        } catch (IllegalArgumentException e) {
            System.err.println("dynakey gateway: " + e.getMessage());
            return 2;
        }
        if (printConfig) {
            Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            cfg.writeTemplate(w);
            w.flush();
            return 0;
        }
        GatewayMain.run(cfg);
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

        @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "Factory PSK, 32..64 hex characters (one of these is required):%n")
        PskSource pskSource;

        @Option(names = "--psk", hidden = true, description = "Refused: a PSK on the command line shows in ps.")
        String refusedPsk;

        @Option(names = "--group", defaultValue = "0", description = "Device group number (default 0).")
        int group;

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
            Secret key;
            try {
                byte[] psk = pskSource.read();
                key = new Secret(psk);
                java.util.Arrays.fill(psk, (byte) 0);
            } catch (IllegalArgumentException e) {
                System.err.println("dynakey gateway register: " + e.getMessage());
                return 2;
            }
            try (Gateway g = Gateway.open(parent.load())) {
                for (int attempt = 0; ; attempt++) {
                    try {
                        g.store().registerDevice(deviceId, HexFormat.of().parseHex(identityKey), Integer.toString(group), key,
                                System.currentTimeMillis());
                        break;
                    } catch (StoreException e) {
                        // a running gateway may hold the database for a moment
                        if (e.reason() != StoreException.Reason.BUSY || attempt == 50) {
                            throw e;
                        }
                        Thread.sleep(100);
                    }
                }
                System.out.println("registered " + deviceId + " in group " + group + " at epoch 0");
                return 0;
            } catch (StoreException e) {
                System.err.println("dynakey gateway register: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                System.err.println("dynakey gateway register: " + e.getMessage());
                return 2;
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
            return SecretInput.hex("factory PSK", file, env, prompted, System.getenv(), 16, 32);
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
                description = "File with the factory master secret (hex) from which epoch-0 PSKs are diversified.")
        Path masterFile;

        @Override
        public Integer call() throws Exception {
            byte[] master;
            try {
                master = SecretInput.hex("factory master secret", masterFile, null, null, java.util.Map.of(), 16, 64);
            } catch (IllegalArgumentException e) {
                System.err.println("dynakey gateway import-factory-list: " + e.getMessage());
                return 2;
            }
            try (Gateway g = Gateway.open(parent.load())) {
                int n = g.enrolment().importFactoryList(java.nio.file.Files.readAllBytes(list),
                        HexFormat.of().parseHex(factoryKey), master);
                System.out.println("registered " + n + " devices from " + list);
                return 0;
            } catch (io.dynakey.device.crypto.CryptoException e) {
                System.err.println("dynakey gateway import-factory-list: the list is not signed by that factory key");
                return 1;
            } catch (IllegalArgumentException e) {
                System.err.println("dynakey gateway import-factory-list: " + e.getMessage());
                return 2;
            } finally {
                java.util.Arrays.fill(master, (byte) 0);
            }
        }
    }

    /** {@code dynakey gateway revoke}: revokes a device in the gateway's store. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a device: none of its keys works any more.")
    static final class Revoke implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        GatewayCommand parent;

        @Parameters(index = "0", description = "Device id.")
        String deviceId;

        @Option(names = "--reason", defaultValue = "9", description = "Ledger reason code (default 9, decommissioned).")
        int reason;

        @Override
        public Integer call() throws Exception {
            try (Gateway g = Gateway.open(parent.load())) {
                boolean changed = g.store().revoke(deviceId, reason, System.currentTimeMillis());
                System.out.println(changed ? "revoked " + deviceId : deviceId + " was already revoked");
                return 0;
            } catch (StoreException e) {
                System.err.println("dynakey gateway revoke: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                System.err.println("dynakey gateway revoke: " + e.getMessage());
                return 2;
            }
        }
    }
}
