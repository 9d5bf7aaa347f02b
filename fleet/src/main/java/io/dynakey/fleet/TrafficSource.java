package io.dynakey.fleet;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Where a simulated device's traffic comes from: rows of raw integer feature values (one row is
 * one observation, e.g. one connection), benign or of an attack class. Implementations replay
 * real rows or sample a traffic profile. Thread-safe for concurrent {@code sample} calls.
 */
public interface TrafficSource {

    /** Device feature id of each column of a row. */
    int[] featureIds();

    /** Names of the attack classes, indexed by attack type. */
    List<String> attackTypes();

    /** Fills {@code out} (one value per column) with a benign row for a device of {@code group}. */
    void benign(SplittableRandom rng, int group, long[] out);

    /** Fills {@code out} with an attack row of class {@code attackType}. */
    void attack(SplittableRandom rng, int attackType, long[] out);

    /** One line: what the rows are (data set, rows per class, or profile). */
    String describe();
}
