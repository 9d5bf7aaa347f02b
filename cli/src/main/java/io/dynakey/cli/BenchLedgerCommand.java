package io.dynakey.cli;

import io.dynakey.bench.ledger.LedgerBench;
import io.dynakey.bench.ledger.LedgerScaleBench;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey bench ledger}: events/s into the journal and into anvil, gas per event by batch size. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Ledger throughput: events/s into the journal and into anvil, gas per event;"
                + " verification of 1, 10 and 100 million events and incremental verification.")
final class BenchLedgerCommand implements Callable<Integer> {

    @Option(names = "--journal-events", description = "events for each journal run (default ${DEFAULT-VALUE})")
    int journalEvents = LedgerBench.Settings.standard().journalEvents();

    @Option(names = "--anvil-events", description = "events for the batch-1000 anvil run (default ${DEFAULT-VALUE})")
    int anvilEvents = LedgerBench.Settings.standard().anvilEvents();

    @Option(names = "--journal-only", description = "skip the anvil rows (and do not rewrite the docs)")
    boolean journalOnly;

    @Option(names = "--verify-events", split = ",", paramLabel = "N[,N...]",
            description = "journal sizes for the scale rows: full and incremental verification in a 64 MB heap"
                    + " (default ${DEFAULT-VALUE}; e.g. 1000000,10000000 to leave out 100 million)")
    List<Long> verifyEvents = List.of(1_000_000L, 10_000_000L, 100_000_000L);

    @Option(names = "--scale-budget-minutes", description = "skip (and say so) a scale size whose estimate exceeds"
            + " what is left of this budget (default ${DEFAULT-VALUE})")
    double scaleBudgetMinutes = 120;

    @Option(names = "--skip-scale", description = "leave out the scale rows")
    boolean skipScale;

    @Option(names = "--out", description = "Markdown file whose \"Ledger\" section is rewritten (default ${DEFAULT-VALUE})")
    Path out = Path.of("docs/benchmarks.md");

    @Override
    public Integer call() throws Exception {
        LedgerBench.Settings s = new LedgerBench.Settings(journalEvents, anvilEvents,
                LedgerBench.Settings.standard().baselineEvents(), !journalOnly);
        List<LedgerBench.Row> rows = LedgerBench.run(s, System.err);
        String table = LedgerBench.table(rows);
        System.out.print(table);
        String scale = "";
        if (!skipScale) {
            List<LedgerScaleBench.Row> scaleRows = LedgerScaleBench.run(verifyEvents, scaleBudgetMinutes, System.err);
            String scaleTable = LedgerScaleBench.table(scaleRows);
            System.out.print("\n" + scaleTable);
            scale = "\n### Verification at scale\n\nJournals written through the bridge in batches of "
                    + LedgerScaleBench.BATCH + " (rotation events), then verified in a child JVM with -Xmx"
                    + LedgerScaleBench.HEAP + " (peak heap: the heap pools' peak use, as the JVM reports it). The full"
                    + " verification writes a checkpoint; " + LedgerScaleBench.APPENDED + " events are appended and the"
                    + " next verification continues from it. Times are the work inside the child: JVM start and the one-time"
                    + " tables of Bouncy Castle's Ed25519 (built on first use in a process, about a second in a cold JVM"
                    + " here) excluded; the last column is the whole process, as a `ledger verify` from a shell costs;"
                    + " \"reopen to append\" is `Journal.open`, whose recovery check reads the whole journal.\n\n"
                    + scaleTable + "\nTargets: 10 million events verify in <= 64 MB of heap; the incremental verification"
                    + " of 1,000 new events takes <= 1 s whatever the journal's length.\n";
        }
        if (journalOnly) {
            return 0;
        }
        LedgerBench.writeSection(out, "Measured by `./dynakey bench ledger` on " + Instant.now() + " ("
                + Runtime.getRuntime().availableProcessors() + " cores, shared). Events go through the bridge: "
                + "canonical encoding, keccak leaves, Merkle root, then the journal file (fsync'd) or the archive plus "
                + "one `anchor` transaction per batch on a local anvil node (automine, 1 confirmation). Baselines "
                + "are one event per batch, measured in the same run. \"events per JVM CPU-s\" divides by the CPU time "
                + "the JVM used (all threads), which a busy machine does not inflate; load average at the start: "
                + String.format(java.util.Locale.ROOT, "%.1f", java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean().getSystemLoadAverage()) + ".\n\n" + table
                + "\nTargets: journal >= 100,000 events/s with group commit; anvil >= 10,000 events/s; "
                + "<= 50 gas/event at batch 1,000 and <= 5 gas/event at batch 10,000 (a single anchor transaction, the"
                + " batch-1 row, is the comparison).\n" + scale);
        System.err.println("wrote the Ledger section of " + out);
        return 0;
    }
}
