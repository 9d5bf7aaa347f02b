package io.dynakey.models;

/**
 * A parsed, fully validated tiny-model file. {@link #parse} checks every bound, the CRC-32 and
 * the tree structure (canonical pre-order, forward references only, depth at most
 * {@link ModelFormat#MAX_DEPTH}) and, in a format 1.1 file, every field of the rotation schedule
 * section; every failure is a {@link ModelFormatException}. Parsing
 * allocates the decoded tables once; the accessors allocate nothing. Immutable and thread-safe
 * once built, except that it keeps a reference to the caller's buffer for
 * {@link #buffer()} (signature check without copying): do not modify that buffer.
 *
 * <p>The signature trailer is not checked here (no crypto in this module): the device checks
 * Ed25519 over {@code buffer()[signedOffset() .. signedOffset() + signedLength())} against
 * {@code buffer()[signatureOffset() .. + 64)} before it swaps a model in.
 */
public final class TinyModel {

    private final byte[] buffer;
    private final int bufferOffset;
    private final int fileLength;
    private final int formatMinor;
    private final long modelId;
    private final long modelVersion;
    private final int classCount;
    private final long seed;
    private final long createdSeconds;
    // feature schema
    private final byte[] featureIds;
    private final byte[] featureUnits;
    private final byte[] featureScales;
    private final byte[] quantKinds;
    private final byte[] quantShifts;
    private final char[] quantMuls;
    private final long[] quantOffsets;
    // trees
    private final int[] treeNodeStart;
    private final int[] treeNodeCount;
    private final byte[] treeDepth;
    // node and leaf tables (structure of arrays)
    private final byte[] nodeFlags;
    private final char[] nodeThresholds;
    private final char[] nodeRefs;
    private final byte[] leafClasses;
    private final byte[] leafRisks;
    // rotation schedule section (0 bands and null tables: the file has none)
    private final int rotationBands;
    private final int rotationWindow;
    private final int rotationSmoothing;
    private final char[] rotationEdges;
    private final int[] rotationAges;
    // temporal section (format 1.2; null tables and no second stage: the file has none)
    private final int temporalHighRow;
    private final byte[] temporalKinds;
    private final byte[] temporalSources;
    private final char[] temporalP1;
    private final char[] temporalP2;
    private final TinyModel secondStage;

    private TinyModel(Parser p) {
        this.buffer = p.buf;
        this.bufferOffset = p.base;
        this.fileLength = p.fileLength;
        this.formatMinor = p.formatMinor;
        this.modelId = p.modelId;
        this.modelVersion = p.modelVersion;
        this.classCount = p.classCount;
        this.seed = p.seed;
        this.createdSeconds = p.created;
        this.featureIds = p.featureIds;
        this.featureUnits = p.featureUnits;
        this.featureScales = p.featureScales;
        this.quantKinds = p.quantKinds;
        this.quantShifts = p.quantShifts;
        this.quantMuls = p.quantMuls;
        this.quantOffsets = p.quantOffsets;
        this.treeNodeStart = p.treeNodeStart;
        this.treeNodeCount = p.treeNodeCount;
        this.treeDepth = p.treeDepth;
        this.nodeFlags = p.nodeFlags;
        this.nodeThresholds = p.nodeThresholds;
        this.nodeRefs = p.nodeRefs;
        this.leafClasses = p.leafClasses;
        this.leafRisks = p.leafRisks;
        this.rotationBands = p.rotationBands;
        this.rotationWindow = p.rotationWindow;
        this.rotationSmoothing = p.rotationSmoothing;
        this.rotationEdges = p.rotationEdges;
        this.rotationAges = p.rotationAges;
        this.temporalHighRow = p.temporalHighRow;
        this.temporalKinds = p.temporalKinds;
        this.temporalSources = p.temporalSources;
        this.temporalP1 = p.temporalP1;
        this.temporalP2 = p.temporalP2;
        this.secondStage = p.secondStage;
    }

    /**
     * Parses and validates a whole file occupying exactly {@code buf[off .. off+len)}.
     *
     * @throws ModelFormatException with a reason code and file offset for any malformed input
     * @throws IllegalArgumentException if {@code buf} is null or {@code off/len} lie outside it
     */
    public static TinyModel parse(byte[] buf, int off, int len) throws ModelFormatException {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("buffer range out of bounds");
        }
        Parser p = new Parser(buf, off, len, ModelFormat.KNOWN_FLAGS);
        p.run();
        return new TinyModel(p);
    }

    /** Parses a whole array. */
    public static TinyModel parse(byte[] file) throws ModelFormatException {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        return parse(file, 0, file.length);
    }

    // ---- header

    public int formatMinor() {
        return formatMinor;
    }

    /** @return model id, 0..2^32-1 */
    public long modelId() {
        return modelId;
    }

    /** @return model version, 0..2^32-1 */
    public long modelVersion() {
        return modelVersion;
    }

    public int featureCount() {
        return featureIds.length;
    }

    public int classCount() {
        return classCount;
    }

    public int treeCount() {
        return treeNodeCount.length;
    }

    /** @return internal nodes in all trees */
    public int nodeCount() {
        return nodeFlags.length;
    }

    /** @return leaves in all trees (always {@code nodeCount() + treeCount()}) */
    public int leafCount() {
        return leafClasses.length;
    }

    /** @return training seed (provenance) */
    public long seed() {
        return seed;
    }

    /** @return creation time, seconds since the Unix epoch (provenance) */
    public long createdSeconds() {
        return createdSeconds;
    }

    /** Copies the 16-byte data digest (provenance) into {@code dst[dstOff..+16)}. */
    public void copyDataDigest(byte[] dst, int dstOff) {
        System.arraycopy(buffer, bufferOffset + ModelFormat.OFF_DATA_DIGEST, dst, dstOff,
                ModelFormat.DATA_DIGEST_SIZE);
    }

    /** @return total file length in bytes */
    public int fileLength() {
        return fileLength;
    }

    // ---- rotation schedule section (format 1.1; docs/model-format.md, "Rotation schedule section")

    /** @return whether the file carries a rotation schedule (header flag {@link ModelFormat#FLAG_ROTATION_SCHEDULE}) */
    public boolean hasRotationSchedule() {
        return rotationBands > 0;
    }

    /** @return bands of the rotation schedule, 1..{@link ModelFormat#MAX_ROTATION_BANDS}; 0 if the file has none */
    public int rotationBands() {
        return rotationBands;
    }

    /** @return whether the schedule's window risk is the window's maximum row risk (else its mean) */
    public boolean rotationWindowMax() {
        requireRotation();
        return rotationWindow == ModelFormat.WINDOW_MAX;
    }

    /** @return weight of the newest window in the smoothed risk, permille 1..1000 */
    public int rotationSmoothingPermille() {
        requireRotation();
        return rotationSmoothing;
    }

    /**
     * @param band 1..{@code rotationBands() - 1}
     * @return the band's lower risk edge, permille 1..1000, strictly ascending with the band
     */
    public int rotationEdgePermille(int band) {
        requireRotation();
        if (band < 1 || band >= rotationBands) {
            throw new IllegalArgumentException("band edges exist for bands 1.." + (rotationBands - 1) + ", not " + band);
        }
        return rotationEdges[band - 1];
    }

    /**
     * @param band 0..{@code rotationBands() - 1}; band 0 is the calendar
     * @return key age at which the band rotates, seconds (0..366 days; band 0 at least 1 s, others at most band 0's)
     */
    public long rotationAgeSeconds(int band) {
        requireRotation();
        if (band < 0 || band >= rotationBands) {
            throw new IllegalArgumentException("bands are 0.." + (rotationBands - 1) + ", not " + band);
        }
        return rotationAges[band];
    }

    private void requireRotation() {
        if (rotationBands == 0) {
            throw new IllegalStateException("the model file carries no rotation schedule");
        }
    }

    // ---- temporal section (format 1.2; docs/model-format.md, "Temporal section")

    /** @return whether the file carries a temporal section and second stage (header flag {@link ModelFormat#FLAG_TEMPORAL}) */
    public boolean hasTemporal() {
        return secondStage != null;
    }

    /** @return temporal features defined, 1..16; 0 if the file has no temporal section */
    public int temporalFeatureCount() {
        return temporalKinds == null ? 0 : temporalKinds.length;
    }

    /** @return the high-row threshold, permille: a row is high-risk when its first-stage risk is at least this */
    public int temporalHighRowPermille() {
        requireTemporal();
        return temporalHighRow;
    }

    /** @return kind of temporal feature k ({@code ModelFormat.TEMPORAL_*}) */
    public int temporalKind(int k) {
        requireTemporal();
        return temporalKinds[k];
    }

    /** @return source of temporal feature k ({@code ModelFormat.SOURCE_*}) */
    public int temporalSource(int k) {
        requireTemporal();
        return temporalSources[k] & 0xFF;
    }

    /** @return first parameter of temporal feature k, 0..65535 */
    public int temporalParam1(int k) {
        requireTemporal();
        return temporalP1[k];
    }

    /** @return second parameter of temporal feature k, 0..65535 */
    public int temporalParam2(int k) {
        requireTemporal();
        return temporalP2[k];
    }

    /**
     * @return the second stage: a model over the temporal features (ids
     *     {@code FeatureIds.TEMPORAL_FIRST + k}) whose risk is the window's decision risk
     */
    public TinyModel secondStage() {
        requireTemporal();
        return secondStage;
    }

    private void requireTemporal() {
        if (secondStage == null) {
            throw new IllegalStateException("the model file carries no temporal section");
        }
    }

    // ---- signature region (no copies)

    /** @return the caller's buffer this model was parsed from (not a copy; do not modify) */
    public byte[] buffer() {
        return buffer;
    }

    /** @return offset in {@link #buffer()} of the first signed byte (the start of the file) */
    public int signedOffset() {
        return bufferOffset;
    }

    /** @return number of signed bytes: everything before the signature trailer (the rotation section included) */
    public int signedLength() {
        return fileLength - ModelFormat.SIGNATURE_SIZE;
    }

    /** @return offset in {@link #buffer()} of the 64-byte Ed25519 signature */
    public int signatureOffset() {
        return bufferOffset + fileLength - ModelFormat.SIGNATURE_SIZE;
    }

    // ---- feature schema

    /** @return feature id of feature index {@code i} ({@link FeatureIds}) */
    public int featureId(int i) {
        return featureIds[i] & 0xFF;
    }

    /** @return unit code ({@link FeatureUnits}) */
    public int featureUnit(int i) {
        return featureUnits[i] & 0xFF;
    }

    /** @return decimal scale s: value in the unit = raw / 10^s */
    public int featureScale(int i) {
        return featureScales[i];
    }

    /** @return {@link Quantizer#LINEAR} or {@link Quantizer#LOG} */
    public int quantizerKind(int i) {
        return quantKinds[i];
    }

    public long quantizerOffset(int i) {
        return quantOffsets[i];
    }

    public int quantizerMul(int i) {
        return quantMuls[i];
    }

    public int quantizerShift(int i) {
        return quantShifts[i];
    }

    /** @return feature i's quantized value of {@code raw}, 0..65535 */
    public int quantize(int i, long raw) {
        return Quantizer.quantize(quantKinds[i], quantOffsets[i], quantMuls[i], quantShifts[i], raw);
    }

    /** @return index of the feature with this id, or -1 */
    public int featureIndexOf(int featureId) {
        for (int i = 0; i < featureIds.length; i++) {
            if ((featureIds[i] & 0xFF) == featureId) {
                return i;
            }
        }
        return -1;
    }

    // ---- trees and tables (global indices)

    /** @return global index of tree t's first internal node */
    public int treeNodeStart(int t) {
        return treeNodeStart[t];
    }

    /** @return internal nodes of tree t (0 if the tree is a single leaf) */
    public int treeNodeCount(int t) {
        return treeNodeCount[t];
    }

    /** @return global index of tree t's first leaf: {@code treeNodeStart(t) + t} */
    public int treeLeafStart(int t) {
        return treeNodeStart[t] + t;
    }

    /** @return depth of tree t: internal nodes on its longest root-to-leaf path */
    public int treeDepth(int t) {
        return treeDepth[t];
    }

    /** @return flags byte of internal node g: feature index | FLAG_LEFT_LEAF | FLAG_RIGHT_LEAF */
    public int nodeFlags(int g) {
        return nodeFlags[g] & 0xFF;
    }

    /** @return feature index tested by internal node g */
    public int nodeFeature(int g) {
        return nodeFlags[g] & ModelFormat.FEATURE_MASK;
    }

    /** @return quantized threshold of internal node g, 0..65535 */
    public int nodeThreshold(int g) {
        return nodeThresholds[g];
    }

    /** @return the tree-local reference of internal node g (see docs/model-format.md) */
    public int nodeRef(int g) {
        return nodeRefs[g];
    }

    /** @return class index of leaf l (global index) */
    public int leafClass(int l) {
        return leafClasses[l] & 0xFF;
    }

    /** @return risk of leaf l in 1/255 units, 0..255 */
    public int leafRisk(int l) {
        return leafRisks[l] & 0xFF;
    }

    /**
     * Reference walk in the quantized domain: the global leaf index that tree t reaches for
     * quantized features {@code q[qOff .. qOff + featureCount())}. Bounded by the tree's depth.
     */
    public int leafIndex(int t, int[] q, int qOff) {
        int nodeBase = treeNodeStart[t];
        int leafBase = nodeBase + t;
        if (treeNodeCount[t] == 0) {
            return leafBase;
        }
        int g = nodeBase;
        for (int step = 0; step < ModelFormat.MAX_DEPTH; step++) {
            int f = nodeFlags[g];
            int ref = nodeRefs[g];
            if (q[qOff + (f & ModelFormat.FEATURE_MASK)] <= nodeThresholds[g]) {
                if ((f & ModelFormat.FLAG_LEFT_LEAF) != 0) {
                    return leafBase + ref;
                }
                g++;
            } else {
                if ((f & ModelFormat.FLAG_RIGHT_LEAF) != 0) {
                    return leafBase + ref + ((f >> 7) & 1);
                }
                g = (f & ModelFormat.FLAG_LEFT_LEAF) != 0 ? g + 1 : nodeBase + ref;
            }
        }
        throw new IllegalStateException("unreachable: tree deeper than validated");
    }

    @Override
    public String toString() {
        return "TinyModel(id=" + modelId + ", version=" + modelVersion + ", features=" + featureCount()
                + ", classes=" + classCount + ", trees=" + treeCount() + ", nodes=" + nodeCount()
                + ", bytes=" + fileLength + ")";
    }

    /** One-shot parser state; every read is bounds-checked against the file length first. */
    private static final class Parser {
        final byte[] buf;
        final int base;
        final int len;
        int fileLength;
        int formatMinor;
        long modelId;
        long modelVersion;
        int classCount;
        long seed;
        long created;
        byte[] featureIds;
        byte[] featureUnits;
        byte[] featureScales;
        byte[] quantKinds;
        byte[] quantShifts;
        char[] quantMuls;
        long[] quantOffsets;
        int[] treeNodeStart;
        int[] treeNodeCount;
        byte[] treeDepth;
        byte[] nodeFlags;
        char[] nodeThresholds;
        char[] nodeRefs;
        byte[] leafClasses;
        byte[] leafRisks;
        int rotationBands;
        int rotationWindow;
        int rotationSmoothing;
        char[] rotationEdges;
        int[] rotationAges;
        int temporalHighRow;
        byte[] temporalKinds;
        byte[] temporalSources;
        char[] temporalP1;
        char[] temporalP2;
        TinyModel secondStage;

        /** Header flags this parse accepts: all known ones for a file, none for a second stage. */
        private final int allowedFlags;

        Parser(byte[] buf, int base, int len, int allowedFlags) {
            this.buf = buf;
            this.base = base;
            this.len = len;
            this.allowedFlags = allowedFlags;
        }

        void run() throws ModelFormatException {
            if (len < ModelFormat.HEADER_SIZE) {
                throw new ModelFormatException(ModelFormatException.TRUNCATED, len,
                        "file shorter than the " + ModelFormat.HEADER_SIZE + "-byte header");
            }
            if (u8(0) != ModelFormat.MAGIC_0 || u8(1) != ModelFormat.MAGIC_1
                    || u8(2) != ModelFormat.MAGIC_2 || u8(3) != ModelFormat.MAGIC_3) {
                throw new ModelFormatException(ModelFormatException.BAD_MAGIC, 0, "not a tiny-model file");
            }
            if (u8(ModelFormat.OFF_VERSION_MAJOR) != ModelFormat.VERSION_MAJOR) {
                throw new ModelFormatException(ModelFormatException.UNSUPPORTED_VERSION,
                        ModelFormat.OFF_VERSION_MAJOR, "major version " + u8(ModelFormat.OFF_VERSION_MAJOR));
            }
            formatMinor = u8(ModelFormat.OFF_VERSION_MINOR);
            int headerFlags = u16(ModelFormat.OFF_FLAGS);
            if ((headerFlags & ~allowedFlags) != 0) {
                throw new ModelFormatException(ModelFormatException.RESERVED_NONZERO, ModelFormat.OFF_FLAGS,
                        allowedFlags == 0 ? "a second stage carries no section of its own: its header flags must be 0"
                                : "header flags other than the rotation schedule's (bit 0) and the temporal section's (bit 1) must be 0");
            }
            boolean rotation = (headerFlags & ModelFormat.FLAG_ROTATION_SCHEDULE) != 0;
            boolean temporal = (headerFlags & ModelFormat.FLAG_TEMPORAL) != 0;
            long declared = u32(ModelFormat.OFF_FILE_LENGTH);
            if (declared > ModelFormat.MAX_FILE_SIZE) {
                throw new ModelFormatException(ModelFormatException.LIMIT_EXCEEDED, ModelFormat.OFF_FILE_LENGTH,
                        "declared length " + declared + " > " + ModelFormat.MAX_FILE_SIZE);
            }
            if (declared > len) {
                throw new ModelFormatException(ModelFormatException.TRUNCATED, len,
                        "declared length " + declared + ", got " + len);
            }
            if (declared < len) {
                throw new ModelFormatException(ModelFormatException.LENGTH_MISMATCH, declared,
                        (len - declared) + " bytes after the declared end");
            }
            fileLength = (int) declared;
            modelId = u32(ModelFormat.OFF_MODEL_ID);
            modelVersion = u32(ModelFormat.OFF_MODEL_VERSION);
            int f = u8(ModelFormat.OFF_FEATURE_COUNT);
            checkRange(f, 1, ModelFormat.MAX_FEATURES, ModelFormat.OFF_FEATURE_COUNT, "feature count");
            classCount = u8(ModelFormat.OFF_CLASS_COUNT);
            checkRange(classCount, 1, ModelFormat.MAX_CLASSES, ModelFormat.OFF_CLASS_COUNT, "class count");
            int t = u16(ModelFormat.OFF_TREE_COUNT);
            checkRange(t, 1, ModelFormat.MAX_TREES, ModelFormat.OFF_TREE_COUNT, "tree count");
            long n = u32(ModelFormat.OFF_NODE_COUNT);
            if (n > ModelFormat.MAX_NODES) {
                throw new ModelFormatException(ModelFormatException.LIMIT_EXCEEDED, ModelFormat.OFF_NODE_COUNT,
                        "node count " + n + " > " + ModelFormat.MAX_NODES);
            }
            long leaves = u32(ModelFormat.OFF_LEAF_COUNT);
            if (leaves != n + t) {
                throw new ModelFormatException(ModelFormatException.LENGTH_MISMATCH, ModelFormat.OFF_LEAF_COUNT,
                        "leaf count " + leaves + " != node count + tree count");
            }
            seed = i64(ModelFormat.OFF_SEED);
            created = i64(ModelFormat.OFF_CREATED);
            int featureOff = ModelFormat.HEADER_SIZE;
            int treeOff = featureOff + f * ModelFormat.FEATURE_RECORD_SIZE;
            int flagsOff = treeOff + t * ModelFormat.TREE_RECORD_SIZE;
            int thrOff = flagsOff + (int) n;
            int refOff = thrOff + 2 * (int) n;
            int classOff = refOff + 2 * (int) n;
            int riskOff = classOff + (int) leaves;
            int rotationOff = riskOff + (int) leaves;
            int temporalOff = rotationOff + (rotation ? ModelFormat.ROTATION_SECTION_SIZE : 0);
            long temporalSize = temporal ? temporalSize(temporalOff) : 0;
            long crcLong = (long) temporalOff + temporalSize;
            long expected = crcLong + ModelFormat.CRC_SIZE + ModelFormat.SIGNATURE_SIZE;
            if (expected != fileLength) {
                throw new ModelFormatException(ModelFormatException.LENGTH_MISMATCH, ModelFormat.OFF_FILE_LENGTH,
                        "counts give " + expected + " bytes" + (rotation ? " with the "
                                + ModelFormat.ROTATION_SECTION_SIZE + "-byte rotation schedule the header flags announce"
                                : "") + (temporal ? " with the " + temporalSize + "-byte temporal section" : "")
                                + ", length field says " + fileLength);
            }
            int crcOff = (int) crcLong;
            long storedCrc = u32(crcOff);
            long actualCrc = Crc32.compute(buf, base, crcOff) & 0xFFFFFFFFL;
            if (storedCrc != actualCrc) {
                throw new ModelFormatException(ModelFormatException.BAD_CRC, crcOff, "CRC-32 mismatch");
            }
            readFeatures(featureOff, f);
            readTrees(treeOff, t, (int) n);
            readNodes(flagsOff, thrOff, refOff, (int) n, f);
            readLeaves(classOff, riskOff, (int) leaves);
            for (int i = 0; i < t; i++) {
                validateTree(i, flagsOff, refOff);
            }
            if (rotation) {
                // a 1.0 file keeps null tables: its parsed model costs the heap what it did before 1.1
                readRotation(rotationOff);
            }
            if (temporal) {
                readTemporal(temporalOff, f);
            }
        }

        /**
         * The temporal section's size from its header, read only where the file has room for that
         * header (before the CRC and signature); its fields are checked by {@link #readTemporal}.
         */
        private long temporalSize(int off) throws ModelFormatException {
            long room = (long) fileLength - ModelFormat.CRC_SIZE - ModelFormat.SIGNATURE_SIZE - off;
            if (room < ModelFormat.TEMPORAL_HEADER_SIZE) {
                throw new ModelFormatException(ModelFormatException.LENGTH_MISMATCH, ModelFormat.OFF_FILE_LENGTH,
                        "no room for the temporal section the header flags announce");
            }
            return ModelFormat.TEMPORAL_HEADER_SIZE
                    + (long) u8(off + ModelFormat.TMP_OFF_COUNT) * ModelFormat.TEMPORAL_DEF_SIZE
                    + u32(off + ModelFormat.TMP_OFF_STAGE_LENGTH);
        }

        /** Step 10 of the spec: the temporal section, field by field in file order, then the second stage. */
        private void readTemporal(int off, int firstStageFeatures) throws ModelFormatException {
            int k = u8(off + ModelFormat.TMP_OFF_COUNT);
            if (k == 0) {
                throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, off + ModelFormat.TMP_OFF_COUNT,
                        "temporal section with 0 features");
            }
            if (k > ModelFormat.MAX_TEMPORAL_FEATURES) {
                throw new ModelFormatException(ModelFormatException.LIMIT_EXCEEDED, off + ModelFormat.TMP_OFF_COUNT,
                        "temporal section with " + k + " features, at most " + ModelFormat.MAX_TEMPORAL_FEATURES);
            }
            if (u8(off + ModelFormat.TMP_OFF_RESERVED) != 0) {
                throw new ModelFormatException(ModelFormatException.RESERVED_NONZERO, off + ModelFormat.TMP_OFF_RESERVED,
                        "temporal section reserved byte");
            }
            int high = u16(off + ModelFormat.TMP_OFF_HIGH_ROW);
            String bad = TemporalSpec.checkThreshold(high);
            if (bad != null) {
                throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, off + ModelFormat.TMP_OFF_HIGH_ROW, bad);
            }
            byte[] kinds = new byte[k];
            byte[] sources = new byte[k];
            char[] p1 = new char[k];
            char[] p2 = new char[k];
            for (int i = 0; i < k; i++) {
                int at = off + ModelFormat.TEMPORAL_HEADER_SIZE + i * ModelFormat.TEMPORAL_DEF_SIZE;
                if (u16(at + 6) != 0) {
                    throw new ModelFormatException(ModelFormatException.RESERVED_NONZERO, at + 6,
                            "temporal feature " + i + " reserved bytes");
                }
                bad = TemporalSpec.checkFeature(u8(at), u8(at + 1), u16(at + 2), u16(at + 4), firstStageFeatures);
                if (bad != null) {
                    throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, at, "temporal feature " + i + ": " + bad);
                }
                kinds[i] = (byte) u8(at);
                sources[i] = (byte) u8(at + 1);
                p1[i] = (char) u16(at + 2);
                p2[i] = (char) u16(at + 4);
            }
            int stageOff = off + ModelFormat.TEMPORAL_HEADER_SIZE + k * ModelFormat.TEMPORAL_DEF_SIZE;
            int stageLen = (int) u32(off + ModelFormat.TMP_OFF_STAGE_LENGTH);
            TinyModel stage;
            try {
                // flags must be 0 at the nested file's step 1: a second stage never nests another (no recursion)
                Parser nested = new Parser(buf, base + stageOff, stageLen, 0);
                nested.run();
                stage = new TinyModel(nested);
            } catch (ModelFormatException e) {
                throw new ModelFormatException(e.reason(), stageOff + e.offset(), "second stage: " + detailOf(e));
            }
            for (int i = 0; i < ModelFormat.SIGNATURE_SIZE; i++) {
                if (u8(stageOff + stageLen - ModelFormat.SIGNATURE_SIZE + i) != 0) {
                    throw new ModelFormatException(ModelFormatException.RESERVED_NONZERO,
                            stageOff + stageLen - ModelFormat.SIGNATURE_SIZE + i,
                            "second stage: its signature trailer must be zero (the file's signature covers it)");
                }
            }
            for (int i = 0; i < stage.featureCount(); i++) {
                int id = stage.featureId(i);
                if (id < FeatureIds.TEMPORAL_FIRST || id >= FeatureIds.TEMPORAL_FIRST + k) {
                    throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE,
                            stageOff + ModelFormat.HEADER_SIZE + i * ModelFormat.FEATURE_RECORD_SIZE,
                            "second stage: feature id " + id + " is not one of the " + k + " temporal features ("
                                    + FeatureIds.TEMPORAL_FIRST + ".." + (FeatureIds.TEMPORAL_FIRST + k - 1) + ")");
                }
            }
            temporalHighRow = high;
            temporalKinds = kinds;
            temporalSources = sources;
            temporalP1 = p1;
            temporalP2 = p2;
            secondStage = stage;
        }

        /** The detail of a nested exception, without its own reason and offset prefix. */
        private static String detailOf(ModelFormatException e) {
            String m = e.getMessage();
            int colon = m.indexOf(": ");
            return colon < 0 ? m : m.substring(colon + 2);
        }

        /** Step 9 of the spec: the rotation schedule section, field by field in file order. */
        private void readRotation(int off) throws ModelFormatException {
            int bands = u8(off + ModelFormat.ROT_OFF_BANDS);
            if (bands == 0) {
                throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, off + ModelFormat.ROT_OFF_BANDS,
                        "rotation schedule with 0 bands");
            }
            if (bands > ModelFormat.MAX_ROTATION_BANDS) {
                throw new ModelFormatException(ModelFormatException.LIMIT_EXCEEDED, off + ModelFormat.ROT_OFF_BANDS,
                        "rotation schedule with " + bands + " bands, at most " + ModelFormat.MAX_ROTATION_BANDS);
            }
            int window = u8(off + ModelFormat.ROT_OFF_WINDOW);
            if (window != ModelFormat.WINDOW_MEAN && window != ModelFormat.WINDOW_MAX) {
                throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, off + ModelFormat.ROT_OFF_WINDOW,
                        "window reduction " + window + " (0 mean, 1 max)");
            }
            int smoothing = u16(off + ModelFormat.ROT_OFF_SMOOTHING);
            if (smoothing < 1 || smoothing > 1000) {
                throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, off + ModelFormat.ROT_OFF_SMOOTHING,
                        "smoothing " + smoothing + " permille not in 1..1000");
            }
            char[] edges = new char[bands - 1];
            for (int slot = 0; slot < ModelFormat.MAX_ROTATION_BANDS - 1; slot++) {
                int at = off + ModelFormat.ROT_OFF_EDGES + 2 * slot;
                int e = u16(at);
                if (slot >= bands - 1) {
                    if (e != 0) {
                        throw new ModelFormatException(ModelFormatException.RESERVED_NONZERO, at,
                                "edge slot " + (slot + 1) + " beyond the " + bands + " bands must be 0");
                    }
                    continue;
                }
                if (e < 1 || e > ModelFormat.MAX_RISK_PERMILLE) {
                    throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, at,
                            "band " + (slot + 1) + " edge " + e + " permille not in 1..1000");
                }
                if (slot > 0 && e <= edges[slot - 1]) {
                    throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, at,
                            "band edges not increasing: band " + (slot + 1) + " edge " + e + " <= band " + slot
                                    + " edge " + (int) edges[slot - 1]);
                }
                edges[slot] = (char) e;
            }
            int[] ages = new int[bands];
            for (int slot = 0; slot < ModelFormat.MAX_ROTATION_BANDS; slot++) {
                int at = off + ModelFormat.ROT_OFF_AGES + 4 * slot;
                long a = u32(at);
                if (slot >= bands) {
                    if (a != 0) {
                        throw new ModelFormatException(ModelFormatException.RESERVED_NONZERO, at,
                                "age slot " + slot + " beyond the " + bands + " bands must be 0");
                    }
                    continue;
                }
                if (a > ModelFormat.MAX_ROTATION_AGE_SECONDS) {
                    throw new ModelFormatException(ModelFormatException.LIMIT_EXCEEDED, at,
                            "band " + slot + " age " + a + " s beyond " + ModelFormat.MAX_ROTATION_AGE_SECONDS + " s (366 days)");
                }
                if (slot == 0 && a == 0) {
                    throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, at, "calendar (band 0) age 0 s");
                }
                if (slot > 0 && a > ages[0]) {
                    throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, at,
                            "band " + slot + " age " + a + " s beyond the calendar's " + ages[0] + " s");
                }
                ages[slot] = (int) a;
            }
            rotationBands = bands;
            rotationWindow = window;
            rotationSmoothing = smoothing;
            rotationEdges = edges;
            rotationAges = ages;
        }

        private void readFeatures(int off, int f) throws ModelFormatException {
            featureIds = new byte[f];
            featureUnits = new byte[f];
            featureScales = new byte[f];
            quantKinds = new byte[f];
            quantShifts = new byte[f];
            quantMuls = new char[f];
            quantOffsets = new long[f];
            for (int i = 0; i < f; i++) {
                int p = off + i * ModelFormat.FEATURE_RECORD_SIZE;
                int id = u8(p);
                checkRange(id, 1, FeatureIds.MAX_ID, p, "feature id");
                for (int j = 0; j < i; j++) {
                    if ((featureIds[j] & 0xFF) == id) {
                        throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, p, "duplicate feature id " + id);
                    }
                }
                int unit = u8(p + 1);
                checkRange(unit, 0, 63, p + 1, "unit code");
                int scale = (byte) u8(p + 2);
                checkRange(scale, -18, 18, p + 2, "decimal scale");
                int kind = u8(p + 3);
                int shift = u8(p + 4);
                if (u8(p + 5) != 0) {
                    throw new ModelFormatException(ModelFormatException.RESERVED_NONZERO, p + 5, "feature reserved byte");
                }
                int mul = u16(p + 6);
                if (!Quantizer.isValid(kind, mul, shift)) {
                    throw new ModelFormatException(ModelFormatException.BAD_QUANTIZER, p + 3,
                            "kind " + kind + ", mul " + mul + ", shift " + shift);
                }
                featureIds[i] = (byte) id;
                featureUnits[i] = (byte) unit;
                featureScales[i] = (byte) scale;
                quantKinds[i] = (byte) kind;
                quantShifts[i] = (byte) shift;
                quantMuls[i] = (char) mul;
                quantOffsets[i] = i64(p + 8);
            }
        }

        private void readTrees(int off, int t, int n) throws ModelFormatException {
            treeNodeStart = new int[t];
            treeNodeCount = new int[t];
            treeDepth = new byte[t];
            int sum = 0;
            for (int i = 0; i < t; i++) {
                int p = off + i * ModelFormat.TREE_RECORD_SIZE;
                int c = u16(p);
                if (c > ModelFormat.MAX_NODES_PER_TREE) {
                    throw new ModelFormatException(ModelFormatException.LIMIT_EXCEEDED, p,
                            "tree " + i + " has " + c + " nodes");
                }
                if (c > n - sum) {
                    throw new ModelFormatException(ModelFormatException.LENGTH_MISMATCH, p,
                            "tree node counts exceed the header's node count");
                }
                treeNodeStart[i] = sum;
                treeNodeCount[i] = c;
                sum += c;
            }
            if (sum != n) {
                throw new ModelFormatException(ModelFormatException.LENGTH_MISMATCH, off,
                        "tree node counts sum to " + sum + ", header says " + n);
            }
        }

        private void readNodes(int flagsOff, int thrOff, int refOff, int n, int f) throws ModelFormatException {
            nodeFlags = new byte[n];
            nodeThresholds = new char[n];
            nodeRefs = new char[n];
            for (int g = 0; g < n; g++) {
                int flags = u8(flagsOff + g);
                if ((flags & ModelFormat.FEATURE_MASK) >= f) {
                    throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, flagsOff + g,
                            "node " + g + " tests feature " + (flags & ModelFormat.FEATURE_MASK) + " of " + f);
                }
                nodeFlags[g] = (byte) flags;
                nodeThresholds[g] = (char) u16(thrOff + 2 * g);
                nodeRefs[g] = (char) u16(refOff + 2 * g);
            }
        }

        private void readLeaves(int classOff, int riskOff, int leaves) throws ModelFormatException {
            leafClasses = new byte[leaves];
            leafRisks = new byte[leaves];
            for (int l = 0; l < leaves; l++) {
                int c = u8(classOff + l);
                if (c >= classCount) {
                    throw new ModelFormatException(ModelFormatException.OUT_OF_RANGE, classOff + l,
                            "leaf " + l + " has class " + c + " of " + classCount);
                }
                leafClasses[l] = (byte) c;
                leafRisks[l] = (byte) u8(riskOff + l);
            }
        }

        /**
         * Checks that tree t is encoded in canonical pre-order: visiting it depth-first, left
         * first, meets internal nodes 0, 1, 2, ... and leaves 0, 1, 2, ... each exactly once.
         * Every step consumes one node or leaf, so this runs at most 2n+1 steps; the explicit
         * stack holds pending right children, at most MAX_DEPTH of them.
         */
        private void validateTree(int t, int flagsOff, int refOff) throws ModelFormatException {
            int n = treeNodeCount[t];
            if (n == 0) {
                treeDepth[t] = 0;
                return;
            }
            int nodeBase = treeNodeStart[t];
            int[] stackIndex = new int[ModelFormat.MAX_DEPTH + 1];
            int[] stackDepth = new int[ModelFormat.MAX_DEPTH + 1];
            boolean[] stackLeaf = new boolean[ModelFormat.MAX_DEPTH + 1];
            int[] stackFrom = new int[ModelFormat.MAX_DEPTH + 1];
            int sp = 0;
            int from = nodeBase;
            int expectNode = 0;
            int expectLeaf = 0;
            int maxDepth = 0;
            int cur = 0;
            int depth = 1;
            while (true) {
                int g = nodeBase + cur;
                if (cur != expectNode || cur >= n) {
                    throw new ModelFormatException(ModelFormatException.BAD_STRUCTURE, refOff + 2 * from,
                            "tree " + t + ": expected internal node " + expectNode + ", reference leads to " + cur);
                }
                if (depth > ModelFormat.MAX_DEPTH) {
                    throw new ModelFormatException(ModelFormatException.TOO_DEEP, flagsOff + g,
                            "tree " + t + " deeper than " + ModelFormat.MAX_DEPTH);
                }
                if (depth > maxDepth) {
                    maxDepth = depth;
                }
                expectNode++;
                int flags = nodeFlags[g];
                int ref = nodeRefs[g];
                boolean leftLeaf = (flags & ModelFormat.FLAG_LEFT_LEAF) != 0;
                boolean rightLeaf = (flags & ModelFormat.FLAG_RIGHT_LEAF) != 0;
                int right = leftLeaf ? (rightLeaf ? ref + 1 : cur + 1) : ref;
                stackIndex[sp] = right;
                stackDepth[sp] = depth + 1;
                stackLeaf[sp] = rightLeaf;
                stackFrom[sp] = g;
                sp++;
                if (!leftLeaf) {
                    from = g;
                    cur = cur + 1;
                    depth = depth + 1;
                    continue;
                }
                if (ref != expectLeaf) {
                    throw new ModelFormatException(ModelFormatException.BAD_STRUCTURE, refOff + 2 * g,
                            "tree " + t + ": expected leaf " + expectLeaf + ", node " + cur + " names leaf " + ref);
                }
                expectLeaf++;
                // pop pending right children until an internal one is found
                boolean found = false;
                while (sp > 0) {
                    sp--;
                    if (!stackLeaf[sp]) {
                        from = stackFrom[sp];
                        cur = stackIndex[sp];
                        depth = stackDepth[sp];
                        found = true;
                        break;
                    }
                    if (stackIndex[sp] != expectLeaf) {
                        throw new ModelFormatException(ModelFormatException.BAD_STRUCTURE, refOff + 2 * stackFrom[sp],
                                "tree " + t + ": expected leaf " + expectLeaf + ", reference names leaf " + stackIndex[sp]);
                    }
                    expectLeaf++;
                }
                if (!found) {
                    break;
                }
            }
            if (expectNode != n || expectLeaf != n + 1) {
                throw new ModelFormatException(ModelFormatException.BAD_STRUCTURE, flagsOff + nodeBase,
                        "tree " + t + ": " + expectNode + " of " + n + " nodes and " + expectLeaf + " of " + (n + 1)
                                + " leaves reachable");
            }
            treeDepth[t] = (byte) maxDepth;
        }

        private void checkRange(int v, int min, int max, int at, String what) throws ModelFormatException {
            if (v < min || v > max) {
                int reason = v > max ? ModelFormatException.LIMIT_EXCEEDED : ModelFormatException.OUT_OF_RANGE;
                if (!what.endsWith("count")) {
                    reason = ModelFormatException.OUT_OF_RANGE;
                }
                throw new ModelFormatException(reason, at, what + " " + v + " not in " + min + ".." + max);
            }
        }

        private int u8(int p) {
            return buf[base + p] & 0xFF;
        }

        private int u16(int p) {
            return u8(p) | (u8(p + 1) << 8);
        }

        private long u32(int p) {
            return (u16(p) | ((long) u16(p + 2) << 16)) & 0xFFFFFFFFL;
        }

        private long i64(int p) {
            return u32(p) | (u32(p + 4) << 32);
        }
    }
}
