package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Replays the committed golden vectors; with {@code -Ddynakey.golden.regenerate=true} rewrites
 * them from the seeded generator first (see docs/model-format.md).
 */
class GoldenVectorsTest {

    private static final int CASES = 1200;

    @Test
    void committed_golden_models_still_load_and_predict_their_recorded_outputs() throws Exception {
        if (Boolean.getBoolean("dynakey.golden.regenerate")) {
            regenerate(Paths.get("src/test/resources/golden"));
            regenerate(Paths.get("target/test-classes/golden"));
        }
        for (String name : GoldenVectors.NAMES) {
            // given
            TinyModel m = TinyModel.parse(GoldenVectors.modelBytes(name));
            GoldenVectors g = GoldenVectors.cases(name);
            assertTrue(g.inputs.length >= 1000, name);
            for (int i = 0; i < g.inputs.length; i++) {
                // when
                int[] out = GoldenVectors.referencePredict(m, g.inputs[i]);
                // then
                assertEquals(g.classes[i], out[0], name + " case " + i + " class");
                assertEquals(g.risks[i], out[1], name + " case " + i + " risk");
            }
            // and the rotation schedule, where the file carries one (format 1.1)
            assertEquals(GoldenVectors.expectedRotation(name), GoldenVectors.rotationToken(m), name + " rotation schedule");
        }
    }

    @Test
    void the_temporal_golden_model_replays_its_rows_and_windows() throws Exception {
        // given the 1.2 golden model and its rows grouped into windows
        String name = GoldenVectors.TEMPORAL_NAME;
        TinyModel m = TinyModel.parse(GoldenVectors.modelBytes(name));
        GoldenVectors.TemporalCases g = GoldenVectors.temporalCases(name);
        assertEquals(GOLDEN_TEMPORAL.size(), m.temporalFeatureCount());
        assertEquals(ModelFormat.VERSION_MINOR_TEMPORAL, m.formatMinor());
        assertEquals(GoldenVectors.expectedTemporal(name), TemporalReference.token(m));
        // when each row is scored and the windows are replayed by the reference
        for (int i = 0; i < g.rows.length; i++) {
            int[] out = GoldenVectors.referencePredict(m, g.rows[i]);
            assertEquals(g.rowOutputs[i][0], out[0], name + " row " + i + " class");
            assertEquals(g.rowOutputs[i][1], out[1], name + " row " + i + " risk");
        }
        List<int[]> w = TemporalReference.replay(m, g.rows, g.windowRows, g.windowEnd);
        // then every window gives its recorded values and decision risk
        Set<Integer> decisions = new HashSet<>();
        for (int i = 0; i < w.size(); i++) {
            assertEquals(TemporalReference.windowToken(g.windows[i]), TemporalReference.windowToken(w.get(i)),
                    name + " window " + i);
            decisions.add(w.get(i)[0]);
        }
        assertTrue(g.windows.length >= 300 && decisions.size() >= 8, "windows " + g.windows.length
                + ", distinct decision risks " + decisions.size());
    }

    @Test
    void the_1_0_golden_files_carry_no_schedule_and_the_1_1_file_does() throws Exception {
        for (String name : GoldenVectors.NAMES) {
            TinyModel m = TinyModel.parse(GoldenVectors.modelBytes(name));
            boolean rotation = name.equals(GoldenVectors.ROTATION_NAME);
            assertEquals(rotation, m.hasRotationSchedule(), name);
            assertEquals(rotation ? 1 : 0, m.formatMinor(), name);
        }
        TinyModel r = TinyModel.parse(GoldenVectors.modelBytes(GoldenVectors.ROTATION_NAME));
        assertEquals(GOLDEN_SCHEDULE, RotationScheduleSpec.of(r));
    }

    /** The schedule of the 1.1 golden model: four bands, every edge and age slot kind but the unused ones. */
    static final RotationScheduleSpec GOLDEN_SCHEDULE = new RotationScheduleSpec(125, new int[] {200, 450, 800},
            new long[] {129600, 21600, 7200, 0}, false);

    @Test
    void the_multiclass_golden_forest_predicts_every_class() throws Exception {
        GoldenVectors g = GoldenVectors.cases("forest-multiclass");
        boolean[] seen = new boolean[4];
        for (int c : g.classes) {
            seen[c] = true;
        }
        for (boolean s : seen) {
            assertTrue(s, "every class appears as an expected output");
        }
    }

    private static void regenerate(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir, "tree-d6", model(601, 1, 6, 8, 2, 1.0), 601);
        write(dir, "forest-10", model(1001, 10, 6, 8, 2, 0.8), 1001);
        write(dir, "forest-multiclass", model(1201, 12, 7, 10, 4, 0.8), 1201);
        writeTemporal(dir, GoldenVectors.TEMPORAL_NAME, temporalModel(1601), 1601);
        byte[] rotation = model(1401, 8, 6, 8, 2, 0.8, GOLDEN_SCHEDULE);
        write(dir, GoldenVectors.ROTATION_NAME, rotation, 1401);
        try {
            Files.write(dir.resolve(GoldenVectors.ROTATION_NAME + ".schedule"),
                    (GoldenVectors.rotationToken(TinyModel.parse(rotation)) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The temporal features of the 1.2 golden model: every kind, every source (a risk, the high
     * share, first-stage features), parameters at their bounds (EWMA shifts 1 and 12, a 64-window
     * count, a CUSUM cap of 65535).
     */
    static final TemporalSpec GOLDEN_TEMPORAL = new TemporalSpec(600,
            new int[] {1, 2, 3, 4, 4, 5, 6, 2, 1, 3, 5, 2},
            new int[] {0, 1, 2, 1, 0, 2, 0, 19, 16, 22, 0, 0},
            new int[] {0, 3, 150, 700, 450, 500, 0, 12, 0, 20000, 600, 1},
            new int[] {0, 0, 3000, 64, 6, 0, 0, 0, 0, 65535, 0, 0});

    /** Largest useful second-stage threshold of each golden temporal feature (its values' range). */
    private static final int[] TEMPORAL_RANGE = {1000, 1000, 3000, 64, 6, 40, 600, 65535, 65535, 65535, 40, 1000};

    private static final int TEMPORAL_WINDOWS = 320;

    /**
     * The 1.2 golden model: a 6-tree first stage, {@link #GOLDEN_TEMPORAL}, and a 3-tree second
     * stage whose feature records list the temporal ids in a shuffled order.
     */
    private static byte[] temporalModel(long seed) {
        byte[] first = model(seed, 6, 6, 8, 2, 0.8);
        Random rnd = new Random(seed + 1);
        int k = GOLDEN_TEMPORAL.size();
        int[] order = new int[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        for (int i = k - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        TinyModelWriter w = new TinyModelWriter(seed + 1, 1, 2).seed(seed + 1).createdSeconds(1764028800L)
                .dataDigest("golden-vectors".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < k; i++) {
            w.addFeature(new FeatureSpec(FeatureIds.TEMPORAL_FIRST + order[i], FeatureUnits.COUNT, 0,
                    QuantizerSpec.linear(0, 1, 0)));
        }
        for (int t = 0; t < 3; t++) {
            w.addTree(stageTree(rnd, 5, order));
        }
        try {
            return TinyModelWriter.withTemporal(first, GOLDEN_TEMPORAL, w.toBytes());
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A random second-stage tree whose thresholds fall in the range of the feature they test. */
    private static TreeNode stageTree(Random rnd, int depth, int[] order) {
        if (depth == 0 || (depth < 3 && rnd.nextDouble() > 0.8)) {
            int cls = rnd.nextInt(2);
            return TreeNode.leaf(cls, cls == 0 ? rnd.nextInt(64) : 128 + rnd.nextInt(128));
        }
        int i = rnd.nextInt(order.length);
        return TreeNode.split(i, rnd.nextInt(TEMPORAL_RANGE[order[i]] + 1),
                stageTree(rnd, depth - 1, order), stageTree(rnd, depth - 1, order));
    }

    /**
     * Writes {@code NAME.dktm}, {@code NAME.temporal} and {@code NAME.csv} of the 1.2 golden
     * model: windows in calm, mixed and attack phases (rows drawn until their first-stage risk
     * fits the phase), some without rows, ending 1 to 5 minutes apart with a clock step back, a
     * repeated end and a gap past the interval's 65535 s saturation.
     */
    private static void writeTemporal(Path dir, String name, byte[] file, long seed) throws IOException {
        Files.write(dir.resolve(name + ".dktm"), file);
        TinyModel m;
        try {
            m = TinyModel.parse(file);
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
        Files.write(dir.resolve(name + ".temporal"), (TemporalReference.token(m) + "\n").getBytes(StandardCharsets.US_ASCII));
        Random rnd = new Random(seed * 31 + 7);
        List<long[]> rows = new java.util.ArrayList<>();
        int[] windowRows = new int[TEMPORAL_WINDOWS];
        long[] windowEnd = new long[TEMPORAL_WINDOWS];
        long now = 1764028800000L;
        int phase = 0;
        for (int w = 0; w < TEMPORAL_WINDOWS; w++) {
            if (rnd.nextInt(10) == 0) {
                phase = rnd.nextInt(3);
            }
            int n = rnd.nextInt(20) == 0 ? 0 : 1 + rnd.nextInt(30);
            for (int r = 0; r < n; r++) {
                long[] raw = new long[m.featureCount()];
                for (int attempt = 0; attempt < 200; attempt++) {
                    for (int i = 0; i < raw.length; i++) {
                        raw[i] = input(rnd, m, i, rnd.nextInt(CASES));
                    }
                    int risk = GoldenVectors.referencePredict(m, raw)[1];
                    if (phase == 1 || (phase == 0 ? risk < 450 : risk >= 600)) {
                        break;
                    }
                }
                rows.add(raw);
            }
            windowRows[w] = n;
            int step = rnd.nextInt(50);
            now += step == 0 ? -5000 : step == 1 ? 0 : step == 2 ? 70_000_000L : 60_000 + rnd.nextInt(240_001);
            windowEnd[w] = now;
        }
        long[][] all = rows.toArray(new long[0][]);
        List<int[]> out = TemporalReference.replay(m, all, windowRows, windowEnd);
        try (Writer csv = Files.newBufferedWriter(dir.resolve(name + ".csv"), StandardCharsets.US_ASCII)) {
            StringBuilder h = new StringBuilder("R,");
            for (int i = 0; i < m.featureCount(); i++) {
                h.append('f').append(i).append(',');
            }
            csv.write(h + "class,risk_permille\n");
            h = new StringBuilder("W,end_millis,mean_risk,max_risk,high_share,");
            for (int k = 0; k < m.temporalFeatureCount(); k++) {
                h.append('t').append(k).append(',');
            }
            csv.write(h + "decision_risk\n");
            int next = 0;
            for (int w = 0; w < TEMPORAL_WINDOWS; w++) {
                for (int r = 0; r < windowRows[w]; r++) {
                    long[] raw = all[next++];
                    StringBuilder line = new StringBuilder("R,");
                    for (long x : raw) {
                        line.append(x).append(',');
                    }
                    int[] o = GoldenVectors.referencePredict(m, raw);
                    csv.write(line.toString() + o[0] + ',' + o[1] + '\n');
                }
                int[] o = out.get(w);
                StringBuilder line = new StringBuilder("W,").append(windowEnd[w]).append(',').append(o[1]).append(',')
                        .append(o[2]).append(',').append(o[3]).append(',');
                for (int k = 4; k < o.length; k++) {
                    line.append(o[k]).append(',');
                }
                csv.write(line.toString() + o[0] + '\n');
            }
        }
    }

    private static byte[] model(long seed, int trees, int depth, int features, int classes, double splitChance) {
        return model(seed, trees, depth, features, classes, splitChance, null);
    }

    private static byte[] model(long seed, int trees, int depth, int features, int classes, double splitChance,
                                RotationScheduleSpec schedule) {
        Random rnd = new Random(seed);
        TinyModelWriter w = new TinyModelWriter(seed, 1, classes).seed(seed).createdSeconds(1764028800L)
                .dataDigest("golden-vectors".getBytes(StandardCharsets.US_ASCII)).rotationSchedule(schedule);
        for (int i = 0; i < features; i++) {
            w.addFeature(ModelFiles.feature(i));
        }
        for (int t = 0; t < trees; t++) {
            w.addTree(ModelFiles.randomTree(rnd, depth, features, classes, splitChance));
        }
        return w.toBytes();
    }

    private static void write(Path dir, String name, byte[] file, long seed) throws IOException {
        Files.write(dir.resolve(name + ".dktm"), file);
        TinyModel m;
        try {
            m = TinyModel.parse(file);
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
        Random rnd = new Random(seed * 31 + 7);
        try (Writer out = Files.newBufferedWriter(dir.resolve(name + ".csv"), StandardCharsets.US_ASCII)) {
            StringBuilder header = new StringBuilder();
            for (int i = 0; i < m.featureCount(); i++) {
                header.append('f').append(i).append(',');
            }
            out.write(header + "class,risk_permille\n");
            for (int k = 0; k < CASES; k++) {
                long[] raw = new long[m.featureCount()];
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = input(rnd, m, i, k);
                }
                int[] o = GoldenVectors.referencePredict(m, raw);
                StringBuilder line = new StringBuilder();
                for (long x : raw) {
                    line.append(x).append(',');
                }
                out.write(line.toString() + o[0] + ',' + o[1] + '\n');
            }
        }
    }

    /** Inputs near the thresholds (both sides), plus extremes and plain random values. */
    private static long input(Random rnd, TinyModel m, int feature, int k) {
        switch (k % 5) {
            case 0:
                return rnd.nextLong();
            case 1:
                return k % 2 == 0 ? Long.MIN_VALUE + rnd.nextInt(3) : Long.MAX_VALUE - rnd.nextInt(3);
            default:
                int g = rnd.nextInt(Math.max(1, m.nodeCount()));
                int t = m.nodeCount() == 0 ? rnd.nextInt(65536) : m.nodeThreshold(g);
                QuantizerSpec q = QuantizerSpec.of(m.quantizerKind(feature), m.quantizerOffset(feature),
                        m.quantizerMul(feature), m.quantizerShift(feature));
                long r = q.maxRawAtOrBelow(t);
                return r == Long.MAX_VALUE ? r : r + rnd.nextInt(3) - 1;
        }
    }
}
