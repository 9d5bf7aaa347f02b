package io.dynakey.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded splits. Stratified: within every multi-class label, rows are shuffled and cut at the
 * same fractions, so each part keeps the class proportions. Grouped: whole groups go to one part,
 * so no capture or device sits on both sides.
 */
public final class Splitter {

    private final double trainFraction;
    private final double validationFraction;
    private final long seed;

    /**
     * @param trainFraction      share of rows (or groups) for training, e.g. 0.7
     * @param validationFraction share for validation, e.g. 0.15; the rest is test
     * @param seed               shuffle seed
     */
    public Splitter(double trainFraction, double validationFraction, long seed) {
        if (trainFraction <= 0 || validationFraction < 0 || trainFraction + validationFraction >= 1) {
            throw new IllegalArgumentException("need 0 < train, 0 <= validation, train + validation < 1");
        }
        this.trainFraction = trainFraction;
        this.validationFraction = validationFraction;
        this.seed = seed;
    }

    /** Stratified by multi-class label. */
    public Split stratified(Telemetry data) {
        int classes = data.classNames().size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int r = 0; r < data.rows(); r++) {
            byClass.get(data.classes()[r]).add(r);
        }
        Random rng = new Random(seed);
        IntList train = new IntList();
        IntList val = new IntList();
        IntList test = new IntList();
        for (List<Integer> rows : byClass) {
            java.util.Collections.shuffle(rows, rng);
            int n = rows.size();
            int nTrain = (int) Math.round(n * trainFraction);
            int nVal = (int) Math.round(n * validationFraction);
            if (n >= 3) {
                nTrain = Math.max(1, Math.min(nTrain, n - 2));
                nVal = Math.max(1, Math.min(nVal, n - nTrain - 1));
            }
            for (int i = 0; i < n; i++) {
                (i < nTrain ? train : i < nTrain + nVal ? val : test).add(rows.get(i));
            }
        }
        return new Split(train.sorted(), val.sorted(), test.sorted(), String.format(
                "stratified by class, %.0f/%.0f/%.0f %%, seed %d", trainFraction * 100, validationFraction * 100,
                (1 - trainFraction - validationFraction) * 100, seed));
    }

    /**
     * Grouped: groups named in {@code testGroups} go to test; the other groups are shuffled and
     * dealt to train and validation (and to test if none was named) by row count.
     */
    public Split grouped(Telemetry data, Set<String> testGroups) {
        if (data.groups() == null) {
            throw new IllegalArgumentException("the schema has no group.column; a grouped split needs one");
        }
        int ng = data.groupNames().size();
        int[] groupRows = new int[ng];
        for (int g : data.groups()) {
            groupRows[g]++;
        }
        int[] part = new int[ng];
        Arrays.fill(part, -1);
        for (int g = 0; g < ng; g++) {
            if (testGroups.contains(data.groupNames().get(g))) {
                part[g] = 2;
            }
        }
        List<Integer> rest = new ArrayList<>();
        for (int g = 0; g < ng; g++) {
            if (part[g] < 0) {
                rest.add(g);
            }
        }
        java.util.Collections.shuffle(rest, new Random(seed));
        long total = 0;
        for (int g : rest) {
            total += groupRows[g];
        }
        double trainShare = testGroups.isEmpty() ? trainFraction : trainFraction / (trainFraction + validationFraction);
        double valShare = testGroups.isEmpty() ? validationFraction : 1 - trainShare;
        long acc = 0;
        for (int g : rest) {
            double before = (double) acc / Math.max(1, total);
            part[g] = before < trainShare ? 0 : before < trainShare + valShare ? 1 : 2;
            acc += groupRows[g];
        }
        IntList train = new IntList();
        IntList val = new IntList();
        IntList test = new IntList();
        for (int r = 0; r < data.rows(); r++) {
            int p = part[data.groups()[r]];
            (p == 0 ? train : p == 1 ? val : test).add(r);
        }
        return new Split(train.sorted(), val.sorted(), test.sorted(), "grouped by " + data.schema().groupColumn()
                + (testGroups.isEmpty() ? "" : ", test groups " + testGroups) + ", seed " + seed);
    }

    private static final class IntList {
        int[] data = new int[256];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        int[] sorted() {
            int[] out = Arrays.copyOf(data, size);
            Arrays.sort(out);
            return out;
        }
    }
}
