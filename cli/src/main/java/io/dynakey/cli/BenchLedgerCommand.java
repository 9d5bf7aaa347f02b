package io.dynakey.cli;

import io.dynakey.bench.ledger.LedgerBench;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey bench ledger}: events/s into the journal and into anvil, gas per event by batch size. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Ledger throughput: events/s into the journal and into anvil, gas per event.")
final class BenchLedgerCommand implements Callable<Integer> {

    @Option(names = "--journal-events", description = "events for each journal run (default ${DEFAULT-VALUE})")
    int journalEvents = LedgerBench.Settings.standard().journalEvents();

    @Option(names = "--anvil-events", description = "events for the batch-1000 anvil run (default ${DEFAULT-VALUE})")
    int anvilEvents = LedgerBench.Settings.standard().anvilEvents();

    @Option(names = "--journal-only", description = "skip the anvil rows (and do not rewrite the docs)")
    boolean journalOnly;

    @Option(names = "--out", description = "Markdown file whose \"Ledger\" section is rewritten (default ${DEFAULT-VALUE})")
    Path out = Path.of("docs/benchmarks.md");

    @Override
    public Integer call() throws Exception {
        LedgerBench.Settings s = new LedgerBench.Settings(journalEvents, anvilEvents,
                LedgerBench.Settings.standard().baselineEvents(), !journalOnly);
        List<LedgerBench.Row> rows = LedgerBench.run(s, System.err);
        String table = LedgerBench.table(rows);
        System.out.print(table);
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
                + "<= 50 gas/event at batch 1,000 (a single anchor transaction, the batch-1 row, is the comparison).\n");
        System.err.println("wrote the Ledger section of " + out);
        return 0;
    }
}
