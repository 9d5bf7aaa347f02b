package io.dynakey.bench.ledger;

import io.dynakey.device.testing.ChildJvm;
import io.dynakey.ledger.verify.Checkpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ledger at fleet scale: journals of 1, 10 and 100 million events are written and verified in
 * child JVMs of {@value #HEAP} heap, then 1,000 events are appended and verified incrementally
 * from the checkpoint the full verification wrote. Sizes the disk or the time budget cannot take
 * are skipped, and the row says why.
 */
public final class LedgerScaleBench {

    /** The heap of every child JVM: what the target allows. */
    public static final String HEAP = "64m";
    /** Events per batch. */
    public static final int BATCH = 1000;
    /** Events appended before the incremental verification. */
    public static final int APPENDED = 1000;

    /**
     * One journal size.
     *
     * @param events          events in the journal before the append
     * @param fileBytes       its size
     * @param writeSeconds    writing it through the bridge (journal open excluded)
     * @param fullSeconds     full verification (in the child, JVM start excluded)
     * @param fullPeakHeap    peak heap of the full verification, bytes
     * @param ok              both verifications were intact
     * @param reopenSeconds   opening the journal to append (its recovery check reads it all)
     * @param incrementalSeconds verification from the checkpoint after {@value #APPENDED} new events
     *                        (JVM start and Ed25519's one-time tables excluded)
     * @param incrementalPeakHeap its peak heap, bytes
     * @param incrementalProcessSeconds the whole incremental-verification process, start to exit (what
     *                        a {@code ledger verify} from a shell costs)
     * @param note            why the size was skipped, or {@code null}
     */
    public record Row(long events, long fileBytes, double writeSeconds, double fullSeconds, long fullPeakHeap, boolean ok,
                      double reopenSeconds, double incrementalSeconds, long incrementalPeakHeap,
                      double incrementalProcessSeconds, String note) {
    }

    private LedgerScaleBench() {
    }

    /** Runs every size in order; a size is skipped if the disk lacks room or the estimate exceeds what is left of the budget. */
    public static List<Row> run(List<Long> sizes, double budgetMinutes, PrintStream progress) throws Exception {
        List<Row> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("dynakey-ledger-scale");
        long start = System.nanoTime();
        double bytesPerEvent = 130; // replaced by the measured figure after the first size
        double secondsPerEvent = 0;
        try {
            for (long n : sizes) {
                long free = Files.getFileStore(dir).getUsableSpace();
                double need = (n + APPENDED) * bytesPerEvent * 1.1 + (1L << 30);
                double left = budgetMinutes * 60 - (System.nanoTime() - start) / 1e9;
                double estimate = secondsPerEvent * n;
                if (free < need) {
                    rows.add(skipped(n, String.format(Locale.ROOT, "skipped: needs about %.1f GB of disk, %.1f GB free",
                            need / 1e9, free / 1e9)));
                    progress.println("scale: " + rows.get(rows.size() - 1).note());
                    continue;
                }
                if (estimate > left) {
                    rows.add(skipped(n, String.format(Locale.ROOT, "skipped: would take about %.0f min, %.0f min of the"
                            + " budget left (--scale-budget-minutes)", estimate / 60, Math.max(0, left) / 60)));
                    progress.println("scale: " + rows.get(rows.size() - 1).note());
                    continue;
                }
                long t0 = System.nanoTime();
                Row r = one(dir, n, progress);
                rows.add(r);
                bytesPerEvent = (double) r.fileBytes() / n;
                secondsPerEvent = (System.nanoTime() - t0) / 1e9 / n;
            }
            return rows;
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Row skipped(long n, String why) {
        return new Row(n, 0, Double.NaN, Double.NaN, 0, false, Double.NaN, Double.NaN, 0, Double.NaN, why);
    }

    private static Row one(Path dir, long n, PrintStream progress) throws Exception {
        Path file = dir.resolve("scale-" + n + ".journal");
        Path cp = Checkpoint.defaultFile(file);
        progress.printf(Locale.ROOT, "scale: writing %,d events ...%n", n);
        String[] w = child(dir, "write", file.toString(), Long.toString(n), Integer.toString(BATCH));
        long bytes = Files.size(file);
        progress.printf(Locale.ROOT, "scale: %,d events in %.1f s (%,d bytes); full verification (-Xmx%s) ...%n", n,
                ms(w[5]), bytes, HEAP);
        String[] full = child(dir, "verify", file.toString(), cp.toString(), "full");
        progress.printf(Locale.ROOT, "scale: full verification %.1f s, peak heap %.1f MB; appending %,d ...%n",
                ms(full[5]), Long.parseLong(full[4]) / 1048576.0, APPENDED);
        String[] append = child(dir, "write", file.toString(), Long.toString(n + APPENDED), Integer.toString(BATCH));
        long p0 = System.nanoTime();
        String[] inc = child(dir, "verify", file.toString(), cp.toString(), "incremental");
        double process = (System.nanoTime() - p0) / 1e9;
        progress.printf(Locale.ROOT, "scale: incremental verification %.3f s (resumed at batch %s)%n", ms(inc[5]), inc[6]);
        boolean ok = w[1].equals("true") && full[1].equals("true") && append[1].equals("true") && inc[1].equals("true")
                && Long.parseLong(inc[6]) == (n + BATCH - 1) / BATCH && Long.parseLong(inc[2]) == n + APPENDED;
        Files.delete(file);
        return new Row(n, bytes, ms(w[5]), ms(full[5]), Long.parseLong(full[4]), ok, ms(append[6]), ms(inc[5]),
                Long.parseLong(inc[4]), process, null);
    }

    private static double ms(String s) {
        return Long.parseLong(s) / 1000.0;
    }

    private static String[] child(Path dir, String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("child.log");
        try (ChildJvm c = ChildJvm.start(LedgerScaleMain.class, List.of("-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError"),
                log, args)) {
            String[] line = c.awaitLine("RESULT ", Duration.ofHours(4));
            c.waitFor(Duration.ofMinutes(1));
            return line;
        }
    }

    /** The table as Markdown. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| events | journal | write (s) | full verify (s) | verified events/s | peak heap, full | reopen to append (s) "
                + "| incremental verify of 1,000 new (s) | peak heap, incremental | full / incremental "
                + "| incremental, whole process (s) |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            if (r.note() != null) {
                b.append(String.format(Locale.ROOT, "| %,d | %s | | | | | | | | | |%n", r.events(), r.note()));
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %,d | %.2f GB | %.1f | %.1f | %,.0f | %.1f MB | %.1f | %.3f | %.1f MB | %,.0fx | %.2f%s |%n",
                    r.events(), r.fileBytes() / 1e9, r.writeSeconds(), r.fullSeconds(), r.events() / r.fullSeconds(),
                    r.fullPeakHeap() / 1048576.0, r.reopenSeconds(), r.incrementalSeconds(),
                    r.incrementalPeakHeap() / 1048576.0, r.fullSeconds() / r.incrementalSeconds(),
                    r.incrementalProcessSeconds(), r.ok() ? "" : " (NOT OK)"));
        }
        return b.toString();
    }
}
