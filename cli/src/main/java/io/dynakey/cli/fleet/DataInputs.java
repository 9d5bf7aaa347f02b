package io.dynakey.cli.fleet;

import io.dynakey.hardware.fleet.FleetException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Inputs from real labelled rows through the trainer (pending the trainer's loader in main). */
final class DataInputs {

    private DataInputs() {
    }

    static FleetInputs load(Path data, Path schema, FleetOptions o, PrintStream out) throws FleetException {
        throw new FleetException("loading " + data + " needs the trainer's data loader, which is not in this build; "
                + "use --profile/--model");
    }
}
