package io.dynakey.fleet;

/**
 * The device's model as the simulator uses it: raw feature values in, risk permille out.
 * Implementations must be safe to call from several threads (e.g. one evaluator per thread).
 */
public interface RiskModel {

    /** Feature ids the model reads, in the order of {@link #riskPermille(long[])}'s input. */
    int[] featureIds();

    /** Risk of one row, {@code 0..1000}. */
    int riskPermille(long[] features);

    /** One line: model id, version, size. */
    String describe();
}
