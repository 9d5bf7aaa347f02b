package io.dynakey.models;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the golden vectors under {@code golden/} on the test class path (format in
 * docs/model-format.md) and holds the reference semantics: quantize, walk, vote, average risk.
 */
public final class GoldenVectors {

    /** Names of the committed golden models. */
    public static final String[] NAMES = {"tree-d6", "forest-10", "forest-multiclass", "forest-rotation"};

    /** The golden model that carries a rotation schedule section (format 1.1); the others are 1.0 files. */
    public static final String ROTATION_NAME = "forest-rotation";

    /**
     * The golden model with a temporal section (format 1.2); its {@code .csv} holds rows grouped
     * into windows ({@link TemporalCases}), so it is not one of {@link #NAMES}.
     */
    public static final String TEMPORAL_NAME = "temporal-student";

    /** Raw inputs, one row per case. */
    public final long[][] inputs;
    /** Expected class per case. */
    public final int[] classes;
    /** Expected risk in permille per case. */
    public final int[] risks;

    GoldenVectors(long[][] inputs, int[] classes, int[] risks) {
        this.inputs = inputs;
        this.classes = classes;
        this.risks = risks;
    }

    /** @return the bytes of {@code golden/NAME.dktm} */
    public static byte[] modelBytes(String name) throws IOException {
        try (InputStream in = resource(name + ".dktm")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] b = new byte[4096];
            for (int n; (n = in.read(b)) > 0; ) {
                out.write(b, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** @return the cases of {@code golden/NAME.csv} */
    public static GoldenVectors cases(String name) throws IOException {
        List<long[]> in = new ArrayList<>();
        List<int[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resource(name + ".csv"),
                StandardCharsets.US_ASCII))) {
            String header = r.readLine();
            int f = header.split(",").length - 2;
            for (String line; (line = r.readLine()) != null; ) {
                String[] cells = line.split(",");
                long[] x = new long[f];
                for (int i = 0; i < f; i++) {
                    x[i] = Long.parseLong(cells[i]);
                }
                in.add(x);
                out.add(new int[] {Integer.parseInt(cells[f]), Integer.parseInt(cells[f + 1])});
            }
        }
        int[] classes = new int[out.size()];
        int[] risks = new int[out.size()];
        for (int i = 0; i < out.size(); i++) {
            classes[i] = out.get(i)[0];
            risks[i] = out.get(i)[1];
        }
        return new GoldenVectors(in.toArray(new long[0][]), classes, risks);
    }

    /**
     * The rotation schedule as one token, as the C driver prints it:
     * {@code ROT=bands/window/smoothing/edge,edge,.../age,age,...} (window 0 mean, 1 max; edges
     * permille, ages seconds), or {@code ROT=none} for a file without the section.
     */
    public static String rotationToken(TinyModel m) {
        if (!m.hasRotationSchedule()) {
            return "ROT=none";
        }
        StringBuilder t = new StringBuilder("ROT=").append(m.rotationBands()).append('/')
                .append(m.rotationWindowMax() ? 1 : 0).append('/').append(m.rotationSmoothingPermille()).append('/');
        for (int b = 1; b < m.rotationBands(); b++) {
            t.append(b > 1 ? "," : "").append(m.rotationEdgePermille(b));
        }
        t.append('/');
        for (int b = 0; b < m.rotationBands(); b++) {
            t.append(b > 0 ? "," : "").append(m.rotationAgeSeconds(b));
        }
        return t.toString();
    }

    /** The committed {@code golden/NAME.schedule} token, or {@code ROT=none} if the model has no such file. */
    public static String expectedRotation(String name) throws IOException {
        InputStream in = GoldenVectors.class.getClassLoader().getResourceAsStream("golden/" + name + ".schedule");
        if (in == null) {
            return "ROT=none";
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            return r.readLine().trim();
        }
    }

    /**
     * The cases of a temporal golden model's {@code .csv} (docs/model-format.md, "Golden
     * vectors"): two header lines, then {@code R,...} lines (a row of the open window: raw
     * features, first-stage class and risk) and {@code W,...} lines (the window closes: end time
     * in ms, mean, max and high share, each temporal value, the decision risk).
     */
    public static final class TemporalCases {
        /** Raw inputs of every row, in order. */
        public final long[][] rows;
        /** Expected first-stage {class, risk} of each row. */
        public final int[][] rowOutputs;
        /** Rows in each window. */
        public final int[] windowRows;
        /** End of each window, milliseconds. */
        public final long[] windowEnd;
        /** Expected outputs of each window: {decision, mean, max, high share, temporal values...}. */
        public final int[][] windows;

        TemporalCases(long[][] rows, int[][] rowOutputs, int[] windowRows, long[] windowEnd, int[][] windows) {
            this.rows = rows;
            this.rowOutputs = rowOutputs;
            this.windowRows = windowRows;
            this.windowEnd = windowEnd;
            this.windows = windows;
        }
    }

    /** @return the rows and windows of {@code golden/NAME.csv} for a temporal golden model */
    public static TemporalCases temporalCases(String name) throws IOException {
        List<long[]> rows = new ArrayList<>();
        List<int[]> rowOut = new ArrayList<>();
        List<int[]> windows = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resource(name + ".csv"),
                StandardCharsets.US_ASCII))) {
            int f = r.readLine().split(",").length - 3;
            int k = r.readLine().split(",").length - 6;
            int open = 0;
            for (String line; (line = r.readLine()) != null; ) {
                String[] c = line.split(",");
                if (c[0].equals("R")) {
                    long[] x = new long[f];
                    for (int i = 0; i < f; i++) {
                        x[i] = Long.parseLong(c[1 + i]);
                    }
                    rows.add(x);
                    rowOut.add(new int[] {Integer.parseInt(c[1 + f]), Integer.parseInt(c[2 + f])});
                    open++;
                } else if (c[0].equals("W")) {
                    ends.add(Long.parseLong(c[1]));
                    int[] w = new int[4 + k];
                    for (int i = 0; i < 3; i++) {
                        w[1 + i] = Integer.parseInt(c[2 + i]);
                    }
                    for (int i = 0; i < k; i++) {
                        w[4 + i] = Integer.parseInt(c[5 + i]);
                    }
                    w[0] = Integer.parseInt(c[5 + k]);
                    windows.add(w);
                    counts.add(open);
                    open = 0;
                } else {
                    throw new IOException(name + ".csv: line neither R nor W: " + line);
                }
            }
        }
        int[] windowRows = new int[counts.size()];
        long[] windowEnd = new long[ends.size()];
        for (int i = 0; i < windowRows.length; i++) {
            windowRows[i] = counts.get(i);
            windowEnd[i] = ends.get(i);
        }
        return new TemporalCases(rows.toArray(new long[0][]), rowOut.toArray(new int[0][]), windowRows, windowEnd,
                windows.toArray(new int[0][]));
    }

    /** The committed {@code golden/NAME.temporal} token ({@link TemporalReference#token}), or {@code TMP=none}. */
    public static String expectedTemporal(String name) throws IOException {
        InputStream in = GoldenVectors.class.getClassLoader().getResourceAsStream("golden/" + name + ".temporal");
        if (in == null) {
            return "TMP=none";
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            return r.readLine().trim();
        }
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = GoldenVectors.class.getClassLoader().getResourceAsStream("golden/" + file);
        if (in == null) {
            throw new IOException("golden/" + file + " not on the class path");
        }
        return in;
    }

    /**
     * Reference prediction, straight from the spec: quantize every feature, walk every tree in
     * the quantized domain, vote (ties to the lowest class), average the risk bytes.
     *
     * @return {class, risk permille}
     */
    public static int[] referencePredict(TinyModel m, long[] raw) {
        int[] q = new int[m.featureCount()];
        for (int i = 0; i < q.length; i++) {
            q[i] = m.quantize(i, raw[i]);
        }
        int[] votes = new int[m.classCount()];
        long riskSum = 0;
        for (int t = 0; t < m.treeCount(); t++) {
            int leaf = m.leafIndex(t, q, 0);
            votes[m.leafClass(leaf)]++;
            riskSum += m.leafRisk(leaf);
        }
        int best = 0;
        for (int c = 1; c < votes.length; c++) {
            if (votes[c] > votes[best]) {
                best = c;
            }
        }
        long denom = 255L * m.treeCount();
        return new int[] {best, (int) ((riskSum * 1000 + denom / 2) / denom)};
    }
}
