package io.dynakey.fleet.run;

import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.gateway.RealGateway;
import io.dynakey.fleet.FleetGateway;
import io.dynakey.fleet.FleetGatewayFactory;
import io.dynakey.fleet.SimulatedGateway;
import io.dynakey.fleet.report.LedgerSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens one gateway per policy run: the real one (Californium + Scandium DTLS on loopback, SQLite
 * key store, journal ledger) or the in-process stand-in, and afterwards verifies the ledgers.
 */
public final class Gateways implements FleetGatewayFactory {

    private final FleetSettings options;
    private final Path dir;
    private final boolean real;
    private final List<String> notes = new ArrayList<>();
    private final List<Path> ledgers = new ArrayList<>();

    private Gateways(FleetSettings options, Path dir, boolean real) {
        this.options = options;
        this.dir = dir;
        this.real = real;
    }

    /** The gateways the options ask for. */
    public static Gateways create(FleetSettings o, Path dir) {
        boolean real = o.gateway() == FleetSettings.GatewayKind.REAL;
        Gateways g = new Gateways(o, dir, real);
        if (!real) {
            g.notes.add("gateway: in-process simulation (no DTLS, no ledger); key-management bytes are payload estimates");
        }
        if (o.link() != null) {
            g.notes.add("link: every device's key-management and telemetry datagrams cross " + o.link()
                    + " (both directions); rotations are retried through the protocol until they commit");
        }
        return g;
    }

    @Override
    public FleetGateway open(String runName) throws FleetException {
        if (!real) {
            return new SimulatedGateway(options.scenario().devices());
        }
        RealGateway gw = RealGateway.start(dir.resolve(runName), options.link(), options.scenario().seed());
        ledgers.add(gw.journal());
        return gw;
    }

    /** Copies each run's journal into {@code dir} as {@code <policy>.journal}; returns the copies. */
    public List<Path> copyJournals(Path dir) throws java.io.IOException {
        List<Path> copies = new ArrayList<>();
        if (!real) {
            return copies;
        }
        java.nio.file.Files.createDirectories(dir);
        for (Path j : ledgers) {
            Path to = dir.resolve(j.getParent().getFileName() + ".journal");
            java.nio.file.Files.copy(j, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            copies.add(to);
        }
        return copies;
    }

    /** Each real run's journal, in run order (its gateway's data folder is the journal's folder); empty for the stand-in. */
    public List<Path> journals() {
        return List.copyOf(ledgers);
    }

    /** Notes for the report. */
    public List<String> notes() {
        return notes;
    }

    /** Verifies every run's ledger; the summary covers them all. */
    public LedgerSummary verifyLedgers(PrintStream out) {
        if (!real) {
            return LedgerSummary.absent("no ledger: the in-process gateway writes none");
        }
        return LedgerCheck.verify(ledgers, out);
    }
}
