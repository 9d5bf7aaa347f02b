package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
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
        byte[] rotation = model(1401, 8, 6, 8, 2, 0.8, GOLDEN_SCHEDULE);
        write(dir, GoldenVectors.ROTATION_NAME, rotation, 1401);
        try {
            Files.write(dir.resolve(GoldenVectors.ROTATION_NAME + ".schedule"),
                    (GoldenVectors.rotationToken(TinyModel.parse(rotation)) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
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
