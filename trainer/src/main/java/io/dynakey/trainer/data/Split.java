package io.dynakey.trainer.data;

/**
 * Row indices of the train, validation and test parts; disjoint, each sorted ascending.
 *
 * @param train      rows to learn from
 * @param validation rows to choose models on (size search)
 * @param test       held-out rows for the report and the export agreement
 * @param description how the split was made (provenance)
 */
public record Split(int[] train, int[] validation, int[] test, String description) {
}
