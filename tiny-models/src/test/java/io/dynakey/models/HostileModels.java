package io.dynakey.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hand-made hostile model files of the reader's tests, each with the reason (and, where the
 * spec fixes it, the offset) the reader must report. One home for them: {@code HostileInputTest}
 * checks the Java reader against them, {@code CReaderAgreementTest} checks that the C reader
 * agrees with the Java reader on every one.
 */
public final class HostileModels {

    /** A valid 3-tree, 4-feature, 3-class model that the hostile files are made from. */
    public static final byte[] VALID = ModelFiles.randomModel(11, 3, 5, 4, 3);

    /** The schedule of {@link #VALID_ROTATION}: 3 bands on the window's maximum, every slot kind used. */
    public static final RotationScheduleSpec SCHEDULE = new RotationScheduleSpec(250, new int[] {300, 700},
            new long[] {36 * 3600, 4 * 3600, 3600}, true);

    /** {@link #VALID} with the rotation schedule section (format 1.1) that the section's hostile files are made from. */
    public static final byte[] VALID_ROTATION = withSchedule(VALID, SCHEDULE);

    /** Offset of the rotation schedule section in {@link #VALID_ROTATION}. */
    public static final int ROTATION_OFF = VALID_ROTATION.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE
            - ModelFormat.ROTATION_SECTION_SIZE;

    static byte[] withSchedule(byte[] file, RotationScheduleSpec schedule) {
        try {
            return TinyModelWriter.withRotationSchedule(file, schedule);
        } catch (ModelFormatException e) {
            throw new IllegalStateException("not a valid file", e);
        }
    }

    /** Any offset: the test asserts the reason only. */
    public static final long ANY_OFFSET = -1;

    /** Any reason: the file must be rejected, for whatever reason the reader finds first. */
    public static final int ANY_REASON = -1;

    /** A hostile file, what was done to it, and what the reader must say. */
    public static final class Hostile {
        /** What was done to the valid file. */
        public final String name;
        /** The hostile bytes (never modified by the tests). */
        public final byte[] file;
        /** The reason code of {@link ModelFormatException}, or {@link #ANY_REASON}. */
        public final int reason;
        /** The byte offset, or {@link #ANY_OFFSET}. */
        public final long offset;

        Hostile(String name, byte[] file, int reason, long offset) {
            this.name = name;
            this.file = file;
            this.reason = reason;
            this.offset = offset;
        }
    }

    private HostileModels() {
    }

    /** Every hostile file below, in one list. */
    public static List<Hostile> all() {
        List<Hostile> all = new ArrayList<>();
        all.addAll(truncations());
        all.add(trailingByte());
        all.addAll(signedRegionBitFlips());
        all.add(backwardReference());
        all.addAll(badReferences());
        all.addAll(outOfRangeFields());
        all.addAll(oversizedCounts());
        all.add(tooDeep());
        all.addAll(rotationHostile());
        all.addAll(TemporalModels.hostile());
        return all;
    }

    /** Every hostile file of the rotation schedule section (format 1.1). */
    public static List<Hostile> rotationHostile() {
        List<Hostile> all = new ArrayList<>();
        all.addAll(rotationTruncations());
        all.addAll(rotationSectionBitFlips());
        all.addAll(rotationFlagWithoutSection());
        all.addAll(rotationFields());
        return all;
    }

    /**
     * Valid 1.1 files at every boundary of the section's rules (which a reader must accept): one
     * band, eight bands, edges 1 and 1000, smoothing 1 and 1000, a band age equal to the calendar,
     * band ages of 0 s, a calendar of 1 s and of 366 days, both window reductions.
     */
    public static List<byte[]> rotationBoundaries() {
        long max = ModelFormat.MAX_ROTATION_AGE_SECONDS;
        RotationScheduleSpec[] specs = {
            new RotationScheduleSpec(1, new int[0], new long[] {1}, false),
            new RotationScheduleSpec(1000, new int[0], new long[] {max}, true),
            new RotationScheduleSpec(500, new int[] {1}, new long[] {3600, 3600}, false),
            new RotationScheduleSpec(500, new int[] {1000}, new long[] {max, max}, true),
            new RotationScheduleSpec(999, new int[] {1, 2, 3, 4, 5, 6, 1000}, new long[] {max, max, 0, 0, 1, 1, max, 0}, false),
            new RotationScheduleSpec(2, new int[] {499, 500}, new long[] {1, 1, 0}, true),
        };
        List<byte[]> out = new ArrayList<>();
        for (RotationScheduleSpec spec : specs) {
            out.add(withSchedule(VALID, spec));
        }
        return out;
    }

    /** {@link #VALID_ROTATION} cut inside or right after its section: TRUNCATED at the cut. */
    public static List<Hostile> rotationTruncations() {
        List<Hostile> out = new ArrayList<>();
        for (int len = ROTATION_OFF; len < ROTATION_OFF + ModelFormat.ROTATION_SECTION_SIZE + ModelFormat.CRC_SIZE; len++) {
            out.add(new Hostile("rotation file truncated to " + len, Arrays.copyOf(VALID_ROTATION, len),
                    ModelFormatException.TRUNCATED, len));
        }
        return out;
    }

    /** Every single-bit flip in the section of {@link #VALID_ROTATION} (CRC not repaired). */
    public static List<Hostile> rotationSectionBitFlips() {
        List<Hostile> out = new ArrayList<>();
        for (int bit = 0; bit < ModelFormat.ROTATION_SECTION_SIZE * 8; bit++) {
            byte[] f = VALID_ROTATION.clone();
            f[ROTATION_OFF + (bit >> 3)] ^= (byte) (1 << (bit & 7));
            out.add(new Hostile("section bit " + bit + " flipped", f, ModelFormatException.BAD_CRC,
                    ROTATION_OFF + ModelFormat.ROTATION_SECTION_SIZE));
        }
        return out;
    }

    /**
     * The flag without the section (a 1.0 file with bit 0 set) and the section without the flag:
     * the counts and the length disagree, LENGTH_MISMATCH at the length field; an unknown flag
     * bit: RESERVED_NONZERO.
     */
    public static List<Hostile> rotationFlagWithoutSection() {
        List<Hostile> out = new ArrayList<>();
        byte[] f = VALID.clone();
        TinyModelWriter.putU16(f, ModelFormat.OFF_FLAGS, ModelFormat.FLAG_ROTATION_SCHEDULE);
        ModelFiles.fixCrc(f);
        out.add(new Hostile("rotation flag, no section", f, ModelFormatException.LENGTH_MISMATCH, ModelFormat.OFF_FILE_LENGTH));
        f = VALID_ROTATION.clone();
        TinyModelWriter.putU16(f, ModelFormat.OFF_FLAGS, 0);
        ModelFiles.fixCrc(f);
        out.add(new Hostile("rotation section, flag cleared", f, ModelFormatException.LENGTH_MISMATCH,
                ModelFormat.OFF_FILE_LENGTH));
        f = VALID_ROTATION.clone();
        TinyModelWriter.putU16(f, ModelFormat.OFF_FLAGS, ModelFormat.FLAG_ROTATION_SCHEDULE | 0x8000);
        ModelFiles.fixCrc(f);
        out.add(new Hostile("rotation flag and bit 15", f, ModelFormatException.RESERVED_NONZERO, ModelFormat.OFF_FLAGS));
        return out;
    }

    /** One section field of {@link #VALID_ROTATION} set out of its rules (CRC repaired): the field's reason and offset. */
    public static List<Hostile> rotationFields() {
        int s = ROTATION_OFF;
        int edges = s + ModelFormat.ROT_OFF_EDGES;
        int ages = s + ModelFormat.ROT_OFF_AGES;
        long limit = ModelFormat.MAX_ROTATION_AGE_SECONDS;
        // {offset, width in bytes, value, reason}
        long[][] cases = {
            {s + ModelFormat.ROT_OFF_BANDS, 1, 0, ModelFormatException.OUT_OF_RANGE},
            {s + ModelFormat.ROT_OFF_BANDS, 1, 9, ModelFormatException.LIMIT_EXCEEDED},
            {s + ModelFormat.ROT_OFF_BANDS, 1, 255, ModelFormatException.LIMIT_EXCEEDED},
            {s + ModelFormat.ROT_OFF_WINDOW, 1, 2, ModelFormatException.OUT_OF_RANGE},
            {s + ModelFormat.ROT_OFF_SMOOTHING, 2, 0, ModelFormatException.OUT_OF_RANGE},
            {s + ModelFormat.ROT_OFF_SMOOTHING, 2, 1001, ModelFormatException.OUT_OF_RANGE},
            {edges, 2, 0, ModelFormatException.OUT_OF_RANGE},
            {edges, 2, 1001, ModelFormatException.OUT_OF_RANGE},
            {edges + 2, 2, 300, ModelFormatException.OUT_OF_RANGE},
            {edges + 2, 2, 299, ModelFormatException.OUT_OF_RANGE},
            {edges + 4, 2, 800, ModelFormatException.RESERVED_NONZERO},
            {edges + 12, 2, 1, ModelFormatException.RESERVED_NONZERO},
            {ages, 4, 0, ModelFormatException.OUT_OF_RANGE},
            {ages, 4, limit + 1, ModelFormatException.LIMIT_EXCEEDED},
            {ages, 4, 0xFFFFFFFFL, ModelFormatException.LIMIT_EXCEEDED},
            {ages + 4, 4, 36 * 3600 + 1, ModelFormatException.OUT_OF_RANGE},
            {ages + 8, 4, limit + 1, ModelFormatException.LIMIT_EXCEEDED},
            {ages + 12, 4, 60, ModelFormatException.RESERVED_NONZERO},
            {ages + 28, 4, 1, ModelFormatException.RESERVED_NONZERO},
        };
        List<Hostile> out = new ArrayList<>();
        for (long[] c : cases) {
            byte[] f = VALID_ROTATION.clone();
            int at = (int) c[0];
            if (c[1] == 1) {
                f[at] = (byte) c[2];
            } else if (c[1] == 2) {
                TinyModelWriter.putU16(f, at, (int) c[2]);
            } else {
                TinyModelWriter.putU32(f, at, c[2]);
            }
            ModelFiles.fixCrc(f);
            out.add(new Hostile("section byte " + (at - s) + " set to " + c[2], f, (int) c[3], at));
        }
        // two bands where three were written: the third edge and age slots are no longer zero
        byte[] f = VALID_ROTATION.clone();
        f[s + ModelFormat.ROT_OFF_BANDS] = 2;
        ModelFiles.fixCrc(f);
        out.add(new Hostile("3-band section declaring 2 bands", f, ModelFormatException.RESERVED_NONZERO, edges + 2));
        return out;
    }

    /** Every proper prefix of {@link #VALID}: TRUNCATED at the prefix's length. */
    public static List<Hostile> truncations() {
        List<Hostile> out = new ArrayList<>();
        for (int len = 0; len < VALID.length; len++) {
            out.add(new Hostile("truncated to " + len, Arrays.copyOf(VALID, len), ModelFormatException.TRUNCATED, len));
        }
        return out;
    }

    /** {@link #VALID} with one byte appended. */
    public static Hostile trailingByte() {
        return new Hostile("one trailing byte", Arrays.copyOf(VALID, VALID.length + 1),
                ModelFormatException.LENGTH_MISMATCH, ANY_OFFSET);
    }

    /** Every single-bit flip in the signed region of {@link #VALID} (CRC not repaired). */
    public static List<Hostile> signedRegionBitFlips() {
        int signed = VALID.length - ModelFormat.SIGNATURE_SIZE;
        List<Hostile> out = new ArrayList<>();
        for (int bit = 0; bit < signed * 8; bit++) {
            byte[] f = VALID.clone();
            f[bit >> 3] ^= (byte) (1 << (bit & 7));
            out.add(new Hostile("bit " + bit + " flipped", f, ANY_REASON, ANY_OFFSET));
        }
        return out;
    }

    /** A depth-2 tree: root, a left and a right split, four leaves; its node tables are at {@link #nodeTableOffset}. */
    static byte[] depthTwoTree() {
        return new TinyModelWriter(1, 1, 2).addFeature(ModelFiles.feature(0))
                .addTree(TreeNode.split(0, 5,
                        TreeNode.split(0, 2, TreeNode.leaf(0, 0), TreeNode.leaf(1, 1)),
                        TreeNode.split(0, 9, TreeNode.leaf(0, 0), TreeNode.leaf(1, 1))))
                .toBytes();
    }

    /** Offset of node table k (0 flags, 1 thresholds, 2 references) of a valid file. */
    static int nodeTableOffset(byte[] valid, int k) {
        try {
            TinyModel m = TinyModel.parse(valid);
            int flags = ModelFormat.HEADER_SIZE + m.featureCount() * ModelFormat.FEATURE_RECORD_SIZE
                    + m.treeCount() * ModelFormat.TREE_RECORD_SIZE;
            return k == 0 ? flags : k == 1 ? flags + m.nodeCount() : flags + 3 * m.nodeCount();
        } catch (ModelFormatException e) {
            throw new IllegalStateException("not a valid file", e);
        }
    }

    /** Offset of the leaf class table of a valid file. */
    static int leafClassOffset(byte[] valid) {
        return nodeTableOffset(valid, 2) + 2 * (nodeTableOffset(valid, 1) - nodeTableOffset(valid, 0));
    }

    /** {@link #depthTwoTree} with the root's right reference bent back to the root: a cycle. */
    public static Hostile backwardReference() {
        byte[] f = depthTwoTree();
        int refs = nodeTableOffset(f, 2);
        f[refs] = 0;
        ModelFiles.fixCrc(f);
        return new Hostile("right reference back to the root", f, ModelFormatException.BAD_STRUCTURE, refs);
    }

    /** {@link #depthTwoTree} with references out of range, skipping or sharing nodes and leaves. */
    public static List<Hostile> badReferences() {
        byte[] base = depthTwoTree();
        int refs = nodeTableOffset(base, 2);
        int[][] edits = {{0, 0xFF, 0xFF}, {0, 3, 0}, {4, 0, 0}, {4, 7, 0}, {2, 1, 0}};
        List<Hostile> out = new ArrayList<>();
        for (int[] edit : edits) {
            byte[] f = base.clone();
            f[refs + edit[0]] = (byte) edit[1];
            f[refs + edit[0] + 1] = (byte) edit[2];
            ModelFiles.fixCrc(f);
            out.add(new Hostile("reference edit " + Arrays.toString(edit), f, ModelFormatException.BAD_STRUCTURE,
                    ANY_OFFSET));
        }
        return out;
    }

    /** One field of {@link #VALID} set out of its range (CRC repaired): the field's reason and offset. */
    public static List<Hostile> outOfRangeFields() {
        int flags = nodeTableOffset(VALID, 0);
        int leafClasses = leafClassOffset(VALID);
        int featureTable = ModelFormat.HEADER_SIZE;
        int[][] cases = {
            {ModelFormat.OFF_FEATURE_COUNT, 0, ModelFormatException.OUT_OF_RANGE},
            {ModelFormat.OFF_CLASS_COUNT, 0, ModelFormatException.OUT_OF_RANGE},
            {featureTable, 0, ModelFormatException.OUT_OF_RANGE},
            {featureTable + 16, VALID[featureTable], ModelFormatException.OUT_OF_RANGE},
            {featureTable + 3, 9, ModelFormatException.BAD_QUANTIZER},
            {featureTable + 5, 1, ModelFormatException.RESERVED_NONZERO},
            {flags, 0x3F, ModelFormatException.OUT_OF_RANGE},
            {leafClasses, 7, ModelFormatException.OUT_OF_RANGE},
            {ModelFormat.OFF_FLAGS, 4, ModelFormatException.RESERVED_NONZERO},
            {ModelFormat.OFF_FLAGS, 0x80, ModelFormatException.RESERVED_NONZERO},
            {ModelFormat.OFF_VERSION_MAJOR, 2, ModelFormatException.UNSUPPORTED_VERSION},
            {0, 'X', ModelFormatException.BAD_MAGIC},
        };
        List<Hostile> out = new ArrayList<>();
        for (int[] c : cases) {
            byte[] f = VALID.clone();
            f[c[0]] = (byte) c[1];
            ModelFiles.fixCrc(f);
            out.add(new Hostile("byte " + c[0] + " set to " + c[1], f, c[2], c[0]));
        }
        return out;
    }

    /** A file length, node count or tree count beyond the limits: LIMIT_EXCEEDED before any table is read. */
    public static List<Hostile> oversizedCounts() {
        List<Hostile> out = new ArrayList<>();
        byte[] f = VALID.clone();
        TinyModelWriter.putU32(f, ModelFormat.OFF_FILE_LENGTH, 0xFFFFFFFFL);
        out.add(new Hostile("file length 2^32-1", f, ModelFormatException.LIMIT_EXCEEDED, ANY_OFFSET));
        f = VALID.clone();
        TinyModelWriter.putU32(f, ModelFormat.OFF_NODE_COUNT, 1L << 30);
        out.add(new Hostile("node count 2^30", f, ModelFormatException.LIMIT_EXCEEDED, ANY_OFFSET));
        f = VALID.clone();
        TinyModelWriter.putU16(f, ModelFormat.OFF_TREE_COUNT, 5000);
        out.add(new Hostile("tree count 5000", f, ModelFormatException.LIMIT_EXCEEDED, ANY_OFFSET));
        return out;
    }

    /**
     * A chain of 33 internal nodes, each with a leaf on the left, written by hand (the writer
     * refuses it): TOO_DEEP at the flags byte of the 33rd node.
     */
    public static Hostile tooDeep() {
        int n = ModelFormat.MAX_DEPTH + 1;
        int leaves = n + 1;
        int flags = ModelFormat.HEADER_SIZE + 16 + 2;
        int len = flags + 5 * n + 2 * leaves + ModelFormat.CRC_SIZE + ModelFormat.SIGNATURE_SIZE;
        byte[] f = new byte[len];
        byte[] valid = depthTwoTree();
        System.arraycopy(valid, 0, f, 0, ModelFormat.HEADER_SIZE + 16);
        TinyModelWriter.putU32(f, ModelFormat.OFF_FILE_LENGTH, len);
        TinyModelWriter.putU32(f, ModelFormat.OFF_NODE_COUNT, n);
        TinyModelWriter.putU32(f, ModelFormat.OFF_LEAF_COUNT, leaves);
        TinyModelWriter.putU16(f, ModelFormat.HEADER_SIZE + 16, n);
        for (int i = 0; i < n; i++) {
            boolean last = i == n - 1;
            f[flags + i] = (byte) (ModelFormat.FLAG_LEFT_LEAF | (last ? ModelFormat.FLAG_RIGHT_LEAF : 0));
            TinyModelWriter.putU16(f, flags + n + 2 * i, i);
            TinyModelWriter.putU16(f, flags + 3 * n + 2 * i, i);
        }
        ModelFiles.fixCrc(f);
        return new Hostile("a chain of 33 nodes", f, ModelFormatException.TOO_DEEP, flags + n - 1);
    }
}
