package io.dynakey.models;

import java.util.ArrayList;
import java.util.List;

/**
 * Host-side writer of tiny-model files. Collect the header fields, the feature schema and the
 * trees, then {@link #toBytes()} gives the file with a zeroed signature trailer; sign
 * {@code [0, signedLength)} with Ed25519 and {@link #attachSignature} the 64-byte result.
 * Not thread-safe. Misuse (limits, ranges) throws {@link IllegalArgumentException}.
 */
public final class TinyModelWriter {

    private final long modelId;
    private final long modelVersion;
    private final int classCount;
    private long seed;
    private long createdSeconds;
    private final byte[] dataDigest = new byte[ModelFormat.DATA_DIGEST_SIZE];
    private final List<FeatureSpec> features = new ArrayList<FeatureSpec>();
    private final List<TreeNode> trees = new ArrayList<TreeNode>();
    private RotationScheduleSpec rotation;

    /**
     * @param modelId model id, 0..2^32-1
     * @param modelVersion model version, 0..2^32-1 (a device accepts only increasing versions)
     * @param classCount number of classes, 1..255; class index k is Tribuo's output id k
     */
    public TinyModelWriter(long modelId, long modelVersion, int classCount) {
        checkU32(modelId, "model id");
        checkU32(modelVersion, "model version");
        if (classCount < 1 || classCount > ModelFormat.MAX_CLASSES) {
            throw new IllegalArgumentException("class count out of range: " + classCount);
        }
        this.modelId = modelId;
        this.modelVersion = modelVersion;
        this.classCount = classCount;
    }

    /** Training seed (provenance). */
    public TinyModelWriter seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Creation time in seconds since the Unix epoch (provenance). */
    public TinyModelWriter createdSeconds(long createdSeconds) {
        this.createdSeconds = createdSeconds;
        return this;
    }

    /** Up to 16 opaque bytes naming the training data, e.g. a truncated SHA-256 (provenance). */
    public TinyModelWriter dataDigest(byte[] digest) {
        if (digest.length > ModelFormat.DATA_DIGEST_SIZE) {
            throw new IllegalArgumentException("data digest longer than 16 bytes");
        }
        for (int i = 0; i < dataDigest.length; i++) {
            dataDigest[i] = i < digest.length ? digest[i] : 0;
        }
        return this;
    }

    /** Appends a feature; its index is the number of features added before it. */
    public TinyModelWriter addFeature(FeatureSpec feature) {
        if (features.size() >= ModelFormat.MAX_FEATURES) {
            throw new IllegalArgumentException("more than " + ModelFormat.MAX_FEATURES + " features");
        }
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).id() == feature.id()) {
                throw new IllegalArgumentException("duplicate feature id " + feature.id());
            }
        }
        features.add(feature);
        return this;
    }

    /** Appends a tree; forests vote in tree order only for risk, never for tie-breaking. */
    public TinyModelWriter addTree(TreeNode root) {
        if (trees.size() >= ModelFormat.MAX_TREES) {
            throw new IllegalArgumentException("more than " + ModelFormat.MAX_TREES + " trees");
        }
        if (root.depth() > ModelFormat.MAX_DEPTH) {
            throw new IllegalArgumentException("tree deeper than " + ModelFormat.MAX_DEPTH);
        }
        if (root.internalCount() > ModelFormat.MAX_NODES_PER_TREE) {
            throw new IllegalArgumentException("tree has more than " + ModelFormat.MAX_NODES_PER_TREE + " nodes");
        }
        trees.add(root);
        return this;
    }

    /**
     * Carries a rotation schedule in the file (format 1.1: header flag
     * {@link ModelFormat#FLAG_ROTATION_SCHEDULE}, minor version 1); null leaves it out (a 1.0 file).
     */
    public TinyModelWriter rotationSchedule(RotationScheduleSpec schedule) {
        this.rotation = schedule;
        return this;
    }

    /**
     * A copy of a valid model file with its rotation schedule set to {@code schedule} (added, or
     * replaced if the file has one): the trees are untouched, the header's flag, minor version and
     * length, and the CRC are rewritten, and the signature trailer is zeroed (sign the copy again).
     *
     * @throws ModelFormatException if {@code file} is not a valid model file
     * @throws IllegalArgumentException if the result would exceed the file size limit
     */
    public static byte[] withRotationSchedule(byte[] file, RotationScheduleSpec schedule) throws ModelFormatException {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is required");
        }
        TinyModel m = TinyModel.parse(file);
        if (m.hasTemporal()) {
            // the temporal section follows the schedule: set the schedule on the file without it, then put it back
            return withTemporal(withRotationSchedule(withoutTemporal(file), schedule), TemporalSpec.of(m),
                    secondStageBytes(m));
        }
        int tables = m.fileLength() - ModelFormat.CRC_SIZE - ModelFormat.SIGNATURE_SIZE
                - (m.hasRotationSchedule() ? ModelFormat.ROTATION_SECTION_SIZE : 0);
        int size = tables + ModelFormat.ROTATION_SECTION_SIZE + ModelFormat.CRC_SIZE + ModelFormat.SIGNATURE_SIZE;
        if (size > ModelFormat.MAX_FILE_SIZE) {
            throw new IllegalArgumentException("file larger than " + ModelFormat.MAX_FILE_SIZE + " bytes");
        }
        byte[] out = new byte[size];
        System.arraycopy(file, 0, out, 0, tables);
        out[ModelFormat.OFF_VERSION_MINOR] = (byte) ModelFormat.VERSION_MINOR_ROTATION;
        putU16(out, ModelFormat.OFF_FLAGS, ModelFormat.FLAG_ROTATION_SCHEDULE);
        putU32(out, ModelFormat.OFF_FILE_LENGTH, size);
        schedule.write(out, tables);
        int crcOff = tables + ModelFormat.ROTATION_SECTION_SIZE;
        putU32(out, crcOff, Crc32.compute(out, 0, crcOff) & 0xFFFFFFFFL);
        return out;
    }

    /**
     * A copy of a valid model file with its temporal section set (added, or replaced if the file
     * has one; format 1.2: header flag {@link ModelFormat#FLAG_TEMPORAL}, minor version 2): the
     * first stage and a rotation schedule, if any, are untouched; the header's flag, minor version
     * and length and the CRC are rewritten, and the signature trailer is zeroed (sign the copy).
     *
     * @param secondStage a valid format 1.0 file over temporal feature ids only
     *     ({@code FeatureIds.TEMPORAL_FIRST + k}, {@code k < spec.size()}); its signature trailer is
     *     zeroed in the copy, since the outer signature covers it
     * @throws ModelFormatException if {@code file} is not valid, or the result is not (e.g. a
     *     second stage that reads a feature the spec does not define)
     * @throws IllegalArgumentException if the result would exceed the file size limit
     */
    public static byte[] withTemporal(byte[] file, TemporalSpec spec, byte[] secondStage) throws ModelFormatException {
        if (spec == null || secondStage == null) {
            throw new IllegalArgumentException("spec and second stage are required");
        }
        TinyModel m = TinyModel.parse(file);
        TinyModel.parse(secondStage);
        int kept = m.fileLength() - ModelFormat.CRC_SIZE - ModelFormat.SIGNATURE_SIZE
                - (m.hasTemporal() ? temporalSectionSize(m.temporalFeatureCount(), m.secondStage().fileLength()) : 0);
        long size = (long) kept + temporalSectionSize(spec.size(), secondStage.length)
                + ModelFormat.CRC_SIZE + ModelFormat.SIGNATURE_SIZE;
        if (size > ModelFormat.MAX_FILE_SIZE) {
            throw new IllegalArgumentException("file larger than " + ModelFormat.MAX_FILE_SIZE + " bytes");
        }
        byte[] out = new byte[(int) size];
        System.arraycopy(file, 0, out, 0, kept);
        out[ModelFormat.OFF_VERSION_MINOR] = (byte) ModelFormat.VERSION_MINOR_TEMPORAL;
        int flags = (m.hasRotationSchedule() ? ModelFormat.FLAG_ROTATION_SCHEDULE : 0) | ModelFormat.FLAG_TEMPORAL;
        putU16(out, ModelFormat.OFF_FLAGS, flags);
        putU32(out, ModelFormat.OFF_FILE_LENGTH, size);
        int p = kept;
        out[p + ModelFormat.TMP_OFF_COUNT] = (byte) spec.size();
        out[p + ModelFormat.TMP_OFF_RESERVED] = 0;
        putU16(out, p + ModelFormat.TMP_OFF_HIGH_ROW, spec.highRowPermille());
        putU32(out, p + ModelFormat.TMP_OFF_STAGE_LENGTH, secondStage.length);
        spec.writeDefinitions(out, p + ModelFormat.TEMPORAL_HEADER_SIZE);
        int stageOff = p + ModelFormat.TEMPORAL_HEADER_SIZE + spec.definitionBytes();
        System.arraycopy(secondStage, 0, out, stageOff, secondStage.length - ModelFormat.SIGNATURE_SIZE);
        int crcOff = stageOff + secondStage.length;
        putU32(out, crcOff, Crc32.compute(out, 0, crcOff) & 0xFFFFFFFFL);
        TinyModel.parse(out);
        return out;
    }

    /**
     * A copy of a valid model file without its temporal section (a 1.0 or 1.1 file); the
     * signature trailer is zeroed. A file without the section is copied unchanged but unsigned.
     *
     * @throws ModelFormatException if {@code file} is not a valid model file
     */
    public static byte[] withoutTemporal(byte[] file) throws ModelFormatException {
        TinyModel m = TinyModel.parse(file);
        int kept = m.fileLength() - ModelFormat.CRC_SIZE - ModelFormat.SIGNATURE_SIZE
                - (m.hasTemporal() ? temporalSectionSize(m.temporalFeatureCount(), m.secondStage().fileLength()) : 0);
        int size = kept + ModelFormat.CRC_SIZE + ModelFormat.SIGNATURE_SIZE;
        byte[] out = new byte[size];
        System.arraycopy(file, 0, out, 0, kept);
        out[ModelFormat.OFF_VERSION_MINOR] = (byte) (m.hasRotationSchedule() ? ModelFormat.VERSION_MINOR_ROTATION
                : ModelFormat.VERSION_MINOR);
        putU16(out, ModelFormat.OFF_FLAGS, m.hasRotationSchedule() ? ModelFormat.FLAG_ROTATION_SCHEDULE : 0);
        putU32(out, ModelFormat.OFF_FILE_LENGTH, size);
        putU32(out, kept, Crc32.compute(out, 0, kept) & 0xFFFFFFFFL);
        return out;
    }

    /** @return a copy of the second stage's bytes as a stand-alone file (its signature trailer zero) */
    public static byte[] secondStageBytes(TinyModel model) {
        TinyModel stage = model.secondStage();
        byte[] out = new byte[stage.fileLength()];
        System.arraycopy(stage.buffer(), stage.signedOffset(), out, 0, out.length);
        return out;
    }

    private static int temporalSectionSize(int features, int stageLength) {
        return ModelFormat.TEMPORAL_HEADER_SIZE + features * ModelFormat.TEMPORAL_DEF_SIZE + stageLength;
    }

    /** @return the file, signature trailer zeroed; throws IllegalArgumentException when incomplete */
    public byte[] toBytes() {
        int f = features.size();
        int t = trees.size();
        if (f == 0 || t == 0) {
            throw new IllegalArgumentException("a model needs at least one feature and one tree");
        }
        int n = 0;
        for (int i = 0; i < t; i++) {
            checkTree(trees.get(i), f);
            n += trees.get(i).internalCount();
        }
        if (n > ModelFormat.MAX_NODES) {
            throw new IllegalArgumentException("more than " + ModelFormat.MAX_NODES + " nodes");
        }
        int leaves = n + t;
        long size = (long) ModelFormat.HEADER_SIZE + (long) f * ModelFormat.FEATURE_RECORD_SIZE
                + (long) t * ModelFormat.TREE_RECORD_SIZE + (long) n * ModelFormat.NODE_SIZE
                + (long) leaves * ModelFormat.LEAF_SIZE + (rotation != null ? ModelFormat.ROTATION_SECTION_SIZE : 0)
                + ModelFormat.CRC_SIZE + ModelFormat.SIGNATURE_SIZE;
        if (size > ModelFormat.MAX_FILE_SIZE) {
            throw new IllegalArgumentException("file larger than " + ModelFormat.MAX_FILE_SIZE + " bytes");
        }
        byte[] out = new byte[(int) size];
        writeHeader(out, (int) size, f, t, n, leaves);
        int p = ModelFormat.HEADER_SIZE;
        for (int i = 0; i < f; i++) {
            p = writeFeature(out, p, features.get(i));
        }
        int treeTable = p;
        int flagsOff = treeTable + t * ModelFormat.TREE_RECORD_SIZE;
        int thrOff = flagsOff + n;
        int refOff = thrOff + 2 * n;
        int classOff = refOff + 2 * n;
        int riskOff = classOff + leaves;
        int rotationOff = riskOff + leaves;
        int crcOff = rotationOff + (rotation != null ? ModelFormat.ROTATION_SECTION_SIZE : 0);
        Encoder enc = new Encoder(out, flagsOff, thrOff, refOff, classOff, riskOff);
        for (int i = 0; i < t; i++) {
            TreeNode root = trees.get(i);
            putU16(out, treeTable + 2 * i, root.internalCount());
            enc.beginTree();
            if (root.isLeaf()) {
                enc.leaf(root);
            } else {
                enc.internal(root);
            }
        }
        if (rotation != null) {
            rotation.write(out, rotationOff);
        }
        putU32(out, crcOff, Crc32.compute(out, 0, crcOff) & 0xFFFFFFFFL);
        return out;
    }

    /**
     * A copy of a valid model file with its model version set to {@code modelVersion}: everything
     * else is untouched, the CRC is rewritten and the signature trailer zeroed (sign the copy). This
     * is how a previous model comes back after a rollout: devices refuse an older version, so the
     * previous content is published again under a higher one.
     *
     * @throws ModelFormatException if {@code file} is not a valid model file
     * @throws IllegalArgumentException if {@code modelVersion} is outside 0..2^32-1
     */
    public static byte[] withModelVersion(byte[] file, long modelVersion) throws ModelFormatException {
        if (modelVersion < 0 || modelVersion > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("model version must be 0..2^32-1");
        }
        TinyModel m = TinyModel.parse(file);
        byte[] out = new byte[m.fileLength()];
        System.arraycopy(file, 0, out, 0, out.length);
        putU32(out, ModelFormat.OFF_MODEL_VERSION, modelVersion);
        int crcOff = out.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE;
        putU32(out, crcOff, Crc32.compute(out, 0, crcOff) & 0xFFFFFFFFL);
        for (int i = crcOff + ModelFormat.CRC_SIZE; i < out.length; i++) {
            out[i] = 0;
        }
        return out;
    }

    /**
     * A copy of a valid model file with new leaf tables: leaf {@code l} gets class
     * {@code classes[l]} and risk {@code risks[l]}; the trees, quantizers and sections are
     * untouched, the CRC is rewritten and the signature trailer zeroed (sign the copy). Robust
     * training relabels leaves this way (docs/threat-model.md).
     *
     * @throws ModelFormatException if {@code file} is not a valid model file
     * @throws IllegalArgumentException if the tables do not have one entry per leaf, a class is
     *         not below the model's class count or a risk is outside 0..255
     */
    public static byte[] withLeaves(byte[] file, int[] classes, int[] risks) throws ModelFormatException {
        TinyModel m = TinyModel.parse(file);
        int leaves = m.leafCount();
        if (classes.length != leaves || risks.length != leaves) {
            throw new IllegalArgumentException("the model has " + leaves + " leaves, the tables " + classes.length
                    + " and " + risks.length);
        }
        byte[] out = new byte[m.fileLength()];
        System.arraycopy(file, 0, out, 0, out.length);
        int classOff = ModelFormat.HEADER_SIZE + m.featureCount() * ModelFormat.FEATURE_RECORD_SIZE
                + m.treeCount() * ModelFormat.TREE_RECORD_SIZE + 5 * m.nodeCount();
        for (int l = 0; l < leaves; l++) {
            if (classes[l] < 0 || classes[l] >= m.classCount() || risks[l] < 0 || risks[l] > 255) {
                throw new IllegalArgumentException("leaf " + l + ": class " + classes[l] + " of " + m.classCount()
                        + ", risk " + risks[l]);
            }
            out[classOff + l] = (byte) classes[l];
            out[classOff + leaves + l] = (byte) risks[l];
        }
        int crcOff = out.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE;
        putU32(out, crcOff, Crc32.compute(out, 0, crcOff) & 0xFFFFFFFFL);
        for (int i = crcOff + ModelFormat.CRC_SIZE; i < out.length; i++) {
            out[i] = 0;
        }
        return out;
    }

    /** @return the number of leading bytes of a file covered by its signature */
    public static int signedLength(byte[] file) {
        return file.length - ModelFormat.SIGNATURE_SIZE;
    }

    /** Writes the 64-byte Ed25519 signature over {@code [0, signedLength)} into the trailer. */
    public static void attachSignature(byte[] file, byte[] signature) {
        if (signature.length != ModelFormat.SIGNATURE_SIZE) {
            throw new IllegalArgumentException("signature must be 64 bytes");
        }
        System.arraycopy(signature, 0, file, signedLength(file), ModelFormat.SIGNATURE_SIZE);
    }

    private void checkTree(TreeNode node, int featureCount) {
        if (node.isLeaf()) {
            if (node.leafClass() >= classCount) {
                throw new IllegalArgumentException("leaf class " + node.leafClass() + " >= class count " + classCount);
            }
            return;
        }
        if (node.feature() >= featureCount) {
            throw new IllegalArgumentException("split on feature " + node.feature() + " of " + featureCount);
        }
        checkTree(node.left(), featureCount);
        checkTree(node.right(), featureCount);
    }

    private void writeHeader(byte[] out, int size, int f, int t, int n, int leaves) {
        out[0] = (byte) ModelFormat.MAGIC_0;
        out[1] = (byte) ModelFormat.MAGIC_1;
        out[2] = (byte) ModelFormat.MAGIC_2;
        out[3] = (byte) ModelFormat.MAGIC_3;
        out[ModelFormat.OFF_VERSION_MAJOR] = (byte) ModelFormat.VERSION_MAJOR;
        out[ModelFormat.OFF_VERSION_MINOR] = (byte) (rotation != null ? ModelFormat.VERSION_MINOR_ROTATION
                : ModelFormat.VERSION_MINOR);
        putU16(out, ModelFormat.OFF_FLAGS, rotation != null ? ModelFormat.FLAG_ROTATION_SCHEDULE : 0);
        putU32(out, ModelFormat.OFF_FILE_LENGTH, size);
        putU32(out, ModelFormat.OFF_MODEL_ID, modelId);
        putU32(out, ModelFormat.OFF_MODEL_VERSION, modelVersion);
        out[ModelFormat.OFF_FEATURE_COUNT] = (byte) f;
        out[ModelFormat.OFF_CLASS_COUNT] = (byte) classCount;
        putU16(out, ModelFormat.OFF_TREE_COUNT, t);
        putU32(out, ModelFormat.OFF_NODE_COUNT, n);
        putU32(out, ModelFormat.OFF_LEAF_COUNT, leaves);
        putI64(out, ModelFormat.OFF_SEED, seed);
        putI64(out, ModelFormat.OFF_CREATED, createdSeconds);
        System.arraycopy(dataDigest, 0, out, ModelFormat.OFF_DATA_DIGEST, ModelFormat.DATA_DIGEST_SIZE);
    }

    private static int writeFeature(byte[] out, int p, FeatureSpec spec) {
        QuantizerSpec q = spec.quantizer();
        out[p] = (byte) spec.id();
        out[p + 1] = (byte) spec.unit();
        out[p + 2] = (byte) spec.decimalScale();
        out[p + 3] = (byte) q.kind();
        out[p + 4] = (byte) q.shift();
        out[p + 5] = 0;
        putU16(out, p + 6, q.mul());
        putI64(out, p + 8, q.offset());
        return p + ModelFormat.FEATURE_RECORD_SIZE;
    }

    /** Writes trees in canonical pre-order (see docs/model-format.md, "Node encoding"). */
    private static final class Encoder {
        private final byte[] out;
        private final int flagsOff;
        private final int thrOff;
        private final int refOff;
        private final int classOff;
        private final int riskOff;
        private int nodeBase;
        private int leafBase;
        private int nodes;
        private int leaves;

        Encoder(byte[] out, int flagsOff, int thrOff, int refOff, int classOff, int riskOff) {
            this.out = out;
            this.flagsOff = flagsOff;
            this.thrOff = thrOff;
            this.refOff = refOff;
            this.classOff = classOff;
            this.riskOff = riskOff;
        }

        void beginTree() {
            nodeBase += nodes;
            leafBase += leaves;
            nodes = 0;
            leaves = 0;
        }

        int leaf(TreeNode leaf) {
            int index = leaves++;
            out[classOff + leafBase + index] = (byte) leaf.leafClass();
            out[riskOff + leafBase + index] = (byte) leaf.leafRisk();
            return index;
        }

        int internal(TreeNode node) {
            int index = nodes++;
            int g = nodeBase + index;
            boolean leftLeaf = node.left().isLeaf();
            boolean rightLeaf = node.right().isLeaf();
            int ref;
            if (leftLeaf) {
                ref = leaf(node.left());
            } else {
                internal(node.left());
                ref = -1;
            }
            if (rightLeaf) {
                int r = leaf(node.right());
                if (!leftLeaf) {
                    ref = r;
                }
            } else {
                int r = internal(node.right());
                if (!leftLeaf) {
                    ref = r;
                }
            }
            int flags = node.feature() | (leftLeaf ? ModelFormat.FLAG_LEFT_LEAF : 0)
                    | (rightLeaf ? ModelFormat.FLAG_RIGHT_LEAF : 0);
            out[flagsOff + g] = (byte) flags;
            putU16(out, thrOff + 2 * g, node.threshold());
            putU16(out, refOff + 2 * g, ref);
            return index;
        }
    }

    private static void checkU32(long v, String what) {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
    }

    static void putU16(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
    }

    static void putU32(byte[] b, int p, long v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }

    static void putI64(byte[] b, int p, long v) {
        putU32(b, p, v & 0xFFFFFFFFL);
        putU32(b, p + 4, v >>> 32);
    }
}
