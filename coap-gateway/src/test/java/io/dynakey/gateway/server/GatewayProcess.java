package io.dynakey.gateway.server;

import io.dynakey.device.testing.ChildJvm;
import io.dynakey.gateway.ledger.LedgerEventBodies;
import io.dynakey.gateway.store.KeyEncryptionKeys;
import io.dynakey.gateway.store.KeyWrapper;
import io.dynakey.gateway.store.SqliteDeviceKeyStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/** A {@link GatewayMain} in its own JVM, started from a config file: its address and signing key; killable with SIGKILL. */
final class GatewayProcess implements AutoCloseable {

    private final ChildJvm jvm;
    final InetSocketAddress address;
    final byte[] signingPublicKey;

    private GatewayProcess(ChildJvm jvm, InetSocketAddress address, byte[] signingPublicKey) {
        this.jvm = jvm;
        this.address = address;
        this.signingPublicKey = signingPublicKey;
    }

    static GatewayProcess start(Path config, Path log) throws Exception {
        return start(config, log, "256m");
    }

    /** A gateway process with a heap of {@code heap} (a -Xmx value such as "64m"). */
    static GatewayProcess start(Path config, Path log, String heap) throws Exception {
        ChildJvm jvm = ChildJvm.start(GatewayMain.class, List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                log, config.toString());
        String[] ready = jvm.awaitReady(Duration.ofSeconds(30));
        return new GatewayProcess(jvm, new InetSocketAddress("127.0.0.1", Integer.parseInt(ready[0])),
                HexFormat.of().parseHex(ready[1]));
    }

    /** The key store in a gateway's data folder, opened beside the running process (as the CLI does). */
    static SqliteDeviceKeyStore openStore(Path data) throws Exception {
        return SqliteDeviceKeyStore.open(data.resolve("gateway.db"),
                new KeyWrapper(KeyEncryptionKeys.load(data.resolve("kek.hex"), true)), new LedgerEventBodies(),
                SqliteDeviceKeyStore.Durability.NORMAL);
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return ProcessHandle.of(jvm.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        jvm.kill();
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
