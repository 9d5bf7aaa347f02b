package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.models.testing.ByteMutator;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzzing of the reader in the default test run: mutated valid files (with and without a
 * repaired CRC, so that the structural checks are reached) and random bytes behind a valid
 * prefix. A parse must either succeed or throw {@link ModelFormatException}; a model that parses
 * must evaluate every input within its depth. Each case is generated from its index as seed, so
 * a failure names the case and replays exactly ({@code CReaderAgreementTest} replays the same
 * cases through the C reader). Longer runs: {@code ./dynakey bench fuzz}.
 */
class TinyModelFuzzTest {

    private static final byte[][] SEEDS = {
        ModelFiles.randomModel(1, 1, 6, 4, 2),
        ModelFiles.randomModel(2, 5, 4, 8, 3),
        ModelFiles.randomModel(3, 2, 9, 3, 5),
    };

    /** Number of mutated-file cases; case c draws from {@code new Random(c)}. */
    static final int MUTATED_CASES = 3000;
    /** Number of random-tail cases; case c draws from {@code new Random(RANDOM_TAIL_SEED + c)}. */
    static final int RANDOM_TAIL_CASES = 1000;
    static final long RANDOM_TAIL_SEED = 1_000_000L;

    /** Files with a rotation schedule section (format 1.1) that the rotation cases mutate. */
    private static final byte[][] ROTATION_SEEDS = {
        HostileModels.withSchedule(SEEDS[0], new RotationScheduleSpec(500, new int[0], new long[] {86_400}, false)),
        HostileModels.withSchedule(SEEDS[1], new RotationScheduleSpec(125, new int[] {100, 400, 900},
                new long[] {172_800, 28_800, 3_600, 0}, true)),
        HostileModels.withSchedule(SEEDS[2], new RotationScheduleSpec(1000, new int[] {1, 2, 3, 4, 5, 6, 1000},
                new long[] {ModelFormat.MAX_ROTATION_AGE_SECONDS, 7, 6, 5, 4, 3, 2, 1}, false)),
    };
    /** Number of rotation-section cases; case c draws from {@code new Random(ROTATION_SEED + c)}. */
    static final int ROTATION_CASES = 2000;
    static final long ROTATION_SEED = 2_000_000L;

    /** Files with a temporal section (format 1.2) that the temporal cases mutate: K 6 and 16, with and without a schedule. */
    private static final byte[][] TEMPORAL_SEEDS = {
        TemporalModels.VALID, TemporalModels.boundaries().get(1), TemporalModels.boundaries().get(4),
    };
    /** Number of temporal-section cases; case c draws from {@code new Random(TEMPORAL_SEED + c)}. */
    static final int TEMPORAL_CASES = 3000;
    static final long TEMPORAL_SEED = 3_000_000L;

    @Test
    void mutated_temporal_sections_are_parsed_or_rejected_with_a_format_error() {
        int accepted = 0;
        int bySection = 0;
        int byStage = 0;
        for (int c = 0; c < TEMPORAL_CASES; c++) {
            Random rnd = new Random(TEMPORAL_SEED + c);
            byte[] f = temporalFile(rnd);
            runCase(c, f, rnd);
            try {
                TinyModel m = TinyModel.parse(f);
                accepted++;
                if (m.hasTemporal()) {
                    // accepted definitions obey every rule of the section
                    TemporalSpec.of(m);
                }
            } catch (ModelFormatException e) {
                int section = sectionOffset(f);
                if (e.reason() != ModelFormatException.BAD_CRC && section > 0 && e.offset() >= section
                        && e.offset() < f.length - ModelFormat.CRC_SIZE - ModelFormat.SIGNATURE_SIZE) {
                    bySection++;
                    if (e.offset() >= section + ModelFormat.TEMPORAL_HEADER_SIZE
                            + (f[section] & 0xFF) * ModelFormat.TEMPORAL_DEF_SIZE) {
                        byStage++;
                    }
                }
            }
        }
        assertTrue(accepted > TEMPORAL_CASES / 20 && accepted < TEMPORAL_CASES * 9 / 10,
                "temporal cases reach both verdicts: " + accepted + " accepted");
        System.out.println("[fuzz] temporal cases: " + TEMPORAL_CASES + ", " + accepted + " accepted, " + bySection
                + " refused by the section's checks, " + byStage + " of them in the second stage");
        assertTrue(bySection > TEMPORAL_CASES / 10 && byStage > TEMPORAL_CASES / 20,
                "the section's checks are reached: " + bySection + ", of them in the second stage: " + byStage);
    }

    /** Where the temporal section of f would start if f were a valid 1.2 file the size its seed has (0 if f is too short). */
    private static int sectionOffset(byte[] f) {
        for (byte[] seed : TEMPORAL_SEEDS) {
            if (seed.length == f.length) {
                try {
                    TinyModel m = TinyModel.parse(seed);
                    return f.length - ModelFormat.CRC_SIZE - ModelFormat.SIGNATURE_SIZE - sectionSize(m);
                } catch (ModelFormatException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return 0;
    }

    private static int sectionSize(TinyModel m) {
        return ModelFormat.TEMPORAL_HEADER_SIZE + m.temporalFeatureCount() * ModelFormat.TEMPORAL_DEF_SIZE
                + m.secondStage().fileLength();
    }

    /**
     * A 1.2 seed file mutated: in half the cases by the shared mutator (up to 4 operations), in the
     * other half by rewriting 1..4 bytes of its temporal section (its header and definitions in 3
     * of 10, the second stage in 6 of 10, the header flags in 1 of 10) with random, neighbouring,
     * small or edge values, the second stage's own CRC repaired in half of those; the file's CRC
     * repaired in 3 of 4, so the section's checks are reached.
     */
    static byte[] temporalFile(Random rnd) {
        byte[] seed = TEMPORAL_SEEDS[rnd.nextInt(TEMPORAL_SEEDS.length)];
        byte[] f;
        if (rnd.nextBoolean()) {
            f = ModelFiles.mutator(rnd).mutate(seed, 4);
        } else {
            f = seed.clone();
            TinyModel m;
            try {
                m = TinyModel.parse(seed);
            } catch (ModelFormatException e) {
                throw new IllegalStateException(e);
            }
            int crc = f.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE;
            int section = crc - sectionSize(m);
            int stage = crc - m.secondStage().fileLength();
            boolean inStage = false;
            for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                int where = rnd.nextInt(10);
                int at = where == 0 ? ModelFormat.OFF_FLAGS
                        : where <= 3 ? section + rnd.nextInt(stage - section) : stage + rnd.nextInt(crc - stage);
                inStage |= at >= stage;
                int v;
                switch (rnd.nextInt(4)) {
                    case 0: v = rnd.nextInt(256); break;
                    case 1: v = f[at] + (rnd.nextBoolean() ? 1 : -1); break;
                    case 2: v = rnd.nextInt(20); break;
                    default: v = ByteMutator.EDGE_BYTES[rnd.nextInt(ByteMutator.EDGE_BYTES.length)]; break;
                }
                f[at] = (byte) v;
            }
            if (inStage && rnd.nextBoolean()) {
                int stageCrc = crc - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE;
                TinyModelWriter.putU32(f, stageCrc, Crc32.compute(f, stage, stageCrc - stage) & 0xFFFFFFFFL);
            }
        }
        if (rnd.nextInt(4) != 0 && f.length >= ModelFormat.SIGNATURE_SIZE + ModelFormat.CRC_SIZE) {
            ModelFiles.fixCrc(f);
        }
        return f;
    }

    @Test
    void mutated_files_are_parsed_or_rejected_with_a_format_error() {
        for (int c = 0; c < MUTATED_CASES; c++) {
            Random rnd = new Random(c);
            runCase(c, mutatedFile(rnd), rnd);
        }
    }

    @Test
    void random_bytes_behind_a_valid_header_are_rejected_or_parsed() {
        for (int c = 0; c < RANDOM_TAIL_CASES; c++) {
            Random rnd = new Random(RANDOM_TAIL_SEED + c);
            runCase(c, randomTailFile(rnd), rnd);
        }
    }

    @Test
    void mutated_rotation_sections_are_parsed_or_rejected_with_a_format_error() {
        int accepted = 0;
        int bySection = 0;
        for (int c = 0; c < ROTATION_CASES; c++) {
            Random rnd = new Random(ROTATION_SEED + c);
            byte[] f = rotationFile(rnd);
            runCase(c, f, rnd);
            try {
                TinyModel m = TinyModel.parse(f);
                accepted++;
                if (m.hasRotationSchedule()) {
                    // an accepted schedule obeys every rule of the section
                    RotationScheduleSpec.of(m);
                }
            } catch (ModelFormatException e) {
                // rejected (checked by runCase): count those the section's own checks refused
                int section = f.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE - ModelFormat.ROTATION_SECTION_SIZE;
                if (e.reason() != ModelFormatException.BAD_CRC && e.offset() >= section && e.offset() < f.length) {
                    bySection++;
                }
            }
        }
        assertTrue(accepted > ROTATION_CASES / 20 && accepted < ROTATION_CASES * 9 / 10,
                "rotation cases reach both verdicts: " + accepted + " accepted");
        assertTrue(bySection > ROTATION_CASES / 10, "the section's checks are reached: " + bySection);
    }

    /**
     * A 1.1 seed file mutated: in half the cases by the shared mutator (up to 4 operations), in
     * the other half by rewriting 1..3 bytes of its rotation section (and sometimes its header
     * flags) with random or edge values; the CRC repaired in 3 of 4, so the section's checks are reached.
     */
    static byte[] rotationFile(Random rnd) {
        byte[] seed = ROTATION_SEEDS[rnd.nextInt(ROTATION_SEEDS.length)];
        byte[] f;
        if (rnd.nextBoolean()) {
            f = ModelFiles.mutator(rnd).mutate(seed, 4);
        } else {
            f = seed.clone();
            int section = f.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE - ModelFormat.ROTATION_SECTION_SIZE;
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                int at = rnd.nextInt(10) == 0 ? ModelFormat.OFF_FLAGS : section + rnd.nextInt(ModelFormat.ROTATION_SECTION_SIZE);
                int v;
                switch (rnd.nextInt(4)) {
                    case 0: v = rnd.nextInt(256); break;
                    case 1: v = f[at] + (rnd.nextBoolean() ? 1 : -1); break;
                    case 2: v = rnd.nextInt(ModelFormat.MAX_ROTATION_BANDS + 3); break;
                    default: v = ByteMutator.EDGE_BYTES[rnd.nextInt(ByteMutator.EDGE_BYTES.length)]; break;
                }
                f[at] = (byte) v;
            }
        }
        if (rnd.nextInt(4) != 0 && f.length >= ModelFormat.SIGNATURE_SIZE + ModelFormat.CRC_SIZE) {
            ModelFiles.fixCrc(f);
        }
        return f;
    }

    /** A valid seed file mutated by up to 8 operations, its CRC repaired half the time. */
    static byte[] mutatedFile(Random rnd) {
        byte[] seed = SEEDS[rnd.nextInt(SEEDS.length)];
        boolean repairCrc = rnd.nextBoolean();
        byte[] f = ModelFiles.mutator(rnd).mutate(seed, 8);
        if (repairCrc && f.length >= ModelFormat.SIGNATURE_SIZE + ModelFormat.CRC_SIZE) {
            ModelFiles.fixCrc(f);
        }
        return f;
    }

    /** Up to 600 random bytes behind a valid header, with a matching length field and CRC. */
    static byte[] randomTailFile(Random rnd) {
        byte[] tail = new byte[rnd.nextInt(601)];
        rnd.nextBytes(tail);
        byte[] f = Arrays.copyOf(SEEDS[0], Math.min(SEEDS[0].length, 64 + tail.length));
        System.arraycopy(tail, 0, f, Math.min(64, f.length), Math.max(0, f.length - 64));
        TinyModelWriter.putU32(f, ModelFormat.OFF_FILE_LENGTH, f.length);
        if (f.length >= 68) {
            ModelFiles.fixCrc(f);
        }
        return f;
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
        if (m.hasTemporal()) {
            long[][] rows = new long[6][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = new long[raw.length];
                for (int j = 0; j < raw.length; j++) {
                    rows[i][j] = rnd.nextLong() >> rnd.nextInt(64);
                }
            }
            for (int[] w : TemporalReference.replay(m, rows, new int[] {2, 0, 3, 1}, new long[] {0, 5000, 4000, 999_000})) {
                assertTrue(w[0] >= 0 && w[0] <= 1000);
            }
        }
    }
}
