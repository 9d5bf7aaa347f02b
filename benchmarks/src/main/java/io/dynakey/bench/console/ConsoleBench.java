package io.dynakey.bench.console;

import io.dynakey.console.Console;
import io.dynakey.console.ConsoleOptions;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.server.GatewayServer;
import io.dynakey.gateway.service.GatewayObserver;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.PendingKey;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code dynakey bench console}, in one process on loopback:
 * <ol>
 * <li>a gateway store with {@code devices} enrolled devices (registered over 30 days of simulated
 *     time; {@code rotated} of them rotated through the store during the last 24 h, with mixed
 *     reasons), then the console on it: the overview page ({@code GET /}), a device-list page deep
 *     in the fleet, {@code /api/overview} and a metrics scrape, each timed over repeated requests
 *     after a warm-up (median and 95th percentile, ms);</li>
 * <li>telemetry throughput over real DTLS from {@code senders} devices, in alternating rounds with
 *     the console off (not started, no observer) and on (started, observing, and scraped once a
 *     second plus the overview once a second, as Prometheus and an open page would).</li>
 * </ol>
 * Devices and servers share the machine, so posts/s are lower bounds; the on/off ratio of the same
 * run is the comparable figure.
 */
public final class ConsoleBench {

    /** Options; see the class comment. */
    public record Options(int devices, int rotated, int senders, int rounds, long roundMillis, int timedRequests, Path workDir) {
    }

    /** Latency of one request kind: median and 95th percentile, ms. */
    public record Latency(String what, double medianMs, double p95Ms, int bytes) {
    }

    /** Everything measured. */
    public record Figures(int devices, long fillMillis, List<Latency> latencies, double postsPerSecOff, double postsPerSecOn) {
        /** Posts/s with the console on over posts/s with it off (1.0: no change). */
        public double onOffRatio() {
            return postsPerSecOn / postsPerSecOff;
        }
    }

    private static final long DAY = 86_400_000L;

    private ConsoleBench() {
    }

    /** Runs the benchmark, printing progress to {@code out}. */
    public static Figures run(Options o, PrintStream out) throws Exception {
        long realStart = System.currentTimeMillis();
        AtomicLong clock = new AtomicLong(realStart - 30 * DAY);
        GatewayConfig cfg = GatewayConfig.builder()
                .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1").set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, o.workDir().resolve("gateway"))
                .set(GatewaySettings.REQUESTS_PER_SECOND, 100_000).set(GatewaySettings.REQUEST_BURST, 100_000)
                .set(GatewaySettings.CONSOLE_PORT, 0).build();
        List<Latency> lat = new ArrayList<>();
        long fill;
        double off;
        double on;
        try (Gateway g = Gateway.open(cfg, clock::get)) {
            out.printf(Locale.ROOT, "[1/3] enrolling %,d devices (store API, 30 days of simulated time) ...%n", o.devices());
            long t0 = System.nanoTime();
            fill(g.store(), o, clock, realStart);
            fill = (System.nanoTime() - t0) / 1_000_000;
            clock.set(realStart);
            out.printf(Locale.ROOT, "      %,d devices, %,d rotations in %.1f s%n", o.devices(), o.rotated(), fill / 1000.0);
            GatewayServer server = GatewayServer.start(g);
            try {
                out.println("[2/3] console latency at fleet scale");
                try (Console c = Console.start(g, ConsoleOptions.of(cfg).orElseThrow())) {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                    int deepPage = Math.max(0, o.devices() / 50 - 1);
                    for (String[] p : new String[][] {{"overview page", "/"}, {"api overview", "/api/overview"},
                            {"device list, last page", "/devices?page=" + deepPage + "&size=50"}, {"metrics scrape", "/metrics"}}) {
                        Latency l = time(http, c.url().resolve(p[1]), p[0], o.timedRequests());
                        lat.add(l);
                        out.printf(Locale.ROOT, "      %-24s median %6.1f ms  p95 %6.1f ms  (%,d bytes)%n", l.what(), l.medianMs(), l.p95Ms(),
                                l.bytes());
                    }
                }
                out.printf(Locale.ROOT, "[3/3] telemetry over DTLS, %d senders, %d rounds of %d s, console off and on alternately%n",
                        o.senders(), o.rounds(), o.roundMillis() / 1000);
                double[] rates = throughput(g, server, cfg, o, out);
                off = rates[0];
                on = rates[1];
            } finally {
                g.observeWith(GatewayObserver.NONE);
                server.close(); // closes the gateway too; the try's close is then a second, harmless one
            }
        }
        return new Figures(o.devices(), fill, lat, off, on);
    }

    /** Registers the devices over 30 simulated days and rotates {@code rotated} of them in the last 24 h. */
    static void fill(DeviceKeyStore store, Options o, AtomicLong clock, long realStart) throws Exception {
        long start = clock.get();
        byte[] pub = new byte[32];
        Arrays.fill(pub, (byte) 7);
        for (int i = 0; i < o.devices(); i++) {
            clock.set(start + (long) i * (30 * DAY - DAY) / o.devices());
            store.registerDevice(id(i), pub, Integer.toString(i % 16), new Secret(psk(id(i))), clock.get());
        }
        int[] reasons = {RotationReason.KEY_AGE, RotationReason.KEY_AGE, RotationReason.RISK, RotationReason.POLICY,
            RotationReason.MESSAGE_LIMIT, RotationReason.MANUAL};
        byte[] digest = new byte[32];
        for (int r = 0; r < o.rotated(); r++) {
            int i = o.senders() + r * Math.max(1, (o.devices() - o.senders()) / Math.max(1, o.rotated()));
            if (i >= o.devices()) {
                break;
            }
            clock.set(realStart - DAY + (long) r * DAY / o.rotated());
            Arrays.fill(digest, (byte) r);
            PendingKey p = new PendingKey(id(i), 0, 1, new Secret(psk(id(i) + "/1")), digest, digest, new byte[8],
                    reasons[r % reasons.length], (r * 37) % 1000, 3);
            store.putPending(p, clock.get());
            store.commit(id(i), 1, clock.get(), 0);
            p.key().destroy();
        }
    }

    static String id(int i) {
        return String.format(Locale.ROOT, "fleet-%06d", i);
    }

    static byte[] psk(String id) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(("psk|" + id).getBytes(StandardCharsets.US_ASCII)), 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Latency time(HttpClient http, URI uri, String what, int n) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
        int bytes = 0;
        for (int i = 0; i < Math.max(5, n / 4); i++) {
            bytes = get(http, req).length();
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            get(http, req);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new Latency(what, ms[n / 2], ms[Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)], bytes);
    }

    private static String get(HttpClient http, HttpRequest req) throws Exception {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(req.uri() + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** posts/s with the console off and on, each the sum over its rounds. */
    private static double[] throughput(Gateway g, GatewayServer server, GatewayConfig cfg, Options o, PrintStream out)
            throws Exception {
        DtlsClients clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(5_000));
        ExecutorService pool = Executors.newFixedThreadPool(o.senders());
        List<DtlsTransport> devices = new ArrayList<>();
        try {
            for (int i = 0; i < o.senders(); i++) {
                DtlsTransport t = clients.connect(server.address());
                byte[] ident = PskIdentity.of(id(i), 0);
                byte[] key = psk(id(i));
                t.usePsk(ident, ident.length, key, key.length);
                devices.add(t);
            }
            long[] posts = new long[2];
            long[] millis = new long[2];
            round(pool, devices, 1_000); // handshakes and warm-up, not counted
            for (int r = 0; r < 2 * o.rounds(); r++) {
                boolean consoleOn = r % 2 == 1;
                Console c = consoleOn ? Console.start(g, ConsoleOptions.of(cfg).orElseThrow()) : null;
                AtomicBoolean stop = new AtomicBoolean();
                Thread watcher = consoleOn ? watch(c, stop) : null;
                long t0 = System.nanoTime();
                long n = round(pool, devices, o.roundMillis());
                long took = (System.nanoTime() - t0) / 1_000_000;
                stop.set(true);
                if (watcher != null) {
                    watcher.join();
                    c.close();
                }
                posts[consoleOn ? 1 : 0] += n;
                millis[consoleOn ? 1 : 0] += took;
                out.printf(Locale.ROOT, "      round %d console %-3s %,8.0f posts/s%n", r + 1, consoleOn ? "on" : "off", n * 1000.0 / took);
            }
            return new double[] {posts[0] * 1000.0 / millis[0], posts[1] * 1000.0 / millis[1]};
        } finally {
            pool.shutdownNow();
            devices.forEach(DtlsTransport::close);
            clients.close();
        }
    }

    /** A scrape of /metrics and a load of the overview, once a second each, until {@code stop}. */
    private static Thread watch(Console c, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            HttpClient http = HttpClient.newHttpClient();
            while (!stop.get()) {
                try {
                    get(http, HttpRequest.newBuilder(c.url().resolve("/metrics")).build());
                    get(http, HttpRequest.newBuilder(c.url().resolve("/")).build());
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "console-watcher");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Every device posts telemetry as fast as answers come for {@code millis}; returns the posts answered 2.04. */
    private static long round(ExecutorService pool, List<DtlsTransport> devices, long millis) throws Exception {
        long until = System.nanoTime() + millis * 1_000_000;
        List<Future<Long>> done = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            DtlsTransport t = devices.get(i);
            byte[] body = report(id(i));
            done.add(pool.submit(() -> {
                byte[] path = "telemetry".getBytes(StandardCharsets.US_ASCII);
                byte[] resp = new byte[256];
                long n = 0;
                while (System.nanoTime() < until) {
                    try {
                        t.request(Transport.METHOD_POST, path, path.length, body, 0, body.length, resp, 0, resp.length);
                        if (t.lastResponseCode() == 68) {
                            n++;
                        }
                    } catch (TransportException e) {
                        // a lost exchange counts as nothing
                    }
                }
                return n;
            }));
        }
        long n = 0;
        for (Future<Long> f : done) {
            n += f.get();
        }
        return n;
    }

    private static byte[] report(String id) throws Exception {
        TelemetryReport r = new TelemetryReport();
        r.deviceId().set(id.getBytes(StandardCharsets.US_ASCII), 0, id.length());
        r.start(1).addFeature(1, 100).addFeature(2, 7).setRisk(150, 1);
        byte[] buf = new byte[WireMessage.MAX_ENCODED_LENGTH];
        int n = r.encode(WireMessage.newWriter(), buf, 0, buf.length);
        return Arrays.copyOf(buf, n);
    }

    /** The figures as a table. */
    public static void printTable(Figures f, PrintStream out) {
        out.printf(Locale.ROOT, "console at %,d enrolled devices%n", f.devices());
        out.println("| request | median ms | p95 ms | bytes |");
        out.println("|---|---:|---:|---:|");
        for (Latency l : f.latencies()) {
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %,d |%n", l.what(), l.medianMs(), l.p95Ms(), l.bytes());
        }
        out.printf(Locale.ROOT, "telemetry posts/s: console off %.0f, on %.0f, on/off %.3f%n", f.postsPerSecOff(), f.postsPerSecOn(),
                f.onOffRatio());
    }
}
