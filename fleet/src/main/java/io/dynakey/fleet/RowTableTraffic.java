package io.dynakey.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Replays real labelled rows: a benign row is drawn uniformly from the benign rows of the
 * device's group (all benign rows when the data has no groups), an attack row from the rows of
 * its attack class. The rows stay as loaded (raw integer feature values); nothing is synthesised.
 */
public final class RowTableTraffic implements TrafficSource {

    private final int[] featureIds;
    private final long[][] columns;
    private final int[][] benignByGroup;
    private final int[][] attackByType;
    private final List<String> attackNames;
    private final String description;

    /**
     * @param featureIds device feature id of each column
     * @param columns {@code columns[f][row]} raw values
     * @param classOfRow class index of each row, into {@code classNames}
     * @param classNames class names
     * @param benignClass index of the benign class
     * @param groupOfRow group of each row, or {@code null}
     * @param groups number of device groups to spread benign rows over
     * @param source data set name for {@link #describe()}
     */
    public RowTableTraffic(int[] featureIds, long[][] columns, int[] classOfRow, List<String> classNames,
                           int benignClass, int[] groupOfRow, int groups, String source) {
        if (columns.length != featureIds.length) {
            throw new IllegalArgumentException("one column per feature id");
        }
        this.featureIds = featureIds.clone();
        this.columns = columns;
        List<String> names = new ArrayList<>();
        List<int[]> byType = new ArrayList<>();
        int rows = classOfRow.length;
        for (int c = 0; c < classNames.size(); c++) {
            if (c == benignClass) {
                continue;
            }
            int[] idx = indices(classOfRow, c, null, -1, 1);
            if (idx.length > 0) {
                names.add(classNames.get(c));
                byType.add(idx);
            }
        }
        if (byType.isEmpty()) {
            throw new IllegalArgumentException(source + ": no attack rows to replay");
        }
        this.attackNames = List.copyOf(names);
        this.attackByType = byType.toArray(new int[0][]);
        this.benignByGroup = new int[groups][];
        int[] allBenign = indices(classOfRow, benignClass, null, -1, 1);
        if (allBenign.length == 0) {
            throw new IllegalArgumentException(source + ": no benign rows to replay");
        }
        for (int g = 0; g < groups; g++) {
            int[] own = groupOfRow == null ? allBenign : indices(classOfRow, benignClass, groupOfRow, g, groups);
            benignByGroup[g] = own.length > 0 ? own : allBenign;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("replayed rows of ").append(source).append(": ").append(allBenign.length).append(" benign");
        for (int t = 0; t < attackNames.size(); t++) {
            sb.append(", ").append(attackByType[t].length).append(' ').append(attackNames.get(t));
        }
        sb.append(" (").append(rows).append(" rows)");
        this.description = sb.toString();
    }

    private static int[] indices(int[] classOfRow, int cls, int[] groupOfRow, int group, int groups) {
        int n = 0;
        int[] tmp = new int[classOfRow.length];
        for (int r = 0; r < classOfRow.length; r++) {
            if (classOfRow[r] == cls && (groupOfRow == null || Math.floorMod(groupOfRow[r], groups) == group)) {
                tmp[n++] = r;
            }
        }
        return java.util.Arrays.copyOf(tmp, n);
    }

    @Override
    public int[] featureIds() {
        return featureIds.clone();
    }

    @Override
    public List<String> attackTypes() {
        return attackNames;
    }

    @Override
    public void benign(SplittableRandom rng, int group, long[] out) {
        int[] pool = benignByGroup[Math.floorMod(group, benignByGroup.length)];
        copy(pool[rng.nextInt(pool.length)], out);
    }

    @Override
    public void attack(SplittableRandom rng, int attackType, long[] out) {
        int[] pool = attackByType[attackType];
        copy(pool[rng.nextInt(pool.length)], out);
    }

    private void copy(int row, long[] out) {
        for (int f = 0; f < columns.length; f++) {
            out[f] = columns[f][row];
        }
    }

    @Override
    public String describe() {
        return description;
    }
}
