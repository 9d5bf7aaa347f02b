package io.dynakey.cli.fleet;

import io.dynakey.hardware.fleet.FleetException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses what drives a run: the real data when present, else the shipped profile and model. */
public final class Inputs {

    /** Where the shared data sets live relative to the project (see ../shared/data/SOURCE.md). */
    public static final Path DEFAULT_DATA = Path.of("..", "shared", "data", "train", "iot23", "iot23_zeek_conn_sample.csv");
    /** The trainer's schema for IoT-23. */
    public static final Path DEFAULT_SCHEMA = Path.of("trainer", "schemas", "iot23.properties");

    private Inputs() {
    }

    /** Loads the inputs the options ask for. */
    public static FleetInputs load(FleetOptions o, PrintStream out) throws FleetException {
        Path data = o.data;
        if (data == null && o.profile == null && Files.isRegularFile(DEFAULT_DATA)) {
            data = DEFAULT_DATA;
        }
        if (data != null) {
            if (!Files.isRegularFile(data)) {
                throw new FleetException("--data " + data + " is not a file");
            }
            return DataInputs.load(data, o.schema != null ? o.schema : DEFAULT_SCHEMA, o, out);
        }
        return Shipped.inputs(o.model, o.profile);
    }
}
