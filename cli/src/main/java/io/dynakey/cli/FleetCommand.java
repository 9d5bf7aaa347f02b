package io.dynakey.cli;

import io.dynakey.cli.fleet.FleetInputs;
import io.dynakey.cli.fleet.FleetOptions;
import io.dynakey.cli.fleet.FleetRun;
import io.dynakey.cli.fleet.Gateways;
import io.dynakey.cli.fleet.Inputs;
import io.dynakey.hardware.fleet.FleetException;
import io.dynakey.hardware.fleet.FleetResult;
import io.dynakey.hardware.report.ComparisonTable;
import io.dynakey.hardware.report.HtmlReport;
import io.dynakey.hardware.report.LedgerSummary;
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
                + "policies (fixed interval, adaptive, oracle) on the same scenario.",
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
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.californium",
                System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.californium", "error"));
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("dynakey-fleet");
        try {
            FleetInputs in = Inputs.load(options, System.out);
            Gateways gateways = Gateways.create(options, dir, System.out);
            FleetResult r = FleetRun.run(options, in, gateways, System.out);
            LedgerSummary ledger = gateways.verifyLedgers(System.out);
            if (report != null) {
                List<String> notes = new ArrayList<>(in.notes());
                notes.addAll(gateways.notes());
                Path index = HtmlReport.write(report, r, ledger, ComparisonTable.format(r), "", notes);
                System.out.println("report: " + index.toAbsolutePath());
            }
            return 0;
        } catch (FleetException e) {
            System.err.println("dynakey fleet: " + e.getMessage());
            return 1;
        } finally {
            if (work == null) {
                DemoCommand.deleteTree(dir);
            }
        }
    }
}
