package io.dynakey.bench.gateway;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server in a child JVM (same classpath) that prints {@code READY <port> <key|->}; measures its CPU and live heap. */
final class ChildJvm implements AutoCloseable {

    final Process process;
    final int port;
    final byte[] key;

    private ChildJvm(Process process, int port, byte[] key) {
        this.process = process;
        this.port = port;
        this.key = key;
    }

    static ChildJvm start(Class<?> main, Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
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
                        // gone
                    }
                }, "bench-drain");
                drain.setDaemon(true);
                drain.start();
                return new ChildJvm(p, Integer.parseInt(f[1]), f[2].equals("-") ? null : HexFormat.of().parseHex(f[2]));
            }
        }
        throw new IllegalStateException(main.getSimpleName() + " did not start; see " + log);
    }

    /** CPU time the child has used so far, ms. */
    long cpuMillis() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    /** Bytes of live objects in the child's heap (full GC first), from {@code jcmd GC.class_histogram}. */
    long liveHeapBytes() throws Exception {
        return liveHeapBytes(null);
    }

    /** Like {@link #liveHeapBytes()}, counting only classes whose name starts with {@code prefix} (null: all). */
    long liveHeapBytes(String prefix) throws Exception {
        Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String text = new String(j.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        j.waitFor(60, TimeUnit.SECONDS);
        long sum = 0;
        for (String l : text.split("\n")) {
            String t = l.trim();
            String[] f = t.split("\\s+");
            if (prefix == null && t.startsWith("Total")) {
                return Long.parseLong(f[2]);
            }
            if (prefix != null && f.length >= 4 && f[3].startsWith(prefix)) {
                sum += Long.parseLong(f[2]);
            }
        }
        return prefix == null ? -1 : sum;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
