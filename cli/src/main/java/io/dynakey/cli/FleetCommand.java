package io.dynakey.cli;

import io.dynakey.fleet.run.FleetInputs;
import io.dynakey.fleet.run.FleetSettings;
import io.dynakey.fleet.run.FleetRun;
import io.dynakey.fleet.run.Gateways;
import io.dynakey.fleet.run.Inputs;
import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.FleetResult;
import io.dynakey.fleet.report.ComparisonTable;
import io.dynakey.fleet.report.HtmlReport;
import io.dynakey.fleet.report.LedgerSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dynakey fleet}: Run a simulated fleet of devices against a gateway. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Run a simulated fleet of devices against a gateway in virtual time and compare rotation "
                + "policies (fixed interval, adaptive, learned, oracle) on the same scenario.",
                "Example: ./dynakey fleet --devices 10000 --days 7"})
final class FleetCommand implements Callable<Integer> {

    @Mixin
    FleetOptions options = new FleetOptions();

    @Option(names = "--report", description = "write index.html, results.json and plots into this directory")
    Path report;

    @Option(names = "--work", description = "directory for the gateways' key stores and ledgers (default: a temporary one)")
    Path work;

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("dynakey-fleet");
        try {
            FleetSettings settings = options.settings();
            FleetInputs in = Inputs.load(settings, System.out);
            Gateways gateways = Gateways.create(settings, dir);
            List<String> adversaryNotes = new ArrayList<>();
            FleetResult r = FleetRun.run(settings, in, gateways, System.out, adversaryNotes);
            LedgerSummary ledger = gateways.verifyLedgers(System.out);
            if (report != null) {
                List<String> notes = new ArrayList<>(in.notes());
                notes.addAll(gateways.notes());
                notes.addAll(adversaryNotes);
                Path index = HtmlReport.write(report, r, ledger, ComparisonTable.format(r), "", notes);
                System.out.println("report: " + index.toAbsolutePath());
            }
            return 0;
        } catch (FleetException e) {
            System.err.println("dynakey fleet: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("dynakey fleet: " + e.getMessage());
            return 2;
        } finally {
            if (work == null) {
                DemoCommand.deleteTree(dir);
            }
        }
    }
}
