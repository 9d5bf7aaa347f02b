package io.dynakey.bench.gateway;

import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.hal.Entropy;
import io.dynakey.device.hal.MemorySecureStorage;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.keys.TwoSlotKeyStore;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.testing.ChildJvm;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.server.GatewayMain;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.hal.SecureRandomEntropy;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code dynakey bench gateway}. In one run, on loopback:
 * <ol>
 * <li>the crypto-only limit of rotations on every core ({@link CryptoLimit});</li>
 * <li>the gateway in a child JVM with {@code devices} registered devices, each with its own DTLS
 *     client: first request of every device (DTLS handshakes/s), then telemetry posts on the open
 *     sessions (posts/s), then one rotation each (rotations/s; the gateway's CPU time per
 *     rotation gives the rate the gateway alone could sustain on all cores);</li>
 * <li>the same clients against a bare Californium DTLS-PSK echo server ({@link EchoServerMain});</li>
 * <li>the live heap of both servers (after a full GC) before and with every session open.</li>
 * </ol>
 * The simulated devices run in this JVM and share the machine with the servers, so raw rates are
 * lower bounds; ratios against the echo baseline and CPU-normalised figures are the comparable ones.
 */
public final class GatewayBenchmark {

    /**
     * @param devices        simulated devices (each with its own UDP socket and DTLS session)
     * @param drivers        threads driving them (requests in flight at once)
     * @param postsPerDevice telemetry posts per device in the throughput phase
     * @param cryptoMillis   duration of the crypto-only measurement
     * @param workDir        scratch directory (gateway data, logs)
     */
    public record Options(int devices, int drivers, int postsPerDevice, long cryptoMillis, Path workDir) {
    }

    /** Everything measured; rates per second, CPU in ms, heap in bytes. */
    public record Figures(int devices, int cores, double cryptoRotationsPerSec, double cryptoCpuMsPerRotation,
                          double gwHandshakesPerSec, double echoHandshakesPerSec,
                          double gwPostsPerSec, double echoPostsPerSec, double gwCpuMsPerPost, double echoCpuMsPerPost,
                          double rotationsPerSec, double gwCpuMsPerRotation, int rotated, int failures,
                          double heapPerEnrolledDevice, double gwHeapPerSession, double echoHeapPerSession,
                          double ownObjectsPerDevice, Hybrid hybrid, WithConsole console) {

        /** Telemetry posts/s with the console on over posts/s with it off (1.0: no change). */
        public double consoleOnOffRatio() {
            return console.postsPerSec() / gwPostsPerSec;
        }

        /** Telemetry overhead of key management: echo posts/s over gateway posts/s (target <= 1.25). */
        public double telemetryOverhead() {
            return echoPostsPerSec / gwPostsPerSec;
        }

        /** Same, from the servers' CPU per post. */
        public double telemetryCpuOverhead() {
            return gwCpuMsPerPost / echoCpuMsPerPost;
        }

        /** Rotations the gateway alone could do per second on all cores, from its CPU per rotation. */
        public double gatewayCapacityRotationsPerSec() {
            return cores * 1000.0 / gwCpuMsPerRotation;
        }

        /** Rotation throughput as a fraction of the crypto-only limit, both in CPU time per rotation (target >= 0.5). */
        public double rotationEfficiency() {
            return cryptoCpuMsPerRotation / gwCpuMsPerRotation;
        }

        /** Our own heap per device beyond Californium's: gateway minus echo, per session. */
        public double ownHeapPerDevice() {
            return gwHeapPerSession - echoHeapPerSession;
        }
    }

    /**
     * The hybrid suite (X-Wing) beside suite 1, same run.
     *
     * @param cryptoCpuMsPerRotation gateway cryptography of one hybrid rotation, CPU ms
     * @param rotationsPerSec        hybrid rotations per second end to end
     * @param gwCpuMsPerRotation     the gateway process's CPU per hybrid rotation, ms
     * @param rotated                hybrid rotations completed
     * @param deviceCpuMsClassic     the device's cryptography of one suite-1 rotation on this host, CPU ms
     * @param deviceCpuMsHybrid      the same for the hybrid suite
     * @param gwCpuMsPerHandshake    the gateway process's CPU per new session on a warm gateway (DTLS
     *                               handshake and one post), ms: what a rotation's second handshake costs
     * @param gwJitMsPerRotation     of the gateway's CPU per suite-1 rotation, the part its JIT compiler
     *                               threads spent (Linux {@code /proc}; NaN elsewhere): code still being
     *                               compiled in the measured phase, which a long-running gateway no longer pays
     * @param gwJitMsPerHybridRotation the same for the hybrid rotations
     */
    public record Hybrid(double cryptoCpuMsPerRotation, double rotationsPerSec, double gwCpuMsPerRotation, int rotated,
                         double deviceCpuMsClassic, double deviceCpuMsHybrid, double gwCpuMsPerHandshake,
                         double gwJitMsPerRotation, double gwJitMsPerHybridRotation) {
    }

    /**
     * The telemetry phase again on a gateway with its console on (a second gateway process with its
     * own store of the same devices), scraped at {@code /metrics} and its overview loaded once a
     * second while the devices post.
     *
     * @param postsPerSec  telemetry posts/s with the console on
     * @param cpuMsPerPost the gateway process's CPU per post, ms
     * @param scrapeMedianMs median time of a {@code /metrics} scrape during the phase, ms
     * @param overviewMedianMs median time of the overview page during the phase, ms
     */
    public record WithConsole(double postsPerSec, double cpuMsPerPost, double scrapeMedianMs, double overviewMedianMs) {
    }

    /** JVM options of the child servers (the gateway and the echo baseline). */
    private static final List<String> SERVER_JVM = serverJvm();

    /** -Xmx1g and the serial collector, plus the options in {@code DYNAKEY_BENCH_SERVER_JVM} (space-separated; for profiling). */
    private static List<String> serverJvm() {
        List<String> o = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseSerialGC"));
        String extra = System.getenv("DYNAKEY_BENCH_SERVER_JVM");
        if (extra != null && !extra.isBlank()) {
            o.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return List.copyOf(o);
    }
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private static final Entropy ENTROPY = new SecureRandomEntropy();

    private GatewayBenchmark() {
    }

    /** Runs every phase, printing progress to {@code out}. */
    public static Figures run(Options o, PrintStream out) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("crypto-only limit on %d cores ...%n", cores);
        CryptoLimit.Result cr = CryptoLimit.measure(cores, o.cryptoMillis());
        double crypto = cr.perSecond();
        out.printf("  %.0f rotations/s, %.2f ms CPU per rotation%n", crypto, cr.cpuMsPerRotation());
        out.printf("crypto-only limit of the hybrid suite (X-Wing) on %d cores ...%n", cores);
        CryptoLimit.Result hybridCrypto = CryptoLimit.measure(cores, o.cryptoMillis(), CipherSuite.HYBRID_X25519_MLKEM768);
        out.printf("  %.0f rotations/s, %.2f ms CPU per rotation%n", hybridCrypto.perSecond(), hybridCrypto.cpuMsPerRotation());
        double deviceClassic = CryptoLimit.deviceCpuMsPerRotation(CipherSuite.X25519_ED25519_HKDF_SHA256, o.cryptoMillis());
        double deviceHybrid = CryptoLimit.deviceCpuMsPerRotation(CipherSuite.HYBRID_X25519_MLKEM768, o.cryptoMillis());
        out.printf("device side of a rotation on this host: suite 1 %.2f ms, hybrid %.2f ms CPU%n", deviceClassic, deviceHybrid);

        Path data = o.workDir().resolve("gateway");
        Path log = o.workDir().resolve("servers.log");
        Files.createDirectories(data);
        Path config = o.workDir().resolve("gateway.properties");
        GatewayConfig cfg = GatewayConfig.builder()
                .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1").set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, data)
                .set(GatewaySettings.ROTATIONS_PER_HOUR, 1_000_000)
                .set(GatewaySettings.REQUESTS_PER_SECOND, 1_000_000).set(GatewaySettings.REQUEST_BURST, 1_000_000)
                .build();
        try (Writer w = Files.newBufferedWriter(config)) {
            cfg.writeTemplate(w);
        }
        out.printf("registering %d devices ...%n", o.devices());
        double enrolledHeap = register(cfg, "bench-", o.devices());

        Phase gwHs;
        Phase gwPosts;
        Phase rot;
        Phase hybridRot;
        Phase rehandshake;
        double gwHeapPerSession;
        double ownObjects;
        try (ChildJvm gw = ChildJvm.start(GatewayMain.class, SERVER_JVM, log, config.toString());
             DtlsClients clients = DtlsClients.create(new DtlsClients.Options(30_000, 2_000, 4, 2, false))) {
            String[] ready = gw.awaitReady(READY_TIMEOUT);
            long heap1 = gw.liveHeapBytes();
            long own1 = gw.liveHeapBytes("io.dynakey.");
            List<Device> devices = devices(o.devices(), clients, new InetSocketAddress("127.0.0.1", Integer.parseInt(ready[0])),
                    HexFormat.of().parseHex(ready[1]));
            ExecutorService pool = Executors.newFixedThreadPool(o.drivers(), r -> new Thread(r, "bench-driver"));
            try {
                out.printf("gateway: %d DTLS handshakes ...%n", o.devices());
                gwHs = phase(pool, devices, gw, d -> d.post(), 1);
                out.printf("gateway: %d telemetry posts ...%n", o.devices() * o.postsPerDevice());
                gwPosts = phase(pool, devices, gw, d -> d.post(), o.postsPerDevice());
                gwHeapPerSession = (gw.liveHeapBytes() - heap1) / (double) o.devices();
                ownObjects = (gw.liveHeapBytes("io.dynakey.") - own1) / (double) o.devices();
                out.printf("gateway: %d rotations to warm up, then %d measured ...%n", o.devices(), o.devices());
                Phase warm = phase(pool, devices, gw, d -> d.rotate(), 1);
                profile(gw, "start", out);
                rot = phase(pool, devices, gw, d -> d.rotate(), 1);
                profile(gw, "stop", out);
                rot = new Phase(rot.ok, rot.failed + warm.failed, rot.seconds, rot.cpuMs, rot.jitMs);
                out.printf("gateway: %d new sessions on warm servers (each device drops its session and posts) ...%n", o.devices());
                rehandshake = phase(pool, devices, gw, d -> d.reconnect(), 1);
                out.printf("gateway: %d rotations with the hybrid suite ...%n", o.devices());
                devices.forEach(d -> d.client.useSuite(CipherSuite.HYBRID_X25519_MLKEM768));
                hybridRot = phase(pool, devices, gw, d -> d.rotate(), 1);
            } finally {
                pool.shutdownNow();
                devices.forEach(Device::close);
            }
        }

        WithConsole withConsole = consolePhase(o, cfg, log, out);

        Phase echoHs;
        Phase echoPosts;
        double echoHeapPerSession;
        try (ChildJvm echo = ChildJvm.start(EchoServerMain.class, SERVER_JVM, log);
             DtlsClients clients = DtlsClients.create(new DtlsClients.Options(30_000, 2_000, 4, 2, false))) {
            String[] ready = echo.awaitReady(READY_TIMEOUT);
            long heap0 = echo.liveHeapBytes();
            List<Device> devices = devices(o.devices(), clients, new InetSocketAddress("127.0.0.1", Integer.parseInt(ready[0])),
                    new byte[32]);
            ExecutorService pool = Executors.newFixedThreadPool(o.drivers(), r -> new Thread(r, "bench-driver"));
            try {
                out.printf("echo: %d DTLS handshakes ...%n", o.devices());
                echoHs = phase(pool, devices, echo, d -> d.post(), 1);
                out.printf("echo: %d posts ...%n", o.devices() * o.postsPerDevice());
                echoPosts = phase(pool, devices, echo, d -> d.post(), o.postsPerDevice());
                echoHeapPerSession = (echo.liveHeapBytes() - heap0) / (double) o.devices();
            } finally {
                pool.shutdownNow();
                devices.forEach(Device::close);
            }
        }
        return new Figures(o.devices(), cores, crypto, cr.cpuMsPerRotation(), gwHs.rate(), echoHs.rate(), gwPosts.rate(), echoPosts.rate(),
                gwPosts.cpuPerOp(), echoPosts.cpuPerOp(), rot.rate(), rot.cpuPerOp(), rot.ok, rot.failed + gwHs.failed
                + gwPosts.failed + echoHs.failed + echoPosts.failed + hybridRot.failed + rehandshake.failed, enrolledHeap, gwHeapPerSession,
                echoHeapPerSession, ownObjects, new Hybrid(hybridCrypto.cpuMsPerRotation(), hybridRot.rate(),
                hybridRot.cpuPerOp(), hybridRot.ok, deviceClassic, deviceHybrid, rehandshake.cpuPerOp(), rot.jitPerOp(),
                hybridRot.jitPerOp()), withConsole);
    }

    /** The telemetry phase on a second gateway, with its console on and watched; see {@link WithConsole}. */
    private static WithConsole consolePhase(Options o, GatewayConfig base, Path log, PrintStream out) throws Exception {
        Path data = o.workDir().resolve("gateway-console");
        Files.createDirectories(data);
        Path config = o.workDir().resolve("gateway-console.properties");
        GatewayConfig cfg = GatewayConfig.builder()
                .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1").set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, data)
                .set(GatewaySettings.ROTATIONS_PER_HOUR, 1_000_000)
                .set(GatewaySettings.REQUESTS_PER_SECOND, 1_000_000).set(GatewaySettings.REQUEST_BURST, 1_000_000)
                .set(GatewaySettings.CONSOLE_PORT, 0)
                .build();
        try (Writer w = Files.newBufferedWriter(config)) {
            cfg.writeTemplate(w);
        }
        register(cfg, "bench-", o.devices());
        try (ChildJvm gw = ChildJvm.start(ConsoleGatewayMain.class, SERVER_JVM, log, config.toString());
             DtlsClients clients = DtlsClients.create(new DtlsClients.Options(30_000, 2_000, 4, 2, false))) {
            java.net.URI console = java.net.URI.create(gw.awaitLine("CONSOLE ", READY_TIMEOUT)[1]);
            String[] ready = gw.awaitReady(READY_TIMEOUT);
            List<Device> devices = devices(o.devices(), clients, new InetSocketAddress("127.0.0.1", Integer.parseInt(ready[0])),
                    HexFormat.of().parseHex(ready[1]));
            ExecutorService pool = Executors.newFixedThreadPool(o.drivers(), r -> new Thread(r, "bench-driver"));
            ConsoleWatcher watcher = null;
            try {
                out.printf("gateway with console on: %d DTLS handshakes ...%n", o.devices());
                phase(pool, devices, gw, d -> d.post(), 1);
                out.printf("gateway with console on: %d telemetry posts, /metrics and / fetched once a second ...%n",
                        o.devices() * o.postsPerDevice());
                ConsoleWatcher.warmUp(console, 10); // a fresh JVM's first scrape loads and compiles the exposition code
                watcher = new ConsoleWatcher(console);
                Phase posts = phase(pool, devices, gw, d -> d.post(), o.postsPerDevice());
                watcher.stop();
                return new WithConsole(posts.rate(), posts.cpuPerOp(), watcher.scrapeMedianMs(), watcher.overviewMedianMs());
            } finally {
                if (watcher != null) {
                    watcher.stop();
                }
                pool.shutdownNow();
                devices.forEach(Device::close);
            }
        }
    }

    /** The figures as the Markdown table of {@code docs/benchmarks.md}. */
    public static void printTable(Figures f, PrintStream out) {
        Locale l = Locale.ROOT;
        out.println("| measure | gateway | bare Californium echo | ratio / target |");
        out.println("|---|---:|---:|---|");
        out.println(String.format(l, "| DTLS handshakes/s (%d devices, first request) | %.0f | %.0f | %.2fx |", f.devices(),
                f.gwHandshakesPerSec(), f.echoHandshakesPerSec(), f.echoHandshakesPerSec() / f.gwHandshakesPerSec()));
        out.println(String.format(l, "| telemetry posts/s on open sessions | %.0f | %.0f | **%.2fx** (target <= 1.25x) |",
                f.gwPostsPerSec(), f.echoPostsPerSec(), f.telemetryOverhead()));
        out.println(String.format(l, "| server CPU per post, ms | %.3f | %.3f | %.2fx |", f.gwCpuMsPerPost(), f.echoCpuMsPerPost(),
                f.telemetryCpuOverhead()));
        WithConsole c = f.console();
        out.println(String.format(l, "| telemetry posts/s with the console on (scraped and overview loaded 1/s) | %.0f | - | **%.2fx** of console off (target: no change) |",
                c.postsPerSec(), f.consoleOnOffRatio()));
        out.println(String.format(l, "| server CPU per post with the console on, ms | %.3f | - | %.2fx of console off |",
                c.cpuMsPerPost(), c.cpuMsPerPost() / f.gwCpuMsPerPost()));
        out.println(String.format(l, "| console during the load: /metrics scrape / overview page, median ms | %.1f / %.1f | - | scrape target <= 50 ms |",
                c.scrapeMedianMs(), c.overviewMedianMs()));
        out.println(String.format(l, "| rotations/s, end to end, devices on the same cores (%d of %d done) | %.0f | - | %.0f%% of the crypto-only rate |",
                f.rotated(), f.devices(), f.rotationsPerSec(), 100 * f.rotationsPerSec() / f.cryptoRotationsPerSec()));
        out.println(String.format(l, "| server CPU per rotation, ms (whole gateway process) | %.2f | - | crypto only: %.2f ms -> **%.0f%%** of the crypto limit (target >= 50%%) |",
                f.gwCpuMsPerRotation(), f.cryptoCpuMsPerRotation(), 100 * f.rotationEfficiency()));
        out.println(String.format(l, "| of which JIT compiler threads (code still compiling in the measured phase), ms | %.2f | - | without them: %.2f ms -> %.0f%% of the crypto limit |",
                f.hybrid().gwJitMsPerRotation(), f.gwCpuMsPerRotation() - f.hybrid().gwJitMsPerRotation(),
                100 * f.cryptoCpuMsPerRotation() / (f.gwCpuMsPerRotation() - f.hybrid().gwJitMsPerRotation())));
        out.println(String.format(l, "| rotations/s the gateway alone sustains on %d cores (from its CPU) | %.0f | - | crypto-only limit %.0f/s (from CPU: %.0f/s) |",
                f.cores(), f.gatewayCapacityRotationsPerSec(), f.cryptoRotationsPerSec(), f.cores() * 1000.0 / f.cryptoCpuMsPerRotation()));
        Hybrid h = f.hybrid();
        out.println(String.format(l, "| server CPU per new session on a warm gateway (handshake + one post), ms | %.2f | - | %.0f%% of the CPU per rotation, which needs one |",
                h.gwCpuMsPerHandshake(), 100 * h.gwCpuMsPerHandshake() / f.gwCpuMsPerRotation()));
        out.println(String.format(l, "| hybrid suite (X-Wing): server CPU per rotation, ms (%d done) | %.2f | - | crypto only: %.2f ms; %.2fx suite 1's CPU per rotation |",
                h.rotated(), h.gwCpuMsPerRotation(), h.cryptoCpuMsPerRotation(), h.gwCpuMsPerRotation() / f.gwCpuMsPerRotation()));
        out.println(String.format(l, "| hybrid suite (X-Wing): of which JIT compiler threads, ms | %.2f | - | without them: %.2f ms -> %.0f%% of its crypto limit |",
                h.gwJitMsPerHybridRotation(), h.gwCpuMsPerRotation() - h.gwJitMsPerHybridRotation(),
                100 * h.cryptoCpuMsPerRotation() / (h.gwCpuMsPerRotation() - h.gwJitMsPerHybridRotation())));
        out.println(String.format(l, "| hybrid suite (X-Wing): rotations/s, end to end | %.0f | - | %.2fx suite 1's rate |",
                h.rotationsPerSec(), h.rotationsPerSec() / f.rotationsPerSec()));
        out.println(String.format(l, "| device cryptography per rotation on this host, ms: suite 1 / hybrid | %.2f / %.2f | - | %.2fx |",
                h.deviceCpuMsClassic(), h.deviceCpuMsHybrid(), h.deviceCpuMsHybrid() / h.deviceCpuMsClassic()));
        out.println(String.format(l, "| heap per enrolled device (no session), bytes | %.0f | - | the store is on disk |",
                f.heapPerEnrolledDevice()));
        out.println(String.format(l, "| heap per live session, bytes | %.0f | %.0f | **%.0f B** own state per device (target <= 1024) |",
                f.gwHeapPerSession(), f.echoHeapPerSession(), f.ownHeapPerDevice()));
        out.println(String.format(l, "| io.dynakey objects per device with a session, bytes | %.0f | - | lower bound of own state |",
                f.ownObjectsPerDevice()));
        out.println(String.format(l, "| failed requests | %d | | |", f.failures()));
    }

    /** Registers the devices in the store of an in-process gateway; returns the heap it keeps per device. */
    private static double register(GatewayConfig cfg, String prefix, int n) throws Exception {
        try (Gateway g = Gateway.open(cfg)) {
            long before = usedHeap();
            long now = System.currentTimeMillis();
            for (int i = 0; i < n; i++) {
                String id = BenchDevices.id(i);
                if (g.store().device(id).isEmpty()) {
                    g.store().registerDevice(id, BenchDevices.identityPublic(id), Integer.toString(i % 4),
                            new Secret(BenchDevices.factoryPsk(id)), now);
                }
            }
            return (usedHeap() - before) / (double) n;
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private interface Step {
        boolean run(Device d) throws Exception;
    }

    private record Phase(int ok, int failed, double seconds, long cpuMs, long jitMs) {

        /** CPU of the JIT compiler threads per operation, ms (NaN when not measurable). */
        double jitPerOp() {
            return jitMs < 0 ? Double.NaN : jitMs / (double) Math.max(1, ok);
        }

        double rate() {
            return ok / seconds;
        }

        double cpuPerOp() {
            return cpuMs / (double) Math.max(1, ok);
        }
    }

    /**
     * With the environment variable {@code DYNAKEY_BENCH_PROFILE} set to a file name, records the
     * gateway's measured rotation phase with Java Flight Recorder ({@code jcmd JFR.start}, profile
     * settings) into that file; otherwise nothing.
     */
    private static void profile(ChildJvm gw, String what, PrintStream out) throws IOException, InterruptedException {
        String file = System.getenv("DYNAKEY_BENCH_PROFILE");
        if (file == null || file.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(gw.pid())));
        if (what.equals("start")) {
            cmd.addAll(List.of("JFR.start", "name=rotation", "settings=" + System.getenv().getOrDefault("DYNAKEY_BENCH_JFC", "profile"), "filename=" + Path.of(file).toAbsolutePath()));
        } else {
            cmd.addAll(List.of("JFR.stop", "name=rotation"));
        }
        if (what.equals("stop")) {
            threadCpu(gw, out);
        }
        if (file.equals("threads")) {
            out.printf("profile: rotation phase %s at %s%n", what, java.time.Instant.now());
            String dump = System.getenv("DYNAKEY_BENCH_DUMP");
            if (what.equals("stop") && dump != null) {
                // a recording started with the JVM (DYNAKEY_BENCH_SERVER_JVM=-XX:StartFlightRecording=name=boot,...):
                // starting one now would deoptimise the compiled code and profile the interpreter
                Process p = new ProcessBuilder(cmd.get(0), cmd.get(1), "JFR.dump", "name=boot", "filename=" + dump)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                out.printf("profile: JFR dump (exit %d)%n", p.waitFor());
            }
            if (what.equals("start")) {
                threadCpu(gw, null);
            }
            return;
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        out.printf("profile: JFR %s (exit %d)%n", what, p.waitFor());
        if (what.equals("start")) {
            threadCpu(gw, null);
        }
    }

    /** CPU time of the JIT compiler threads of {@code server} so far, ms, from Linux's {@code /proc}; -1 elsewhere. */
    private static long compilerCpuMillis(ChildJvm server) {
        Path tasks = Path.of("/proc", Long.toString(server.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long ticks = 0;
        try (var dirs = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) dirs::iterator) {
                try {
                    if (!Files.readString(t.resolve("comm")).startsWith("C")
                            || !Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    private static java.util.Map<String, Long> threadCpuAtStart = new java.util.TreeMap<>();

    /** CPU ticks per thread name (digits folded) from /proc (Linux only); prints the change since the last call when out is set. */
    private static void threadCpu(ChildJvm gw, PrintStream out) throws IOException {
        java.util.Map<String, Long> now = new java.util.TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(gw.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        try (var dirs = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) dirs::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    now.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        if (out != null) {
            java.util.Map<String, Long> start = threadCpuAtStart;
            now.entrySet().stream().map(e -> java.util.Map.entry(e.getKey(), e.getValue() - start.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0).sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> out.printf("profile: thread %-28s %6d ms CPU%n", e.getKey(), e.getValue() * 10));
        }
        threadCpuAtStart = now;
    }

    private static Phase phase(ExecutorService pool, List<Device> devices, ChildJvm server, Step step, int times) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long cpu0 = server.cpuMillis();
        long jit0 = compilerCpuMillis(server);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (Device d : devices) {
            fs.add(pool.submit(() -> {
                for (int k = 0; k < times; k++) {
                    try {
                        if (step.run(d)) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long jit1 = compilerCpuMillis(server);
        return new Phase(ok.get(), failed.get(), s, server.cpuMillis() - cpu0, jit0 < 0 || jit1 < 0 ? -1 : jit1 - jit0);
    }

    private static List<Device> devices(int n, DtlsClients clients, InetSocketAddress server, byte[] gatewayKey) throws Exception {
        List<Device> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Device(BenchDevices.id(i), clients.connect(server), gatewayKey));
        }
        return out;
    }

    /** One simulated device: its transport, key slots, rotation client and telemetry payload. */
    private static final class Device {
        final DtlsTransport transport;
        final RotationClient client;
        final byte[] telemetry;
        final byte[] response = new byte[512];
        static final byte[] PATH = "telemetry".getBytes(StandardCharsets.US_ASCII);

        Device(String id, DtlsTransport transport, byte[] gatewayKey) throws Exception {
            this.transport = transport;
            TwoSlotKeyStore keys = new TwoSlotKeyStore(new MemorySecureStorage(6, 4096));
            keys.load();
            keys.provision(0, BenchDevices.factoryPsk(id), 0);
            byte[] idb = id.getBytes(StandardCharsets.US_ASCII);
            client = new RotationClient(transport, ENTROPY, keys, idb, BenchDevices.identityPrivate(id), gatewayKey);
            TelemetryReport r = new TelemetryReport();
            r.deviceId().set(idb, 0, idb.length);
            r.start(1).addFeature(1, 1200).addFeature(2, 14).addFeature(3, 3).setRisk(40, 1);
            byte[] b = new byte[WireMessage.MAX_ENCODED_LENGTH];
            telemetry = Arrays.copyOf(b, r.encode(WireMessage.newWriter(), b, 0, b.length));
            client.settle();
        }

        boolean post() throws Exception {
            transport.request(Transport.METHOD_POST, PATH, PATH.length, telemetry, 0, telemetry.length, response, 0, response.length);
            return transport.lastResponseCode() == 68;
        }

        /** A new DTLS handshake with the same key, then one post. */
        boolean reconnect() throws Exception {
            transport.dropSession();
            return post();
        }

        boolean rotate() throws Exception {
            return client.rotate(RotationReason.KEY_AGE, 0, 1) == RotationClient.RESULT_ROTATED;
        }

        void close() {
            transport.close();
        }
    }
}
