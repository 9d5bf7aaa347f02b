package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rotation schedule section (format 1.1): writing, reading back, and what stays as it was. */
class RotationSectionTest {

    private static final RotationScheduleSpec THREE_BANDS = HostileModels.SCHEDULE;

    @Test
    void a_schedule_written_with_the_trees_reads_back_field_by_field() throws Exception {
        // given
        byte[] file = new TinyModelWriter(5, 2, 2).addFeature(ModelFiles.feature(0))
                .addTree(TreeNode.split(0, 9, TreeNode.leaf(0, 3), TreeNode.leaf(1, 250)))
                .rotationSchedule(THREE_BANDS).toBytes();
        // when
        TinyModel m = TinyModel.parse(file);
        // then
        assertEquals(1, m.formatMinor());
        assertEquals(ModelFormat.FLAG_ROTATION_SCHEDULE, file[ModelFormat.OFF_FLAGS]);
        assertEquals(ModelFormat.HEADER_SIZE + 16 + 2 + 5 + 2 * 2 + ModelFormat.ROTATION_SECTION_SIZE + 4 + 64, file.length);
        assertEquals(50, ModelFormat.ROTATION_SECTION_SIZE);
        assertTrue(m.hasRotationSchedule());
        assertEquals(3, m.rotationBands());
        assertTrue(m.rotationWindowMax());
        assertEquals(250, m.rotationSmoothingPermille());
        assertEquals(300, m.rotationEdgePermille(1));
        assertEquals(700, m.rotationEdgePermille(2));
        assertEquals(36 * 3600, m.rotationAgeSeconds(0));
        assertEquals(3600, m.rotationAgeSeconds(2));
        assertEquals(THREE_BANDS, RotationScheduleSpec.of(m));
        assertThrows(IllegalArgumentException.class, () -> m.rotationEdgePermille(0));
        assertThrows(IllegalArgumentException.class, () -> m.rotationAgeSeconds(3));
    }

    @Test
    void adding_a_schedule_to_a_file_keeps_its_trees_and_outputs_and_zeroes_the_signature() throws Exception {
        // given a 1.0 file with a signature in its trailer
        byte[] old = HostileModels.VALID.clone();
        Arrays.fill(old, old.length - 64, old.length, (byte) 0x5A);
        TinyModel before = TinyModel.parse(old);
        // when
        byte[] with = TinyModelWriter.withRotationSchedule(old, THREE_BANDS);
        TinyModel after = TinyModel.parse(with);
        // then the header and tables are the old ones, the section and CRC are new, the trailer is zero
        assertEquals(old.length + ModelFormat.ROTATION_SECTION_SIZE, with.length);
        int tables = old.length - 68;
        assertArrayEquals(Arrays.copyOfRange(old, 24, tables), Arrays.copyOfRange(with, 24, tables));
        assertArrayEquals(new byte[64], Arrays.copyOfRange(with, with.length - 64, with.length));
        assertEquals(before.modelVersion(), after.modelVersion());
        Random rnd = new Random(3);
        for (int k = 0; k < 500; k++) {
            long[] x = new long[before.featureCount()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextLong() >> rnd.nextInt(64);
            }
            assertArrayEquals(GoldenVectors.referencePredict(before, x), GoldenVectors.referencePredict(after, x));
        }
        // and replacing the schedule does not stack a second section
        RotationScheduleSpec calendar = new RotationScheduleSpec(1000, new int[0], new long[] {86_400}, false);
        byte[] again = TinyModelWriter.withRotationSchedule(with, calendar);
        assertEquals(with.length, again.length);
        assertEquals(calendar, RotationScheduleSpec.of(TinyModel.parse(again)));
    }

    @Test
    void a_1_0_file_reads_as_before_and_says_it_has_no_schedule() throws Exception {
        TinyModel m = TinyModel.parse(HostileModels.VALID);
        assertEquals(0, m.formatMinor());
        assertFalse(m.hasRotationSchedule());
        assertEquals(0, m.rotationBands());
        assertThrows(IllegalStateException.class, m::rotationSmoothingPermille);
        assertThrows(IllegalArgumentException.class, () -> RotationScheduleSpec.of(m));
        assertEquals(0, HostileModels.VALID[ModelFormat.OFF_FLAGS] | HostileModels.VALID[ModelFormat.OFF_FLAGS + 1]);
    }

    @Test
    void a_schedule_the_reader_would_refuse_cannot_be_written() {
        assertThrows(IllegalArgumentException.class, () -> new RotationScheduleSpec(0, new int[0], new long[] {60}, false));
        assertThrows(IllegalArgumentException.class, () -> new RotationScheduleSpec(10, new int[] {500, 500},
                new long[] {60, 1, 1}, false));
        assertThrows(IllegalArgumentException.class, () -> new RotationScheduleSpec(10, new int[] {0}, new long[] {60, 1}, false));
        assertThrows(IllegalArgumentException.class, () -> new RotationScheduleSpec(10, new int[0], new long[] {0}, false));
        assertThrows(IllegalArgumentException.class, () -> new RotationScheduleSpec(10, new int[0],
                new long[] {ModelFormat.MAX_ROTATION_AGE_SECONDS + 1}, false));
        assertThrows(IllegalArgumentException.class, () -> new RotationScheduleSpec(10, new int[] {5}, new long[] {60, 61}, false));
        assertThrows(IllegalArgumentException.class, () -> new RotationScheduleSpec(10, new int[8], new long[9], false));
        // the extremes are writable and read back
        int[] edges = {1, 2, 3, 4, 5, 6, 1000};
        long[] ages = {ModelFormat.MAX_ROTATION_AGE_SECONDS, 0, 0, 0, 0, 0, 0, ModelFormat.MAX_ROTATION_AGE_SECONDS};
        RotationScheduleSpec widest = new RotationScheduleSpec(1000, edges, ages, true);
        assertEquals(widest, RotationScheduleSpec.of(parse(HostileModels.withSchedule(HostileModels.VALID, widest))));
    }

    private static TinyModel parse(byte[] f) {
        try {
            return TinyModel.parse(f);
        } catch (ModelFormatException e) {
            throw new AssertionError(e);
        }
    }
}
