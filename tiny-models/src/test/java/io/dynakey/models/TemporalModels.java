package io.dynakey.models;

import io.dynakey.models.HostileModels.Hostile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Format 1.2 test files: a valid file with a temporal section, files at every boundary of the
 * section's rules, and the section's hostile files, each with the reason and offset the reader
 * must report (docs/model-format.md, "Temporal section", step 10). {@code HostileInputTest}
 * checks the Java reader against them, {@code CReaderAgreementTest} checks that the C reader
 * agrees on every one. Test helper.
 */
public final class TemporalModels {

    /** The definitions of {@link #VALID}: every kind, a risk, the high share and a feature as sources. */
    public static final TemporalSpec SPEC = new TemporalSpec(700,
            new int[] {ModelFormat.TEMPORAL_CURRENT, ModelFormat.TEMPORAL_EWMA, ModelFormat.TEMPORAL_CUSUM,
                ModelFormat.TEMPORAL_COUNT_AT_LEAST, ModelFormat.TEMPORAL_SINCE_AT_LEAST, ModelFormat.TEMPORAL_INTERVAL},
            new int[] {ModelFormat.SOURCE_MEAN_RISK, ModelFormat.SOURCE_MAX_RISK, ModelFormat.SOURCE_HIGH_SHARE,
                ModelFormat.SOURCE_FEATURE_FIRST + 3, ModelFormat.SOURCE_MAX_RISK, 0},
            new int[] {0, 4, 200, 30000, 650, 0},
            new int[] {0, 0, 5000, 24, 0, 0});

    /** A second stage over the 6 temporal features of {@link #SPEC}: 2 trees, ids 112..117. */
    public static final byte[] STAGE = stage(41, SPEC.size(), SPEC.size(), 2);

    /** {@link HostileModels#VALID} (4 features) with {@link #SPEC} and {@link #STAGE}. */
    public static final byte[] VALID = with(HostileModels.VALID, SPEC, STAGE);

    /** Offset of the temporal section in {@link #VALID}. */
    public static final int OFF = HostileModels.VALID.length - ModelFormat.CRC_SIZE - ModelFormat.SIGNATURE_SIZE;

    /** Offset of the second stage in {@link #VALID}. */
    public static final int STAGE_OFF = OFF + ModelFormat.TEMPORAL_HEADER_SIZE + SPEC.size() * ModelFormat.TEMPORAL_DEF_SIZE;

    /** Offset of the CRC of {@link #VALID}. */
    public static final int CRC_OFF = STAGE_OFF + STAGE.length;

    private TemporalModels() {
    }

    /** A valid 1.0 second stage of {@code trees} random trees over {@code features} temporal ids (112.. in order). */
    static byte[] stage(long seed, int k, int features, int trees) {
        Random rnd = new Random(seed);
        TinyModelWriter w = new TinyModelWriter(seed, 1, 2).seed(seed).createdSeconds(1764000000L)
                .dataDigest(new byte[] {9});
        for (int i = 0; i < features; i++) {
            w.addFeature(new FeatureSpec(FeatureIds.TEMPORAL_FIRST + (i % k), FeatureUnits.COUNT, 0,
                    i % 2 == 0 ? QuantizerSpec.linear(0, 1, 0) : QuantizerSpec.log(0, 4)));
        }
        for (int t = 0; t < trees; t++) {
            w.addTree(ModelFiles.randomTree(rnd, 4, features, 2, 0.8));
        }
        return w.toBytes();
    }

    static byte[] with(byte[] file, TemporalSpec spec, byte[] stage) {
        try {
            return TinyModelWriter.withTemporal(file, spec, stage);
        } catch (ModelFormatException e) {
            throw new IllegalStateException("not a valid file", e);
        }
    }

    /**
     * {@link #VALID} with its section replaced by {@code k, reserved, high, stageLength} and the
     * given definitions and bytes after them: length field and CRC rewritten, any content.
     */
    static byte[] rawSection(int k, int reserved, int high, long stageLength, byte[] defsAndStage) {
        int size = OFF + ModelFormat.TEMPORAL_HEADER_SIZE + defsAndStage.length + ModelFormat.CRC_SIZE
                + ModelFormat.SIGNATURE_SIZE;
        byte[] f = Arrays.copyOf(VALID, size);
        Arrays.fill(f, OFF, size, (byte) 0);
        f[OFF] = (byte) k;
        f[OFF + 1] = (byte) reserved;
        TinyModelWriter.putU16(f, OFF + 2, high);
        TinyModelWriter.putU32(f, OFF + 4, stageLength);
        System.arraycopy(defsAndStage, 0, f, OFF + ModelFormat.TEMPORAL_HEADER_SIZE, defsAndStage.length);
        TinyModelWriter.putU32(f, ModelFormat.OFF_FILE_LENGTH, size);
        ModelFiles.fixCrc(f);
        return f;
    }

    /** {@link #VALID}'s definitions followed by {@code stage}, as a section with a matching length. */
    static byte[] withStage(byte[] stage) {
        byte[] body = Arrays.copyOfRange(VALID, OFF + ModelFormat.TEMPORAL_HEADER_SIZE, STAGE_OFF + stage.length);
        System.arraycopy(stage, 0, body, STAGE_OFF - OFF - ModelFormat.TEMPORAL_HEADER_SIZE, stage.length);
        return rawSection(SPEC.size(), 0, SPEC.highRowPermille(), stage.length, body);
    }

    /**
     * Valid 1.2 files at every boundary of the section's rules: K = 1 and 16, high-row threshold 1
     * and 1000, EWMA shifts 1 and 12, counts over 1 and 64 windows, CUSUM caps 1 and 65535 with
     * reference 65535, the last first-stage feature as a source, thresholds 0 and 65535, a second
     * stage reading only the last temporal feature, one leaf-only tree, both sections.
     */
    public static List<byte[]> boundaries() {
        byte[] v = HostileModels.VALID;
        int lastFeature = ModelFormat.SOURCE_FEATURE_FIRST + 3;
        List<byte[]> out = new ArrayList<>();
        out.add(with(v, new TemporalSpec(1, new int[] {6}, new int[] {0}, new int[] {0}, new int[] {0}), stage(1, 1, 1, 1)));
        int[] kinds = new int[16];
        int[] sources = new int[16];
        int[] p1 = new int[16];
        int[] p2 = new int[16];
        int[][] defs = {
            {2, 0, 1, 0}, {2, lastFeature, 12, 0}, {4, 1, 0, 1}, {4, 2, 65535, 64}, {3, 0, 65535, 1},
            {3, lastFeature, 0, 65535}, {5, 0, 0, 0}, {5, 1, 65535, 0}, {1, lastFeature, 0, 0}, {1, 2, 0, 0},
            {6, 0, 0, 0}, {1, ModelFormat.SOURCE_FEATURE_FIRST, 0, 0}, {2, 2, 7, 0}, {4, 0, 1000, 32},
            {3, 1, 999, 2}, {5, 2, 1, 0},
        };
        for (int k = 0; k < 16; k++) {
            kinds[k] = defs[k][0];
            sources[k] = defs[k][1];
            p1[k] = defs[k][2];
            p2[k] = defs[k][3];
        }
        out.add(with(v, new TemporalSpec(1000, kinds, sources, p1, p2), stage(2, 16, 16, 3)));
        // a stage that reads only the last of 16 temporal features, through a one-feature schema
        out.add(with(v, new TemporalSpec(500, kinds, sources, p1, p2), stageOf(FeatureIds.TEMPORAL_FIRST + 15, 3)));
        // a single-leaf stage
        TinyModelWriter w = new TinyModelWriter(5, 1, 2).addFeature(new FeatureSpec(FeatureIds.TEMPORAL_FIRST, 0, 0,
                QuantizerSpec.linear(0, 1, 0))).addTree(TreeNode.leaf(1, 200));
        out.add(with(v, SPEC, w.toBytes()));
        // both sections
        out.add(with(HostileModels.VALID_ROTATION, SPEC, STAGE));
        return out;
    }

    private static byte[] stageOf(int id, long seed) {
        Random rnd = new Random(seed);
        TinyModelWriter w = new TinyModelWriter(seed, 1, 2).addFeature(new FeatureSpec(id, 0, 0, QuantizerSpec.linear(0, 1, 0)));
        w.addTree(ModelFiles.randomTree(rnd, 3, 1, 2, 1.0));
        return w.toBytes();
    }

    /** Every hostile file of the temporal section. */
    public static List<Hostile> hostile() {
        List<Hostile> all = new ArrayList<>();
        all.addAll(truncations());
        all.addAll(bitFlips());
        all.addAll(flagDisagreements());
        all.addAll(headerFields());
        all.addAll(definitionFields());
        all.addAll(nestedFiles());
        return all;
    }

    /** {@link #VALID} cut anywhere inside or after its section: TRUNCATED at the cut (step 2). */
    public static List<Hostile> truncations() {
        List<Hostile> out = new ArrayList<>();
        for (int len = OFF; len < VALID.length; len++) {
            out.add(new Hostile("temporal file truncated to " + len, Arrays.copyOf(VALID, len),
                    ModelFormatException.TRUNCATED, len));
        }
        return out;
    }

    /**
     * Every single-bit flip in the section, second stage included (CRC not repaired): BAD_CRC at
     * the CRC, except in K and S, which set the length the counts give: LENGTH_MISMATCH at 8.
     */
    public static List<Hostile> bitFlips() {
        List<Hostile> out = new ArrayList<>();
        for (int bit = 0; bit < (CRC_OFF - OFF) * 8; bit++) {
            byte[] f = VALID.clone();
            int at = OFF + (bit >> 3);
            f[at] ^= (byte) (1 << (bit & 7));
            boolean sizeField = at == OFF + ModelFormat.TMP_OFF_COUNT
                    || (at >= OFF + ModelFormat.TMP_OFF_STAGE_LENGTH && at < OFF + ModelFormat.TEMPORAL_HEADER_SIZE);
            out.add(new Hostile("temporal section bit " + bit + " flipped", f,
                    sizeField ? ModelFormatException.LENGTH_MISMATCH : ModelFormatException.BAD_CRC,
                    sizeField ? ModelFormat.OFF_FILE_LENGTH : CRC_OFF));
        }
        return out;
    }

    /** The flag and the section disagreeing: LENGTH_MISMATCH at 8; an unknown flag bit beside it: RESERVED_NONZERO at 6. */
    public static List<Hostile> flagDisagreements() {
        List<Hostile> out = new ArrayList<>();
        byte[][] noSection = {HostileModels.VALID, HostileModels.VALID_ROTATION};
        for (byte[] base : noSection) {
            byte[] f = base.clone();
            TinyModelWriter.putU16(f, ModelFormat.OFF_FLAGS, (base[ModelFormat.OFF_FLAGS] & 0xFF) | ModelFormat.FLAG_TEMPORAL);
            ModelFiles.fixCrc(f);
            out.add(new Hostile("temporal flag, no section (" + base.length + " bytes)", f,
                    ModelFormatException.LENGTH_MISMATCH, ModelFormat.OFF_FILE_LENGTH));
        }
        byte[] f = VALID.clone();
        TinyModelWriter.putU16(f, ModelFormat.OFF_FLAGS, 0);
        ModelFiles.fixCrc(f);
        out.add(new Hostile("temporal section, flag cleared", f, ModelFormatException.LENGTH_MISMATCH, ModelFormat.OFF_FILE_LENGTH));
        f = VALID.clone();
        TinyModelWriter.putU16(f, ModelFormat.OFF_FLAGS, ModelFormat.FLAG_TEMPORAL | ModelFormat.FLAG_ROTATION_SCHEDULE);
        ModelFiles.fixCrc(f);
        out.add(new Hostile("temporal section, rotation flag without its section", f, ModelFormatException.LENGTH_MISMATCH,
                ModelFormat.OFF_FILE_LENGTH));
        f = VALID.clone();
        TinyModelWriter.putU16(f, ModelFormat.OFF_FLAGS, ModelFormat.FLAG_TEMPORAL | 0x0004);
        ModelFiles.fixCrc(f);
        out.add(new Hostile("temporal flag and bit 2", f, ModelFormatException.RESERVED_NONZERO, ModelFormat.OFF_FLAGS));
        // room for less than the section's 8-byte header: 7 bytes of section
        f = rawSection(0, 0, 0, 0, new byte[0]);
        f = Arrays.copyOf(f, f.length - 1);
        TinyModelWriter.putU32(f, ModelFormat.OFF_FILE_LENGTH, f.length);
        ModelFiles.fixCrc(f);
        out.add(new Hostile("temporal flag, 7 bytes of section", f, ModelFormatException.LENGTH_MISMATCH,
                ModelFormat.OFF_FILE_LENGTH));
        return out;
    }

    /** The section header's fields out of their rules, the lengths kept consistent (CRC repaired). */
    public static List<Hostile> headerFields() {
        byte[] body = Arrays.copyOfRange(VALID, OFF + ModelFormat.TEMPORAL_HEADER_SIZE, CRC_OFF);
        int k = SPEC.size();
        int high = SPEC.highRowPermille();
        List<Hostile> out = new ArrayList<>();
        // K = 0 / 17 with S moved so that the total length still matches
        out.add(new Hostile("temporal K 0", rawSection(0, 0, high, body.length, body), ModelFormatException.OUT_OF_RANGE, OFF));
        byte[] longer = Arrays.copyOf(body, body.length + 8 * (17 - k));
        out.add(new Hostile("temporal K 17", rawSection(17, 0, high, longer.length - 8 * 17, longer),
                ModelFormatException.LIMIT_EXCEEDED, OFF));
        longer = Arrays.copyOf(body, 8 * 255);
        out.add(new Hostile("temporal K 255", rawSection(255, 0, high, 0, longer), ModelFormatException.LIMIT_EXCEEDED, OFF));
        out.add(new Hostile("temporal K 7, S unchanged", rawSection(k + 1, 0, high, STAGE.length, body),
                ModelFormatException.LENGTH_MISMATCH, ModelFormat.OFF_FILE_LENGTH));
        out.add(new Hostile("temporal S + 1", rawSection(k, 0, high, STAGE.length + 1, body),
                ModelFormatException.LENGTH_MISMATCH, ModelFormat.OFF_FILE_LENGTH));
        out.add(new Hostile("temporal S - 1", rawSection(k, 0, high, STAGE.length - 1, body),
                ModelFormatException.LENGTH_MISMATCH, ModelFormat.OFF_FILE_LENGTH));
        out.add(new Hostile("temporal S 2^32-1", rawSection(k, 0, high, 0xFFFFFFFFL, body),
                ModelFormatException.LENGTH_MISMATCH, ModelFormat.OFF_FILE_LENGTH));
        for (int r : new int[] {1, 0x80, 0xFF}) {
            out.add(new Hostile("temporal reserved " + r, rawSection(k, r, high, STAGE.length, body),
                    ModelFormatException.RESERVED_NONZERO, OFF + 1));
        }
        // the reserved byte is checked before the threshold
        out.add(new Hostile("temporal reserved 1 and threshold 0", rawSection(k, 1, 0, STAGE.length, body),
                ModelFormatException.RESERVED_NONZERO, OFF + 1));
        for (int h : new int[] {0, 1001, 0xFFFF}) {
            out.add(new Hostile("temporal threshold " + h, rawSection(k, 0, h, STAGE.length, body),
                    ModelFormatException.OUT_OF_RANGE, OFF + 2));
        }
        // K = 0 is checked before the reserved byte and the threshold
        out.add(new Hostile("temporal K 0, reserved 1", rawSection(0, 1, 0, body.length, body),
                ModelFormatException.OUT_OF_RANGE, OFF));
        return out;
    }

    /** Each definition field out of its rules (CRC repaired): OUT_OF_RANGE at the definition, reserved bytes first. */
    public static List<Hostile> definitionFields() {
        int f = 4;
        // {definition index, kind, source, p1, p2, reserved, reason}
        int oor = ModelFormatException.OUT_OF_RANGE;
        int res = ModelFormatException.RESERVED_NONZERO;
        int[][] cases = {
            {0, 0, 0, 0, 0, 0, oor}, {0, 7, 0, 0, 0, 0, oor}, {0, 255, 0, 0, 0, 0, oor},
            {0, 1, 3, 0, 0, 0, oor}, {0, 1, 15, 0, 0, 0, oor}, {0, 1, 16 + f, 0, 0, 0, oor}, {0, 1, 255, 0, 0, 0, oor},
            {0, 1, 0, 1, 0, 0, oor}, {0, 1, 0, 0, 1, 0, oor},
            {1, 2, 1, 0, 0, 0, oor}, {1, 2, 1, 13, 0, 0, oor}, {1, 2, 1, 65535, 0, 0, oor}, {1, 2, 1, 4, 1, 0, oor},
            {2, 3, 2, 200, 0, 0, oor},
            {3, 4, 19, 30000, 0, 0, oor}, {3, 4, 19, 30000, 65, 0, oor}, {3, 4, 16 + f, 30000, 24, 0, oor},
            {4, 5, 1, 650, 1, 0, oor}, {4, 5, 1, 650, 65535, 0, oor},
            {5, 6, 1, 0, 0, 0, oor}, {5, 6, 16, 0, 0, 0, oor}, {5, 6, 0, 1, 0, 0, oor}, {5, 6, 0, 0, 1, 0, oor},
            {0, 1, 0, 0, 0, 1, res}, {5, 6, 0, 0, 0, 0x8000, res}, {2, 9, 99, 0, 0, 1, res},
        };
        List<Hostile> out = new ArrayList<>();
        for (int[] c : cases) {
            byte[] file = VALID.clone();
            int at = OFF + ModelFormat.TEMPORAL_HEADER_SIZE + c[0] * ModelFormat.TEMPORAL_DEF_SIZE;
            file[at] = (byte) c[1];
            file[at + 1] = (byte) c[2];
            TinyModelWriter.putU16(file, at + 2, c[3]);
            TinyModelWriter.putU16(file, at + 4, c[4]);
            TinyModelWriter.putU16(file, at + 6, c[5]);
            ModelFiles.fixCrc(file);
            out.add(new Hostile("temporal definition " + Arrays.toString(c), file, c[6], c[6] == res ? at + 6 : at));
        }
        return out;
    }

    /**
     * Second stages that are not a plain 1.0 file over the temporal features: cut short, too long,
     * its own errors (reported at their offset in the outer file), header flags, a non-zero
     * signature trailer, feature ids outside 112..112+K-1.
     */
    public static List<Hostile> nestedFiles() {
        List<Hostile> out = new ArrayList<>();
        int so = STAGE_OFF;
        for (int len = 0; len < STAGE.length; len += len < 80 ? 1 : 17) {
            out.add(new Hostile("second stage cut to " + len, withStage(Arrays.copyOf(STAGE, len)),
                    ModelFormatException.TRUNCATED, so + len));
        }
        out.add(new Hostile("second stage with a trailing byte", withStage(Arrays.copyOf(STAGE, STAGE.length + 1)),
                ModelFormatException.LENGTH_MISMATCH, so + STAGE.length));
        // the nested file's own header errors, at their offsets plus the stage's
        int[][] header = {
            {0, 'X', ModelFormatException.BAD_MAGIC, 0},
            {ModelFormat.OFF_VERSION_MAJOR, 2, ModelFormatException.UNSUPPORTED_VERSION, ModelFormat.OFF_VERSION_MAJOR},
            {ModelFormat.OFF_FLAGS, 1, ModelFormatException.RESERVED_NONZERO, ModelFormat.OFF_FLAGS},
            {ModelFormat.OFF_FLAGS, 2, ModelFormatException.RESERVED_NONZERO, ModelFormat.OFF_FLAGS},
            {ModelFormat.OFF_FLAGS + 1, 0x80, ModelFormatException.RESERVED_NONZERO, ModelFormat.OFF_FLAGS},
            {ModelFormat.OFF_FEATURE_COUNT, 0, ModelFormatException.OUT_OF_RANGE, ModelFormat.OFF_FEATURE_COUNT},
            {ModelFormat.OFF_TREE_COUNT, 0, ModelFormatException.OUT_OF_RANGE, ModelFormat.OFF_TREE_COUNT},
            {ModelFormat.HEADER_SIZE + 3, 9, ModelFormatException.BAD_QUANTIZER, ModelFormat.HEADER_SIZE + 3},
        };
        for (int[] c : header) {
            byte[] st = STAGE.clone();
            st[c[0]] = (byte) c[1];
            ModelFiles.fixCrc(st);
            out.add(new Hostile("second stage byte " + c[0] + " set to " + c[1], withStage(st), c[2], so + c[3]));
        }
        // nested CRC wrong (the outer CRC repaired): BAD_CRC at the nested CRC
        byte[] st = STAGE.clone();
        st[ModelFormat.HEADER_SIZE + 16 * SPEC.size() + 2] ^= 1;
        out.add(new Hostile("second stage CRC wrong", withStage(st), ModelFormatException.BAD_CRC,
                so + STAGE.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE));
        // a second stage that is itself a 1.1 or a 1.2 file (a nested second stage): refused at its flags
        out.add(new Hostile("second stage with a rotation schedule", withStage(stageWith(HostileModels.SCHEDULE)),
                ModelFormatException.RESERVED_NONZERO, so + ModelFormat.OFF_FLAGS));
        byte[] nested = with(STAGE, SPEC, STAGE);
        out.add(new Hostile("second stage with a temporal section of its own", withStage(nested),
                ModelFormatException.RESERVED_NONZERO, so + ModelFormat.OFF_FLAGS));
        // signature trailer not zero
        for (int i : new int[] {0, 31, 63}) {
            st = STAGE.clone();
            st[st.length - ModelFormat.SIGNATURE_SIZE + i] = 1;
            out.add(new Hostile("second stage trailer byte " + i, withStage(st), ModelFormatException.RESERVED_NONZERO,
                    so + STAGE.length - ModelFormat.SIGNATURE_SIZE + i));
        }
        // feature ids outside the temporal range, at the offending record
        int[][] ids = {{0, 111}, {0, 112 + SPEC.size()}, {3, 127}, {5, 128}, {5, 1}, {1, 255}};
        for (int[] c : ids) {
            st = STAGE.clone();
            st[ModelFormat.HEADER_SIZE + 16 * c[0]] = (byte) c[1];
            ModelFiles.fixCrc(st);
            out.add(new Hostile("second stage feature " + c[0] + " id " + c[1], withStage(st),
                    ModelFormatException.OUT_OF_RANGE, so + ModelFormat.HEADER_SIZE + 16 * c[0]));
        }
        // one more feature than temporal features: the seventh record's id is 112 + 6
        out.add(new Hostile("second stage with K+1 features", withStage(stage(43, SPEC.size() + 1, SPEC.size() + 1, 2)),
                ModelFormatException.OUT_OF_RANGE, so + ModelFormat.HEADER_SIZE + 16 * SPEC.size()));
        // a nested tree error: its offset inside the outer file
        st = STAGE.clone();
        int stageFlags = ModelFormat.HEADER_SIZE + 16 * SPEC.size() + 2 * 2;
        st[stageFlags] = (byte) 0x3F;
        ModelFiles.fixCrc(st);
        out.add(new Hostile("second stage node feature 63", withStage(st), ModelFormatException.OUT_OF_RANGE, so + stageFlags));
        return out;
    }

    private static byte[] stageWith(RotationScheduleSpec schedule) {
        try {
            return TinyModelWriter.withRotationSchedule(STAGE, schedule);
        } catch (ModelFormatException e) {
            throw new IllegalStateException(e);
        }
    }
}
