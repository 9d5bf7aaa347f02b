package io.dynakey.trainer.robust;

import io.dynakey.trainer.TrainConfig;
import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Split;
import io.dynakey.trainer.data.Splitter;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The rows a model never saw: the data loaded through its schema and split exactly as
 * {@code dynakey train} splits it (same fractions, same seed, stratified or grouped), test part
 * only.
 *
 * @param x           raw rows of the test part, schema feature order
 * @param attack      truth per row
 * @param description the split, for the report (e.g. "stratified by class, 70/15/15 %, seed 42")
 * @param totalRows   rows in the file
 */
public record HeldOut(long[][] x, boolean[] attack, String description, int totalRows) {

    /**
     * @param groupSplit split by the schema's group column (as {@code --group-split})
     * @param testGroups groups pinned to the test part (as {@code --test-group})
     */
    public static HeldOut load(Path csv, Schema schema, long seed, boolean groupSplit, Set<String> testGroups)
            throws IOException, DataException {
        Telemetry data = new TelemetryLoader(schema).load(csv, io.dynakey.trainer.data.ProgressListener.NONE);
        return of(data, seed, groupSplit, testGroups);
    }

    /** The test part of loaded rows. */
    public static HeldOut of(Telemetry data, long seed, boolean groupSplit, Set<String> testGroups) {
        Splitter splitter = new Splitter(TrainConfig.DEFAULT_TRAIN_FRACTION, TrainConfig.DEFAULT_VALIDATION_FRACTION, seed);
        return of(data, groupSplit ? splitter.grouped(data, testGroups) : splitter.stratified(data));
    }

    /** The test part of a split. */
    public static HeldOut of(Telemetry data, Split split) {
        int[] test = split.test();
        long[][] x = new long[test.length][];
        boolean[] attack = new boolean[test.length];
        for (int i = 0; i < test.length; i++) {
            x[i] = data.row(test[i]);
            attack[i] = data.attack()[test[i]] == 1;
        }
        return new HeldOut(x, attack, split.description() + ", test part only (" + test.length + " of " + data.rows()
                + " rows)", data.rows());
    }
}
