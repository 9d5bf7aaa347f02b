package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzzing of the reader in the default test run: mutated valid files (with and without a
 * repaired CRC, so that the structural checks are reached) and random bytes behind a valid
 * prefix. A parse must either succeed or throw {@link ModelFormatException}; a model that parses
 * must evaluate every input within its depth. Each case is generated from its index as seed, so
 * a failure names the case and replays exactly. Longer runs: {@code ./dynakey bench fuzz}.
 */
class TinyModelFuzzTest {

    private static final byte[][] SEEDS = {
        ModelFiles.randomModel(1, 1, 6, 4, 2),
        ModelFiles.randomModel(2, 5, 4, 8, 3),
        ModelFiles.randomModel(3, 2, 9, 3, 5),
    };

    @Test
    void mutated_files_are_parsed_or_rejected_with_a_format_error() {
        for (int c = 0; c < 3000; c++) {
            Random rnd = new Random(c);
            byte[] seed = SEEDS[rnd.nextInt(SEEDS.length)];
            boolean repairCrc = rnd.nextBoolean();
            byte[] f = ModelFiles.mutator(rnd).mutate(seed, 8);
            if (repairCrc && f.length >= ModelFormat.SIGNATURE_SIZE + ModelFormat.CRC_SIZE) {
                ModelFiles.fixCrc(f);
            }
            runCase(c, f, rnd);
        }
    }

    @Test
    void random_bytes_behind_a_valid_header_are_rejected_or_parsed() {
        for (int c = 0; c < 1000; c++) {
            Random rnd = new Random(1_000_000L + c);
            byte[] tail = new byte[rnd.nextInt(601)];
            rnd.nextBytes(tail);
            byte[] f = Arrays.copyOf(SEEDS[0], Math.min(SEEDS[0].length, 64 + tail.length));
            System.arraycopy(tail, 0, f, Math.min(64, f.length), Math.max(0, f.length - 64));
            TinyModelWriter.putU32(f, ModelFormat.OFF_FILE_LENGTH, f.length);
            if (f.length >= 68) {
                ModelFiles.fixCrc(f);
            }
            runCase(c, f, rnd);
        }
    }

    private static void runCase(int c, byte[] f, Random rnd) {
        try {
            parseAndExercise(f, rnd);
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("fuzz case " + c + " failed", e);
        }
    }

    static void parseAndExercise(byte[] f, Random rnd) {
        TinyModel m;
        try {
            m = TinyModel.parse(f);
        } catch (ModelFormatException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= f.length, e.getMessage());
            return;
        }
        long[] raw = new long[m.featureCount()];
        for (int k = 0; k < 20; k++) {
            for (int i = 0; i < raw.length; i++) {
                raw[i] = rnd.nextLong() >> rnd.nextInt(64);
            }
            int[] out = GoldenVectors.referencePredict(m, raw);
            assertTrue(out[0] >= 0 && out[0] < m.classCount());
            assertTrue(out[1] >= 0 && out[1] <= 1000);
        }
    }
}
