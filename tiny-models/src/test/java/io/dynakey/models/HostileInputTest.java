package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dynakey.models.HostileModels.Hostile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java reader against the hand-made hostile files of {@link HostileModels}. */
class HostileInputTest {

    private static final byte[] VALID = HostileModels.VALID;

    private static ModelFormatException rejected(byte[] file) {
        try {
            TinyModel.parse(file);
        } catch (ModelFormatException e) {
            return e;
        }
        return fail("accepted a malformed file");
    }

    private static void assertRejectedAsExpected(List<Hostile> cases) {
        for (Hostile h : cases) {
            ModelFormatException e = rejected(h.file);
            if (h.reason != HostileModels.ANY_REASON) {
                assertEquals(h.reason, e.reason(), h.name + ": " + e.getMessage());
            }
            if (h.offset != HostileModels.ANY_OFFSET) {
                assertEquals(h.offset, e.offset(), h.name + ": " + e.getMessage());
            }
            assertTrue(e.getMessage().contains("offset " + e.offset()), e.getMessage());
        }
    }

    @Test
    void every_truncation_of_a_valid_file_is_rejected_as_truncated() {
        assertEquals(VALID.length, HostileModels.truncations().size());
        assertRejectedAsExpected(HostileModels.truncations());
    }

    @Test
    void trailing_bytes_are_rejected() {
        assertRejectedAsExpected(List.of(HostileModels.trailingByte()));
    }

    @Test
    void every_single_bit_flip_in_the_signed_region_is_rejected() {
        assertEquals((VALID.length - ModelFormat.SIGNATURE_SIZE) * 8, HostileModels.signedRegionBitFlips().size());
        assertRejectedAsExpected(HostileModels.signedRegionBitFlips());
    }

    @Test
    void flips_in_the_signature_trailer_are_left_to_the_signature_check() throws Exception {
        byte[] f = VALID.clone();
        f[f.length - 1] ^= 1;
        TinyModel m = TinyModel.parse(f);
        assertEquals(f.length - 64, m.signatureOffset());
    }

    @Test
    void a_backward_reference_forming_a_cycle_is_a_structure_error() throws Exception {
        // given a depth-2 tree whose root's right reference (2) is bent back to the root
        TinyModel m = TinyModel.parse(HostileModels.depthTwoTree());
        assertEquals(2, m.nodeRef(0));
        // when / then
        assertRejectedAsExpected(List.of(HostileModels.backwardReference()));
    }

    @Test
    void references_out_of_range_skipped_or_shared_are_structure_errors() {
        assertRejectedAsExpected(HostileModels.badReferences());
    }

    @Test
    void a_tree_deeper_than_the_limit_is_rejected() throws Exception {
        // given a 32-deep chain the writer accepts, and a 33-deep one written by hand
        TreeNode chain = TreeNode.leaf(0, 0);
        for (int i = 0; i < 32; i++) {
            chain = TreeNode.split(0, i, chain, TreeNode.leaf(1, 1));
        }
        byte[] ok = new TinyModelWriter(1, 1, 2).addFeature(ModelFiles.feature(0)).addTree(chain).toBytes();
        assertEquals(32, TinyModel.parse(ok).treeDepth(0));
        assertThrows(IllegalArgumentException.class, () -> new TinyModelWriter(1, 1, 2)
                .addTree(TreeNode.split(0, 1, TreeNode.leaf(0, 0), TreeNode.leaf(0, 0)))
                .addTree(TreeNode.split(0, 1, TreeNode.split(0, 1, TreeNode.leaf(0, 0), TreeNode.leaf(0, 0)),
                        TreeNode.leaf(0, 0))).addTree(deeper(33)));
        // then the reader refuses the 33-deep one at its 33rd node
        assertRejectedAsExpected(List.of(HostileModels.tooDeep()));
    }

    private static TreeNode deeper(int depth) {
        TreeNode n = TreeNode.leaf(0, 0);
        for (int i = 0; i < depth; i++) {
            n = TreeNode.split(0, 0, n, TreeNode.leaf(0, 0));
        }
        return n;
    }

    @Test
    void out_of_range_fields_name_their_reason_and_offset() {
        assertRejectedAsExpected(HostileModels.outOfRangeFields());
    }

    @Test
    void a_rotation_schedule_at_the_boundaries_of_its_rules_is_accepted() throws Exception {
        for (byte[] f : HostileModels.rotationBoundaries()) {
            assertTrue(TinyModel.parse(f).hasRotationSchedule());
        }
    }

    @Test
    void a_rotation_section_cut_short_is_truncated() {
        assertRejectedAsExpected(HostileModels.rotationTruncations());
    }

    @Test
    void every_bit_flip_in_the_rotation_section_is_caught_by_the_crc() {
        assertRejectedAsExpected(HostileModels.rotationSectionBitFlips());
    }

    @Test
    void a_rotation_flag_and_a_section_that_disagree_are_a_length_mismatch() {
        assertRejectedAsExpected(HostileModels.rotationFlagWithoutSection());
    }

    @Test
    void every_rotation_field_out_of_its_rules_names_its_reason_and_offset() throws Exception {
        // given the valid 1.1 file the cases are made from
        TinyModel ok = TinyModel.parse(HostileModels.VALID_ROTATION);
        assertEquals(3, ok.rotationBands());
        // when / then: bands 0 or > 8, window, smoothing, edges not increasing, ages beyond 366 days or the calendar, unused slots
        assertRejectedAsExpected(HostileModels.rotationFields());
        assertTrue(rejected(HostileModels.rotationFields().get(8).file).getMessage().contains("not increasing"));
    }

    @Test
    void a_temporal_section_at_the_boundaries_of_its_rules_is_accepted() throws Exception {
        for (byte[] f : TemporalModels.boundaries()) {
            assertTrue(TinyModel.parse(f).hasTemporal());
        }
        assertEquals(TemporalModels.SPEC.size(), TinyModel.parse(TemporalModels.VALID).temporalFeatureCount());
    }

    @Test
    void a_temporal_file_cut_short_is_truncated_and_a_flipped_bit_is_caught() {
        assertRejectedAsExpected(TemporalModels.truncations());
        assertRejectedAsExpected(TemporalModels.bitFlips());
    }

    @Test
    void a_temporal_flag_and_a_section_that_disagree_are_a_length_mismatch() {
        assertRejectedAsExpected(TemporalModels.flagDisagreements());
    }

    @Test
    void every_temporal_header_and_definition_field_out_of_its_rules_names_its_reason_and_offset() {
        assertRejectedAsExpected(TemporalModels.headerFields());
        assertRejectedAsExpected(TemporalModels.definitionFields());
    }

    @Test
    void a_second_stage_that_is_not_a_plain_file_over_the_temporal_features_is_refused_where_it_breaks() {
        assertRejectedAsExpected(TemporalModels.nestedFiles());
    }

    @Test
    void a_deep_nest_of_second_stages_is_refused_at_the_first_nested_flags_without_recursion() {
        // given 300 temporal files, each the second stage of the next (flags, lengths and CRCs all consistent)
        byte[] f = TemporalModels.VALID;
        for (int level = 0; level < 300; level++) {
            f = TemporalModels.withStage(f);
        }
        // when / then: the outermost second stage sets a header flag, refused in its step 1
        ModelFormatException e = rejected(f);
        assertEquals(ModelFormatException.RESERVED_NONZERO, e.reason(), e.getMessage());
        assertEquals(TemporalModels.STAGE_OFF + ModelFormat.OFF_FLAGS, e.offset());
    }

    @Test
    void oversized_counts_and_lengths_are_rejected_before_any_table_is_read() {
        assertRejectedAsExpected(HostileModels.oversizedCounts());
    }
}
