package io.dynakey.gateway.server;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A gateway in its own JVM (this test's classpath), started from a config file; killable with SIGKILL. */
final class GatewayProcess implements AutoCloseable {

    final Process process;
    final InetSocketAddress address;
    final byte[] signingPublicKey;

    private GatewayProcess(Process process, InetSocketAddress address, byte[] signingPublicKey) {
        this.process = process;
        this.address = address;
        this.signingPublicKey = signingPublicKey;
    }

    static GatewayProcess start(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), GatewayMain.class.getName(), config.toString()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        long deadline = System.currentTimeMillis() + 30_000;
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                String[] f = line.split(" ");
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (Exception ignored) {
                        // process gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new GatewayProcess(p, new InetSocketAddress("127.0.0.1", Integer.parseInt(f[1])),
                        HexFormat.of().parseHex(f[2]));
            }
            if (System.currentTimeMillis() > deadline) {
                break;
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("gateway process did not start; see " + log + File.separator);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
