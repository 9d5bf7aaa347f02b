package io.dynakey.cli;

import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.server.GatewayMain;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.StoreException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
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

    @Option(names = "--data-dir", description = "Overrides gateway.data-dir.")
    String dataDir;

    @Option(names = "--port", description = "Overrides gateway.port.")
    Integer port;

    @Option(names = "--print-config", description = "Print every setting with its documentation and value, then exit.")
    boolean printConfig;

    GatewayConfig load() throws Exception {
        GatewayConfig.Builder b = GatewayConfig.builder();
        if (config != null) {
            b.load(config);
        }
        if (dataDir != null) {
            b.set(GatewaySettings.DATA_DIR, dataDir);
        }
        if (port != null) {
            b.set(GatewaySettings.PORT, port);
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

        @Option(names = "--psk", required = true, description = "Factory PSK, 32..64 hex characters.")
        String psk;

        @Option(names = "--group", defaultValue = "0", description = "Device group number (default 0).")
        int group;

        @Override
        public Integer call() throws Exception {
            try (Gateway g = Gateway.open(parent.load())) {
                Secret key = new Secret(HexFormat.of().parseHex(psk));
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
                key.destroy();
                System.out.println("registered " + deviceId + " in group " + group + " at epoch 0");
                return 0;
            } catch (StoreException e) {
                System.err.println("dynakey gateway register: " + e.getMessage());
                return 1;
            }
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
            byte[] master = HexFormat.of().parseHex(java.nio.file.Files.readString(masterFile).strip());
            try (Gateway g = Gateway.open(parent.load())) {
                int n = g.enrolment().importFactoryList(java.nio.file.Files.readAllBytes(list),
                        HexFormat.of().parseHex(factoryKey), master);
                System.out.println("registered " + n + " devices from " + list);
                return 0;
            } catch (io.dynakey.device.crypto.CryptoException e) {
                System.err.println("dynakey gateway import-factory-list: the list is not signed by that factory key");
                return 1;
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

        @Option(names = "--reason", defaultValue = "" + RotationReason.DECOMMISSIONED,
                description = "Reason code (RotationReason: 8 compromise, 9 decommissioned; default ${DEFAULT-VALUE}).")
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
            }
        }
    }
}
