package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The temporal section (format 1.2): writing, reading back, living beside a schedule, and hostile sections. */
class TemporalSectionTest {

    static final TemporalSpec SPEC = new TemporalSpec(500,
            new int[] {ModelFormat.TEMPORAL_EWMA, ModelFormat.TEMPORAL_COUNT_AT_LEAST, ModelFormat.TEMPORAL_INTERVAL},
            new int[] {ModelFormat.SOURCE_MEAN_RISK, ModelFormat.SOURCE_MAX_RISK, 0},
            new int[] {4, 500, 0}, new int[] {0, 12, 0});

    static byte[] stage(int... ids) {
        TinyModelWriter w = new TinyModelWriter(1, 1, 2);
        for (int id : ids) {
            w.addFeature(new FeatureSpec(id, FeatureUnits.COUNT, 0, QuantizerSpec.linear(0, 1, 0)));
        }
        w.addTree(TreeNode.split(0, 3, TreeNode.leaf(0, 0), TreeNode.leaf(1, 255)));
        return w.toBytes();
    }

    @Test
    void a_section_reads_back_field_by_field_and_leaves_the_first_stage_as_it_was() throws Exception {
        byte[] plain = HostileModels.VALID.clone();
        byte[] stage = stage(FeatureIds.TEMPORAL_FIRST + 1, FeatureIds.TEMPORAL_FIRST);
        byte[] file = TinyModelWriter.withTemporal(plain, SPEC, stage);
        TinyModel m = TinyModel.parse(file);
        assertEquals(2, m.formatMinor());
        assertEquals(ModelFormat.FLAG_TEMPORAL, file[ModelFormat.OFF_FLAGS]);
        assertEquals(plain.length + 8 + 3 * 8 + stage.length, file.length);
        assertTrue(m.hasTemporal());
        assertEquals(SPEC, TemporalSpec.of(m));
        assertEquals(2, m.secondStage().featureCount());
        assertArrayEquals(stage, TinyModelWriter.secondStageBytes(m));
        assertArrayEquals(Arrays.copyOfRange(plain, 0, plain.length - 68), Arrays.copyOfRange(TinyModelWriter.withoutTemporal(file), 0, plain.length - 68));
        assertEquals(TinyModel.parse(plain).featureCount(), m.featureCount());
        assertFalse(TinyModel.parse(plain).hasTemporal());
        assertThrows(IllegalStateException.class, () -> TinyModel.parse(plain).secondStage());
    }

    @Test
    void a_schedule_and_a_temporal_section_live_together_in_either_order_of_writing() throws Exception {
        byte[] stage = stage(FeatureIds.TEMPORAL_FIRST + 2);
        byte[] a = TinyModelWriter.withTemporal(TinyModelWriter.withRotationSchedule(HostileModels.VALID, HostileModels.SCHEDULE), SPEC, stage);
        byte[] b = TinyModelWriter.withRotationSchedule(TinyModelWriter.withTemporal(HostileModels.VALID, SPEC, stage), HostileModels.SCHEDULE);
        assertArrayEquals(a, b);
        TinyModel m = TinyModel.parse(a);
        assertTrue(m.hasRotationSchedule());
        assertTrue(m.hasTemporal());
        assertEquals(HostileModels.SCHEDULE, RotationScheduleSpec.of(m));
        assertEquals(ModelFormat.FLAG_ROTATION_SCHEDULE | ModelFormat.FLAG_TEMPORAL, a[ModelFormat.OFF_FLAGS]);
    }

    @Test
    void a_second_stage_reading_an_undefined_feature_or_carrying_a_signature_is_refused() throws Exception {
        ModelFormatException foreign = assertThrows(ModelFormatException.class,
                () -> TinyModelWriter.withTemporal(HostileModels.VALID, SPEC, stage(FeatureIds.TEMPORAL_FIRST + 3)));
        assertEquals(ModelFormatException.OUT_OF_RANGE, foreign.reason());
        assertThrows(ModelFormatException.class,
                () -> TinyModelWriter.withTemporal(HostileModels.VALID, SPEC, stage(FeatureIds.BYTES_IN)));

        byte[] file = TinyModelWriter.withTemporal(HostileModels.VALID, SPEC, stage(FeatureIds.TEMPORAL_FIRST));
        byte[] signed = file.clone();
        int stageEnd = file.length - 68;
        signed[stageEnd - 1] = 1; // last byte of the nested trailer
        ModelFiles.fixCrc(signed);
        ModelFormatException trailer = assertThrows(ModelFormatException.class, () -> TinyModel.parse(signed));
        assertEquals(ModelFormatException.RESERVED_NONZERO, trailer.reason());
        assertEquals(stageEnd - 1, trailer.offset());
    }

    @Test
    void every_truncation_and_a_zero_count_are_refused_with_a_reason() throws Exception {
        byte[] file = TinyModelWriter.withTemporal(HostileModels.VALID, SPEC, stage(FeatureIds.TEMPORAL_FIRST));
        int section = HostileModels.VALID.length - 68;
        for (int len = 0; len < file.length; len++) {
            final byte[] cut = Arrays.copyOf(file, len);
            assertThrows(ModelFormatException.class, () -> TinyModel.parse(cut), "length " + len);
        }
        byte[] zero = file.clone();
        zero[section + ModelFormat.TMP_OFF_COUNT] = 0;
        ModelFiles.fixCrc(zero);
        assertThrows(ModelFormatException.class, () -> TinyModel.parse(zero));
        byte[] high = file.clone();
        TinyModelWriter.putU16(high, section + ModelFormat.TMP_OFF_HIGH_ROW, 1001);
        ModelFiles.fixCrc(high);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TinyModel.parse(high));
        assertEquals(ModelFormatException.OUT_OF_RANGE, e.reason());
        assertEquals(section + ModelFormat.TMP_OFF_HIGH_ROW, e.offset());
    }

    @Test
    void the_spec_refuses_what_the_reader_refuses() {
        assertThrows(IllegalArgumentException.class, () -> new TemporalSpec(0, new int[] {1}, new int[] {0}, new int[] {0}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new TemporalSpec(500, new int[] {2}, new int[] {0}, new int[] {13}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new TemporalSpec(500, new int[] {4}, new int[] {1}, new int[] {500}, new int[] {65}));
        assertThrows(IllegalArgumentException.class, () -> new TemporalSpec(500, new int[] {6}, new int[] {1}, new int[] {0}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new TemporalSpec(500, new int[] {9}, new int[] {0}, new int[] {0}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new TemporalSpec(500, new int[] {1}, new int[] {3}, new int[] {0}, new int[] {0}));
    }
}
