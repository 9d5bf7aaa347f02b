package io.dynakey.fleet.run;

import io.dynakey.fleet.FleetException;
import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.Schemas;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses what drives a run: the real data when present, else the shipped profile and model. */
public final class Inputs {

    /** The IoT-23 sample under the shared data folder's {@code train/} (see ../shared/data/SOURCE.md). */
    public static final String DEFAULT_DATA = "iot23/iot23_zeek_conn_sample.csv";

    private Inputs() {
    }

    /** Loads the inputs the options ask for. */
    public static FleetInputs load(FleetSettings o, PrintStream out) throws FleetException {
        Path data = o.data();
        if (data == null && o.profile() == null) {
            data = io.dynakey.trainer.data.DataLocation.train(DEFAULT_DATA).orElse(null);
            if (data == null) {
                out.println("      no data folder (../shared/data) here: using the shipped traffic profile and model. "
                        + "The data sets are published at: " + io.dynakey.trainer.data.DataLocation.PUBLISHED);
            }
        }
        if (data != null) {
            if (!Files.isRegularFile(data)) {
                throw new FleetException("--data " + data + " is not a file");
            }
            try {
                return DataInputs.load(data, o.schema() != null ? o.schema() : Schemas.named(Schemas.IOT23), o, out);
            } catch (DataException e) {
                throw new FleetException("cannot read the data: " + e.getMessage(), e);
            }
        }
        return Shipped.inputs(o.model(), o.profile());
    }
}
