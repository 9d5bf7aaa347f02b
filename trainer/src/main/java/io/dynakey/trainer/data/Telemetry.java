package io.dynakey.trainer.data;

import java.util.List;

/**
 * Loaded, labelled rows: raw integer feature values column by column, binary and multi-class
 * labels, optional groups. Arrays are owned by this object; do not modify them.
 *
 * @param schema     the schema, with auto-discovered categories filled in
 * @param file       where the rows came from
 * @param columns    {@code columns[f][row]}: raw value of feature f ({@link Schema#features()} order)
 * @param attack     1 for an attack row, 0 for benign
 * @param classes    multi-class code per row, an index into {@code classNames}
 * @param classNames multi-class names, sorted
 * @param groups     group code per row (index into {@code groupNames}), or {@code null}
 * @param groupNames group names, sorted, or an empty list
 * @param lines      source line of each row (1-based; the header is line 1)
 */
public record Telemetry(Schema schema, String file, long[][] columns, int[] attack, int[] classes,
                        List<String> classNames, int[] groups, List<String> groupNames, long[] lines) {

    /** @return number of rows */
    public int rows() {
        return attack.length;
    }

    /** @return number of features */
    public int featureCount() {
        return columns.length;
    }

    /** @return the raw feature vector of one row, in schema order */
    public long[] row(int r) {
        long[] v = new long[columns.length];
        for (int f = 0; f < v.length; f++) {
            v[f] = columns[f][r];
        }
        return v;
    }
}
