package io.dynakey.trainer;

import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.model.TrainOptions;
import java.nio.file.Path;
import java.util.Set;

/**
 * Everything one {@code dynakey train} run needs.
 *
 * @param data            labelled CSV
 * @param schema          the data's schema (a file, or a shipped one: {@link io.dynakey.trainer.data.Schemas})
 * @param out             output folder (created)
 * @param options         tree options (task is ignored: both binary and multi-class are trained)
 * @param budgetBytes     if positive, search the best model within this many bytes instead of using {@code options}
 * @param groupSplit      split by the schema's group column instead of stratified rows
 * @param testGroups      groups pinned to the test part (grouped split)
 * @param trainFraction   share of rows for training
 * @param validationFraction share for validation
 * @param key             private signing key file; created (mode 600) with its {@code .pub} if absent
 * @param modelId         model id written to the header
 * @param modelVersion    model version written to the header
 * @param sweep           also train the depth/size sweep for the report's accuracy-vs-bytes plot
 * @param robustEpsilon   if positive, also train a robust model by adversarial training at this
 *                        budget (quantized steps, L-infinity; see docs/threat-model.md) and report
 *                        both; 0 for a plain run
 */
public record TrainConfig(Path data, Schema schema, Path out, TrainOptions options, long budgetBytes, boolean groupSplit,
                          Set<String> testGroups, double trainFraction, double validationFraction, Path key,
                          long modelId, long modelVersion, boolean sweep, int robustEpsilon) {

    /** A plain run (no robust model). */
    public TrainConfig(Path data, Schema schema, Path out, TrainOptions options, long budgetBytes, boolean groupSplit,
                       Set<String> testGroups, double trainFraction, double validationFraction, Path key,
                       long modelId, long modelVersion, boolean sweep) {
        this(data, schema, out, options, budgetBytes, groupSplit, testGroups, trainFraction, validationFraction, key, modelId,
                modelVersion, sweep, 0);
    }

    /** Adversarial rounds of a robust run. */
    public static final int ROBUST_ROUNDS = 3;

    /** Share of rows {@code dynakey train} trains on (the rest: validation, then test). */
    public static final double DEFAULT_TRAIN_FRACTION = 0.7;
    /** Share of rows {@code dynakey train} validates on. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.15;
}
