package io.dynakey.cli;

import io.dynakey.trainer.data.DataLocation;
import io.dynakey.trainer.data.Schemas;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.federated.FederatedExperiment;
import io.dynakey.trainer.federated.FederatedOptions;
import io.dynakey.trainer.sequence.TemporalTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dynakey bench federated}: central against federated training on the shared data split
 * into sites (IoT-23 by capture, each TON_IoT device file into time-contiguous sites).
 */
@Command(name = "federated", mixinStandardHelpOptions = true,
        description = "Central against federated training (docs/federated.md): F1 on held-out time blocks, bytes per site "
                + "against the raw CSV, and F1 with each site's labels flipped in turn; IoT-23 split by capture, each "
                + "TON_IoT device file split into time-contiguous sites.")
final class BenchFederatedCommand implements Callable<Integer> {

    static final String[] TON_DEVICES = {"Fridge", "GPS_Tracker", "Garage_Door", "Modbus", "Motion_Light", "Thermostat"};

    @Option(names = "--capture-gap-hours", defaultValue = "6", description = "IoT-23: a new capture (site) starts after "
            + "this much silence (default: ${DEFAULT-VALUE}).")
    double gapHours;

    @Option(names = "--ton-sites", defaultValue = "4", description = "TON_IoT: sites per device file, each a contiguous "
            + "stretch of time (default: ${DEFAULT-VALUE}).")
    int tonSites;

    @Option(names = "--depth", defaultValue = "6", description = "Tree depth (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--min-leaf", defaultValue = "5", description = "Minimum rows per leaf (default: ${DEFAULT-VALUE}).")
    int minLeaf;

    @Option(names = "--clip", defaultValue = "4", description = "Site weight clip, in median sites; 0 = off "
            + "(default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--no-flip", description = "Skip the runs with one site's labels flipped.")
    boolean noFlip;

    @Option(names = "--only", description = "Only this data set: iot23 or ton_iot.")
    String only;

    @Option(names = "--out", description = "Also write the Markdown tables to this file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        FederatedOptions options = new FederatedOptions(depth, minLeaf, clip, true);
        StringBuilder md = new StringBuilder();
        if (only == null || only.equals("iot23")) {
            Optional<Path> csv = DataLocation.train("iot23/iot23_zeek_conn_sample.csv");
            if (csv.isEmpty()) {
                System.err.println("dynakey bench federated: shared data not found. " + DataLocation.PUBLISHED);
                return 2;
            }
            Telemetry data = new TelemetryLoader(Schemas.named(Schemas.IOT23)).load(csv.get(), io.dynakey.trainer.data.ProgressListener.NONE);
            long[] time = TemporalTraining.times(csv.get(), "ts", data.rows());
            int[] site = FederatedExperiment.byTimeGap(time, Math.round(gapHours * 3_600_000));
            md.append(FederatedExperiment.markdown(FederatedExperiment.run(new FederatedExperiment.Input(
                    "IoT-23 by capture (" + (max(site) + 1) + " captures: silences over " + gapHours + " h)", data, time, site,
                    names("capture-", max(site) + 1), FederatedExperiment.lineBytes(csv.get(), data.lines()), options),
                    !noFlip, System.err)));
        }
        if (only == null || only.equals("ton_iot")) {
            for (String d : TON_DEVICES) {
                Optional<Path> csv = DataLocation.train("ton_iot/Train_Test_IoT_" + d + ".csv");
                if (csv.isEmpty()) {
                    System.err.println("dynakey bench federated: TON_IoT data not found. " + DataLocation.PUBLISHED);
                    return 2;
                }
                Telemetry data = new TelemetryLoader(Schemas.named("ton_iot_" + d.toLowerCase())).load(csv.get(), io.dynakey.trainer.data.ProgressListener.NONE);
                long[] time = TemporalTraining.times(csv.get(), "ts", data.rows());
                int[] site = contiguous(time, tonSites);
                md.append(FederatedExperiment.markdown(FederatedExperiment.run(new FederatedExperiment.Input(
                        "TON_IoT " + d + " (" + tonSites + " sites, each a contiguous stretch of time)", data, time, site,
                        names(d.toLowerCase() + "-", tonSites), FederatedExperiment.lineBytes(csv.get(), data.lines()), options),
                        !noFlip, System.err)));
            }
        }
        System.out.print(md);
        if (out != null) {
            Files.writeString(out, md);
        }
        return 0;
    }

    /** Site per row: rows in time order cut into {@code n} equal stretches. */
    static int[] contiguous(long[] time, int n) {
        Integer[] order = new Integer[time.length];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        java.util.Arrays.sort(order, (a, b) -> time[a] != time[b] ? Long.compare(time[a], time[b]) : Integer.compare(a, b));
        int[] site = new int[time.length];
        for (int i = 0; i < order.length; i++) {
            site[order[i]] = (int) ((long) i * n / order.length);
        }
        return site;
    }

    private static int max(int[] v) {
        int m = 0;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(prefix + i);
        }
        return out;
    }
}
