package io.dynakey.cli;

import io.dynakey.fleet.run.FleetInputs;
import io.dynakey.fleet.run.FleetSettings;
import io.dynakey.fleet.run.FleetSettings.GatewayKind;
import io.dynakey.fleet.run.FleetRun;
import io.dynakey.fleet.run.Gateways;
import io.dynakey.fleet.run.Inputs;
import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.FleetResult;
import io.dynakey.fleet.report.ComparisonTable;
import io.dynakey.fleet.report.HtmlReport;
import io.dynakey.fleet.report.LedgerSummary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dynakey demo}: Run the whole system on a simulated fleet and compare rotation policies. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job: a simulated fleet of a few hundred devices over a week, a real gateway with its "
                + "journal ledger, the three rotation policies compared, the ledger verified, and an HTML report in "
                + "dynakey-report/."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    FleetOptions options = new FleetOptions();

    @Option(names = "--out", description = "report directory (default: ${DEFAULT-VALUE})")
    Path out = Path.of("dynakey-report");

    @Option(names = "--quick", description = "a shortened run (40 devices, 3 days) for tests and a first look")
    boolean quick;

    @Option(names = "--serve", description = "after the run, keep the adaptive run's gateway (its key store and journal) "
            + "and its operator console running, print the console's URL, and wait for Ctrl-C")
    boolean serve;

    @Option(names = "--console-port", paramLabel = "PORT", description = "console port with --serve (default: a free one)")
    int consolePort;

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        PrintStream o = System.out;
        if (quick) {
            options.devices = Math.min(options.devices, 40);
            options.days = Math.min(options.days, 3);
            options.compromiseProbability = Math.max(options.compromiseProbability, 0.5);
        }
        FleetSettings settings;
        try {
            settings = options.settings();
        } catch (IllegalArgumentException e) {
            System.err.println("dynakey demo: " + e.getMessage());
            return 2;
        }
        o.println("dynakey demo: adaptive key rotation against a fixed schedule, on one simulated fleet");
        o.println();
        Path work = Files.createTempDirectory("dynakey-demo");
        List<String> notes = new ArrayList<>();
        try {
            o.println("[1/5] traffic and model");
            FleetInputs in = Inputs.load(settings, o);
            notes.addAll(in.notes());
            in.notes().forEach(n -> o.println("      " + n));
            o.println("[2/5] gateway");
            Gateways gateways = Gateways.create(settings, work);
            notes.addAll(gateways.notes());
            o.println("[3/5] fleet run");
            FleetResult r = FleetRun.run(settings, in, gateways, o);
            o.println();
            o.println("[4/5] ledger");
            LedgerSummary ledger = gateways.verifyLedgers(o);
            o.println("[5/5] boards and report");
            String boards = Boards.check(in.modelFile(), o).table();
            List<Path> journals = gateways.copyJournals(out.resolve("ledger"));
            if (!journals.isEmpty()) {
                ledger = new LedgerSummary(ledger.backend(), out.resolve("ledger").toString(), ledger.events(),
                        ledger.batches(), ledger.verified(), ledger.detail(), ledger.eventsByType());
            }
            Path index = HtmlReport.write(out, r, ledger, ComparisonTable.format(r), boards, notes);
            o.println("report: " + index.toAbsolutePath());
            if (!journals.isEmpty()) {
                o.println("ledger: ./dynakey ledger verify --journal " + journals.get(journals.size() > 1 ? 1 : 0));
            }
            o.println("        " + out.resolve("results.json").toAbsolutePath());
            o.println();
            o.println("where to look next:");
            o.println("  ./dynakey fleet --devices 10000 --days 7      the same comparison at fleet scale");
            o.println("  ./dynakey gateway                             run the CoAP/DTLS key service on its own");
            o.println("  ./dynakey train --help                        train and sign a model from labelled CSV");
            o.println("  ./dynakey ledger verify --help                verify a journal or an Ethereum ledger");
            o.println("  ./dynakey boards                              the device image and model against real boards");
            o.println("  ./dynakey bench device                        evaluator speed against Tribuo");
            int status = ledger.verified() || settings.gateway() != GatewayKind.REAL ? 0 : 3;
            if (serve) {
                List<Path> runs = gateways.journals();
                if (runs.isEmpty()) {
                    System.err.println("dynakey demo --serve: the run used the in-process gateway; nothing to serve (--gateway real)");
                    return 2;
                }
                DemoServe.serve(runs.get(runs.size() > 1 ? 1 : 0), consolePort, o);
            }
            return status;
        } catch (FleetException e) {
            System.err.println("dynakey demo: " + e.getMessage());
            return 1;
        } finally {
            deleteTree(work);
        }
    }

    /** Removes the gateways' working files (key stores and their key-encryption keys); the journals are in the report. */
    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary directory; nothing else depends on it
        }
    }
}
