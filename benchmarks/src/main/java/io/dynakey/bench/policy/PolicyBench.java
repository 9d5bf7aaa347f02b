package io.dynakey.bench.policy;

import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.FleetResult;
import io.dynakey.fleet.PolicyResult;
import io.dynakey.fleet.Scenario;
import io.dynakey.fleet.run.FleetInputs;
import io.dynakey.fleet.run.FleetRun;
import io.dynakey.fleet.run.FleetSettings;
import io.dynakey.fleet.run.Gateways;
import io.dynakey.fleet.run.Inputs;
import io.dynakey.trainer.data.DataLocation;
import io.dynakey.trainer.data.Schemas;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs the scenario matrix: IoT-23 at attack shares 1.0, 0.5, 0.25 and 0.1, and the six TON_IoT
 * devices, each with two attack classes. Per data set one model is trained (on the training part
 * of the split) and the learned policy is learned per cell on the validation part under a seed of
 * its own; every figure is measured on the held-out test part with the simulated gateway. The
 * fixed schedule of the cell is the budget the learned policy must keep to.
 */
public final class PolicyBench {

    /** TON_IoT devices in the shared data folder, as their files name them. */
    static final List<String> TON_IOT = List.of("Fridge", "Garage_Door", "GPS_Tracker", "Modbus", "Motion_Light",
            "Thermostat");
    /** IoT-23 attack shares. */
    static final double[] SHARES = {1.0, 0.5, 0.25, 0.1};

    private PolicyBench() {
    }

    /**
     * @param devices devices per cell
     * @param days simulated days
     * @param seed scenario seed (the split's seed too)
     * @param fixedHours the fixed schedule, and so the rotation budget
     * @param classes attack classes per data set
     */
    public record Settings(int devices, int days, long seed, int fixedHours, int classes, List<String> only) {

        /** Every data set. */
        public Settings(int devices, int days, long seed, int fixedHours, int classes) {
            this(devices, days, seed, fixedHours, classes, List.of());
        }

        /** The matrix of the issue: 1,000 devices, 7 days, seed 4242, 24 h, two attack classes. */
        public static Settings standard() {
            return new Settings(1000, 7, 4242, 24, 2);
        }

        /** Whether the data set runs: every one without {@code only}, else those whose name contains one of its entries (case-insensitive). */
        boolean runs(String name) {
            return only.isEmpty() || only.stream().anyMatch(o -> name.toLowerCase(Locale.ROOT)
                    .contains(o.toLowerCase(Locale.ROOT)));
        }
    }

    /** One cell of the matrix. */
    public record Cell(String data, double attackShare, String attack, PolicyResult fixed, PolicyResult adaptive,
                       PolicyResult learned, double wallSeconds) {

        /** Learned mean exposure over fixed's. */
        public double exposureRatio() {
            return learned.exposureMeanSeconds() / fixed.exposureMeanSeconds();
        }

        /** Learned rotations over fixed's. */
        public double rotationRatio() {
            return learned.rotations() / (double) Math.max(1, fixed.rotations());
        }

        /** Learned false rotations per device-month. */
        public double falsePerDeviceMonth() {
            return learned.falseRotations() * 30.0 / ((double) learned.devices() * learned.days());
        }

        /** No-regret: at most fixed's exposure and rotations, at most one false rotation per device-month. */
        public boolean noRegret() {
            return exposureRatio() <= 1.0 && rotationRatio() <= 1.0 && falsePerDeviceMonth() <= 1.0;
        }
    }

    /** Runs every cell whose data is in the shared data folder; {@code log} gets one line per cell. */
    public static List<Cell> run(Settings s, PrintStream log) throws FleetException, IOException {
        List<Cell> cells = new ArrayList<>();
        Path work = Files.createTempDirectory("dynakey-bench-policy");
        Optional<Path> iot23 = DataLocation.train(Inputs.DEFAULT_DATA);
        if (!s.runs("IoT-23")) {
            log.println("policy bench: IoT-23 not asked for: skipped");
        } else if (iot23.isPresent()) {
            cells.addAll(dataSet(s, "IoT-23", iot23.get(), Schemas.IOT23, SHARES, work, log));
        } else {
            log.println("policy bench: no IoT-23 data (" + Inputs.DEFAULT_DATA + "): its rows are skipped");
        }
        for (String device : TON_IOT) {
            if (!s.runs("TON_IoT " + device)) {
                continue;
            }
            Optional<Path> f = DataLocation.train("ton_iot/Train_Test_IoT_" + device + ".csv");
            if (f.isEmpty()) {
                log.println("policy bench: no TON_IoT " + device + " data: skipped");
                continue;
            }
            cells.addAll(dataSet(s, "TON_IoT " + device, f.get(), "ton_iot_" + device.toLowerCase(Locale.ROOT),
                    new double[] {1.0}, work, log));
        }
        return cells;
    }

    private static List<Cell> dataSet(Settings s, String name, Path file, String schema, double[] shares, Path work,
                                      PrintStream log) throws FleetException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Scenario base = Scenario.builder().seed(s.seed()).devices(s.devices()).days(s.days())
                .fixedInterval(java.time.Duration.ofHours(s.fixedHours())).build();
        FleetSettings settings = FleetSettings.builder().scenario(base).gateway(FleetSettings.GatewayKind.SIMULATED)
                .data(file).schema(schemaNamed(schema)).build();
        log.println("policy bench: " + name + ": training the model ...");
        FleetInputs in = Inputs.load(settings, quiet);
        List<String> attacks = new ArrayList<>();
        for (String a : in.traffic().attackTypes()) {
            if (in.policyTraffic().attackTypes().contains(a) && attacks.size() < s.classes()) {
                attacks.add(a);
            }
        }
        List<Cell> out = new ArrayList<>();
        for (double share : shares) {
            for (String attack : attacks) {
                long t0 = System.nanoTime();
                FleetSettings cell = settings.toBuilder().scenario(base.toBuilder().attackShare(share).attackType(attack)
                        .build()).build();
                FleetResult r = FleetRun.run(cell, in, Gateways.create(cell, work), quiet);
                Cell c = new Cell(name, share, attack, r.policy("fixed"), r.policy("adaptive"), r.policy("learned"),
                        (System.nanoTime() - t0) / 1e9);
                log.printf(Locale.ROOT, "policy bench: %s, share %.2f, %s: learned %.2fx fixed's exposure (%s vs %s) at "
                        + "%.2fx its rotations (%.3f per device-day), %.2f false/device-month; adaptive %s at %.2fx; "
                        + "table %s (%.0f s)%n", name, share, attack, c.exposureRatio(),
                        hours(c.learned().exposureMeanSeconds()), hours(c.fixed().exposureMeanSeconds()),
                        c.rotationRatio(), c.learned().rotationsPerDeviceDay(), c.falsePerDeviceMonth(),
                        hours(c.adaptive().exposureMeanSeconds()),
                        c.adaptive().rotations() / (double) Math.max(1, c.fixed().rotations()),
                        c.learned().description().replaceFirst("^learned: ", "").replaceFirst("; shield:.*", ""),
                        c.wallSeconds());
                out.add(c);
            }
        }
        return out;
    }

    private static io.dynakey.trainer.data.Schema schemaNamed(String name) throws FleetException {
        try {
            return Schemas.named(name);
        } catch (io.dynakey.trainer.data.DataException e) {
            throw new FleetException("no schema " + name + ": " + e.getMessage(), e);
        }
    }

    /** The matrix as a Markdown table. */
    public static String table(List<Cell> cells) {
        StringBuilder b = new StringBuilder();
        b.append("| data | attack share | attack class | fixed exposure | learned exposure | learned / fixed | "
                + "learned rotations / fixed | false per device-month | adaptive exposure (rotations / fixed) | "
                + "learned table | no-regret |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Cell c : cells) {
            String table = c.learned().description().replaceFirst("^learned: ", "").replaceFirst("; shield:.*", "");
            b.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s | %.2fx | %.2fx | %.2f | %s (%.2fx) | %s | %s |%n",
                    c.data(), c.attackShare(), c.attack(), hours(c.fixed().exposureMeanSeconds()),
                    hours(c.learned().exposureMeanSeconds()), c.exposureRatio(), c.rotationRatio(),
                    c.falsePerDeviceMonth(), hours(c.adaptive().exposureMeanSeconds()),
                    c.adaptive().rotations() / (double) Math.max(1, c.fixed().rotations()), table,
                    c.noRegret() ? "yes" : "**no**"));
        }
        long met = cells.stream().filter(Cell::noRegret).count();
        b.append(String.format(Locale.ROOT, "%nNo-regret in %d of %d cells.%n", met, cells.size()));
        return b.toString();
    }

    private static String hours(double seconds) {
        return seconds < 7200 ? String.format(Locale.ROOT, "%.1f min", seconds / 60)
                : String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
