package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HostileInputTest {

    private static final byte[] VALID = ModelFiles.randomModel(11, 3, 5, 4, 3);

    private static ModelFormatException rejected(byte[] file) {
        try {
            TinyModel.parse(file);
        } catch (ModelFormatException e) {
            return e;
        }
        return fail("accepted a malformed file");
    }

    /** Offset of node table k (0 flags, 1 thresholds, 2 refs) in a parsed valid file. */
    private static int tableOffset(TinyModel m, int k) {
        int a = ModelFormat.HEADER_SIZE + m.featureCount() * 16 + m.treeCount() * 2;
        return k == 0 ? a : k == 1 ? a + m.nodeCount() : a + 3 * m.nodeCount();
    }

    @Test
    void every_truncation_of_a_valid_file_is_rejected_as_truncated() {
        for (int len = 0; len < VALID.length; len++) {
            ModelFormatException e = rejected(Arrays.copyOf(VALID, len));
            assertEquals(ModelFormatException.TRUNCATED, e.reason(), "length " + len);
            assertEquals(len, e.offset());
        }
    }

    @Test
    void trailing_bytes_are_rejected() {
        ModelFormatException e = rejected(Arrays.copyOf(VALID, VALID.length + 1));
        assertEquals(ModelFormatException.LENGTH_MISMATCH, e.reason());
    }

    @Test
    void every_single_bit_flip_in_the_signed_region_is_rejected() {
        int signed = VALID.length - ModelFormat.SIGNATURE_SIZE;
        for (int bit = 0; bit < signed * 8; bit++) {
            byte[] f = VALID.clone();
            f[bit >> 3] ^= (byte) (1 << (bit & 7));
            ModelFormatException e = rejected(f);
            assertTrue(e.getMessage().contains("offset"), e.getMessage());
        }
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
        // given a depth-2 tree whose root's right reference is bent back to the root
        byte[] f = new TinyModelWriter(1, 1, 2).addFeature(ModelFiles.feature(0))
                .addTree(TreeNode.split(0, 5,
                        TreeNode.split(0, 2, TreeNode.leaf(0, 0), TreeNode.leaf(1, 1)),
                        TreeNode.split(0, 9, TreeNode.leaf(0, 0), TreeNode.leaf(1, 1))))
                .toBytes();
        TinyModel m = TinyModel.parse(f);
        int refs = tableOffset(m, 2);
        assertEquals(2, m.nodeRef(0));
        f[refs] = 0;
        ModelFiles.fixCrc(f);
        // when / then
        ModelFormatException e = rejected(f);
        assertEquals(ModelFormatException.BAD_STRUCTURE, e.reason());
        assertTrue(e.getMessage().contains("offset " + refs), e.getMessage());
    }

    @Test
    void references_out_of_range_skipped_or_shared_are_structure_errors() throws Exception {
        byte[] base = new TinyModelWriter(1, 1, 2).addFeature(ModelFiles.feature(0))
                .addTree(TreeNode.split(0, 5,
                        TreeNode.split(0, 2, TreeNode.leaf(0, 0), TreeNode.leaf(1, 1)),
                        TreeNode.split(0, 9, TreeNode.leaf(0, 0), TreeNode.leaf(1, 1))))
                .toBytes();
        TinyModel m = TinyModel.parse(base);
        int refs = tableOffset(m, 2);
        int[][] edits = {{0, 0xFF, 0xFF}, {0, 3, 0}, {4, 0, 0}, {4, 7, 0}, {2, 1, 0}};
        for (int[] edit : edits) {
            byte[] f = base.clone();
            f[refs + edit[0]] = (byte) edit[1];
            f[refs + edit[0] + 1] = (byte) edit[2];
            ModelFiles.fixCrc(f);
            assertEquals(ModelFormatException.BAD_STRUCTURE, rejected(f).reason(), Arrays.toString(edit));
        }
    }

    @Test
    void a_tree_deeper_than_the_limit_is_rejected() throws Exception {
        // given a 33-deep chain, written by hand (the writer refuses it)
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
    }

    private static TreeNode deeper(int depth) {
        TreeNode n = TreeNode.leaf(0, 0);
        for (int i = 0; i < depth; i++) {
            n = TreeNode.split(0, 0, n, TreeNode.leaf(0, 0));
        }
        return n;
    }

    @Test
    void out_of_range_fields_name_their_reason_and_offset() throws Exception {
        TinyModel m = TinyModel.parse(VALID);
        int featureTable = ModelFormat.HEADER_SIZE;
        int leafClasses = tableOffset(m, 2) + 2 * m.nodeCount();
        Object[][] cases = {
            {ModelFormat.OFF_FEATURE_COUNT, 0, ModelFormatException.OUT_OF_RANGE},
            {ModelFormat.OFF_CLASS_COUNT, 0, ModelFormatException.OUT_OF_RANGE},
            {featureTable, 0, ModelFormatException.OUT_OF_RANGE},
            {featureTable + 16, VALID[featureTable], ModelFormatException.OUT_OF_RANGE},
            {featureTable + 3, 9, ModelFormatException.BAD_QUANTIZER},
            {featureTable + 5, 1, ModelFormatException.RESERVED_NONZERO},
            {tableOffset(m, 0), 0x3F, ModelFormatException.OUT_OF_RANGE},
            {leafClasses, 7, ModelFormatException.OUT_OF_RANGE},
            {ModelFormat.OFF_FLAGS, 1, ModelFormatException.RESERVED_NONZERO},
            {ModelFormat.OFF_VERSION_MAJOR, 2, ModelFormatException.UNSUPPORTED_VERSION},
            {0, (int) 'X', ModelFormatException.BAD_MAGIC},
        };
        for (Object[] c : cases) {
            byte[] f = VALID.clone();
            int at = (Integer) c[0];
            f[at] = (byte) ((Number) c[1]).intValue();
            ModelFiles.fixCrc(f);
            ModelFormatException e = rejected(f);
            assertEquals(c[2], e.reason(), "byte " + at + ": " + e.getMessage());
            assertEquals(at, e.offset(), e.getMessage());
        }
    }

    @Test
    void oversized_counts_and_lengths_are_rejected_before_any_table_is_read() {
        byte[] f = VALID.clone();
        TinyModelWriter.putU32(f, ModelFormat.OFF_FILE_LENGTH, 0xFFFFFFFFL);
        assertEquals(ModelFormatException.LIMIT_EXCEEDED, rejected(f).reason());
        f = VALID.clone();
        TinyModelWriter.putU32(f, ModelFormat.OFF_NODE_COUNT, 1L << 30);
        assertEquals(ModelFormatException.LIMIT_EXCEEDED, rejected(f).reason());
        f = VALID.clone();
        TinyModelWriter.putU16(f, ModelFormat.OFF_TREE_COUNT, 5000);
        assertEquals(ModelFormatException.LIMIT_EXCEEDED, rejected(f).reason());
    }
}
