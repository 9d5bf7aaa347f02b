package io.dynakey.cli;

import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.DataLocation;
import io.dynakey.trainer.data.Schemas;
import io.dynakey.trainer.groups.GroupsPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey train groups}: cluster devices into security groups with per-group policies. */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = "Cluster devices into security groups (Tribuo k-means, k by silhouette) and suggest a policy per group.")
final class TrainGroupsCommand implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "DEVICE=SCHEMA:CSV",
            description = "A device's telemetry, repeatable; SCHEMA is a schema file or a shipped schema name. Default: the six TON_IoT device types from the shared data.")
    List<String> inputs;

    @Option(names = "--window", defaultValue = "500", description = "Rows per window (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--k-max", defaultValue = "6", description = "Largest k tried (default: ${DEFAULT-VALUE}).")
    int kMax;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "dynakey-groups", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        List<GroupsPipeline.Input> list = new ArrayList<>();
        try {
            if (inputs == null || inputs.isEmpty()) {
                for (String d : new String[] {"Fridge", "GPS_Tracker", "Garage_Door", "Modbus", "Motion_Light", "Thermostat"}) {
                    var csv = DataLocation.train("ton_iot/Train_Test_IoT_" + d + ".csv");
                    if (csv.isEmpty()) {
                        System.err.println("dynakey train groups: the TON_IoT data is not here (looked in ../shared/data or "
                                + "$DYNAKEY_DATA). " + DataLocation.PUBLISHED);
                        return 2;
                    }
                    list.add(new GroupsPipeline.Input(d.toLowerCase(), Schemas.named("ton_iot_" + d.toLowerCase()), csv.get()));
                }
            } else {
                for (String s : inputs) {
                    int eq = s.indexOf('=');
                    int colon = s.indexOf(':', eq + 1);
                    if (eq <= 0 || colon < 0) {
                        System.err.println("dynakey train groups: --input must be DEVICE=SCHEMA:CSV, not " + s);
                        return 2;
                    }
                    list.add(new GroupsPipeline.Input(s.substring(0, eq), Schemas.resolve(s.substring(eq + 1, colon)),
                            Path.of(s.substring(colon + 1))));
                }
            }
        } catch (DataException e) {
            System.err.println("dynakey train groups: " + e.getMessage());
            return 2;
        }
        for (GroupsPipeline.Input in : list) {
            if (!Files.isRegularFile(in.data())) {
                System.err.println("dynakey train groups: missing " + in.data());
                return 2;
            }
        }
        try {
            new GroupsPipeline(System.out).run(list, window, kMax, seed, out);
            return 0;
        } catch (DataException e) {
            System.err.println("dynakey train groups: " + e.getMessage());
            return 1;
        } catch (java.io.IOException | IllegalArgumentException e) {
            System.err.println("dynakey train groups: " + SecretSafeErrors.describe(e));
            return 1;
        }
    }
}
