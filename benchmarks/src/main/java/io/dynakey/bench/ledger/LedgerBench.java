package io.dynakey.bench.ledger;

import io.dynakey.device.wire.RotationReason;
import io.dynakey.ledger.Bridge;
import io.dynakey.ledger.LedgerBackend;
import io.dynakey.ledger.event.EventBody;
import io.dynakey.ledger.event.KeyCommitment;
import io.dynakey.ledger.event.MemoryEventSource;
import io.dynakey.ledger.event.Rotated;
import io.dynakey.ledger.ethereum.AnvilNode;
import io.dynakey.ledger.ethereum.EthereumLedger;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import io.dynakey.ledger.verify.LedgerVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * Measures the ledger end to end through the {@link Bridge}: events/s into the journal and into a
 * local anvil node, and gas per event by batch size. Every figure has a baseline from the same run.
 */
public final class LedgerBench {

    /** One measured configuration. */
    public record Row(String section, String config, long events, double seconds, double eventsPerSecond,
                      double eventsPerCpuSecond, double gasPerEvent, String vsBaseline) {
    }

    /** How much to run. */
    public record Settings(int journalEvents, int anvilEvents, int baselineEvents, boolean anvil) {
        /** The default: about a minute on a loaded two-core machine. */
        public static Settings standard() {
            return new Settings(300_000, 50_000, 300, true);
        }
    }

    private LedgerBench() {
    }

    /** Runs every section; Ethereum rows are skipped (with a note) if anvil is not installed. */
    public static List<Row> run(Settings s, PrintStream progress) throws Exception {
        List<Row> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("dynakey-ledger-bench");
        try {
            progress.println("journal: warming up ...");
            journal(dir, "warmup", 50_000, 1000, FsyncPolicy.ON_SYNC);
            progress.println("journal: baseline (one event per batch, fsync each) ...");
            Row base = journal(dir, "batch 1, fsync every batch (baseline)", s.baselineEvents(), 1, FsyncPolicy.EVERY_BATCH);
            rows.add(base);
            progress.println("journal: batch 1000, fsync every batch (3 runs) ...");
            rows.add(ratio(median(dir, "batch 1000, fsync every batch", s.journalEvents(), 1000, FsyncPolicy.EVERY_BATCH), base));
            progress.println("journal: batch 1000, group commit (3 runs) ...");
            rows.add(ratio(median(dir, "batch 1000, group commit (one fsync per bridge round)", s.journalEvents(), 1000,
                    FsyncPolicy.ON_SYNC), base));
            if (!s.anvil()) {
                return rows;
            }
            if (AnvilNode.findBinary().isEmpty()) {
                progress.println("anvil not installed (npm install): Ethereum rows skipped");
                return rows;
            }
            try (AnvilNode anvil = AnvilNode.start()) {
                Web3j web3j = AnvilNode.client(anvil.url(), 10_000);
                try {
                    progress.println("anvil: baseline (one event per anchor) ...");
                    Row single = anvil(web3j, dir, "batch 1 (baseline: one anchor tx per event)", s.baselineEvents(), 1);
                    rows.add(single);
                    for (int size : new int[] {10, 100, 1000, 10_000}) {
                        int n = size == 1000 ? s.anvilEvents() : size == 10_000 ? Math.max(s.anvilEvents(), size * 10)
                                : Math.max(s.baselineEvents(), size * 30);
                        progress.println("anvil: batch " + size + ", " + n + " events ...");
                        rows.add(ratio(anvil(web3j, dir, "batch " + size, n, size), single));
                    }
                } finally {
                    web3j.shutdown();
                }
            }
            return rows;
        } finally {
            deleteTree(dir);
        }
    }

    /** The median of three runs by events/s (the machine is shared; one run can be unlucky). */
    private static Row median(Path dir, String config, int n, int batch, FsyncPolicy policy) throws Exception {
        List<Row> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(journal(dir, config + ", median of 3", n, batch, policy));
        }
        runs.sort(java.util.Comparator.comparingDouble(Row::eventsPerSecond));
        return runs.get(1);
    }

    private static Row journal(Path dir, String config, int n, int batch, FsyncPolicy policy) throws Exception {
        MemoryEventSource source = source(n);
        Path file = dir.resolve("bench-" + System.nanoTime() + ".journal");
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        try (Journal j = Journal.open(file, policy)) {
            new Bridge(source, j, batch, 60_000, System::currentTimeMillis).drainAll();
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - c0) / 1e9;
        if (!LedgerVerifier.verifyJournal(file, n).ok()) {
            throw new IllegalStateException("benchmark journal does not verify");
        }
        Files.delete(file);
        return new Row("journal", config, n, sec, n / sec, n / cpu, Double.NaN, "1.00x");
    }

    private static Row anvil(Web3j web3j, Path dir, String config, int n, int batch) throws Exception {
        MemoryEventSource source = source(n);
        Credentials gateway = Credentials.create(AnvilNode.GATEWAY_DEV_KEY);
        String contract = EthereumLedger.deploy(web3j, gateway);
        Path file = dir.resolve("bench-" + System.nanoTime() + ".archive");
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        long gas;
        try (EthereumLedger l = EthereumLedger.open(file, FsyncPolicy.ON_SYNC, web3j, gateway, contract, 1)) {
            new Bridge(source, l, batch, 60_000, System::currentTimeMillis).drainAll();
            gas = l.gasUsed();
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - c0) / 1e9;
        Files.delete(file);
        return new Row("anvil", config, n, sec, n / sec, n / cpu, (double) gas / n, "1.00x");
    }

    private static Row ratio(Row r, Row base) {
        String vs = String.format(Locale.ROOT, "%.0fx faster", r.eventsPerSecond() / base.eventsPerSecond());
        if (!Double.isNaN(r.gasPerEvent())) {
            vs += String.format(Locale.ROOT, ", %.0fx less gas", base.gasPerEvent() / r.gasPerEvent());
        }
        return new Row(r.section(), r.config(), r.events(), r.seconds(), r.eventsPerSecond(), r.eventsPerCpuSecond(),
                r.gasPerEvent(), vs);
    }

    /** The table as Markdown. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| backend | configuration | events | seconds | events/s | events per JVM CPU-s | gas/event | vs baseline |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.2f | %,.0f | %,.0f | %s | %s |%n", r.section(),
                    r.config(), r.events(), r.seconds(), r.eventsPerSecond(), r.eventsPerCpuSecond(),
                    Double.isNaN(r.gasPerEvent()) ? "-" : String.format(Locale.ROOT, r.gasPerEvent() < 10 ? "%.2f" : "%,.0f",
                            r.gasPerEvent()), r.vsBaseline()));
        }
        return b.toString();
    }

    /** Replaces (or appends) the "## Ledger" section of a Markdown file, leaving other sections alone. */
    public static void writeSection(Path file, String body) throws IOException {
        io.dynakey.bench.BenchDocs.writeSection(file, "## Ledger", body);
    }

    /** CPU time of the whole JVM (all threads), so that a loaded machine's figures can be read. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static MemoryEventSource source(int n) {
        MemoryEventSource s = new MemoryEventSource();
        Random r = new Random(n);
        byte[] key = new byte[16];
        byte[] salt = new byte[KeyCommitment.SALT_LENGTH];
        for (int i = 1; i <= n; i++) {
            r.nextBytes(key);
            String dev = "dev-" + (i % 5000);
            EventBody body = new Rotated(dev, i, RotationReason.RISK, r.nextInt(1001), 7,
                    KeyCommitment.of(KeyCommitment.Kind.DEVICE_KEY, salt, dev, i, key));
            s.append(1_764_000_000_000L + i, body);
        }
        return s;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
