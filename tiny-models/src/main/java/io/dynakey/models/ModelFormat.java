package io.dynakey.models;

/**
 * Constants of the tiny-model file format, version 1.2: magic, offsets of the fixed header,
 * record sizes and limits. The normative description is {@code docs/model-format.md}; every
 * number here appears there. All multi-byte fields are little-endian.
 */
public final class ModelFormat {

    /** Magic bytes "DKTM" as they appear in the file (offset 0..3). */
    public static final int MAGIC_0 = 'D';
    public static final int MAGIC_1 = 'K';
    public static final int MAGIC_2 = 'T';
    public static final int MAGIC_3 = 'M';

    /** Format major version written and read by this code; a reader rejects any other major. */
    public static final int VERSION_MAJOR = 1;
    /** Format minor version written for a file without optional sections; a reader accepts any minor of its major. */
    public static final int VERSION_MINOR = 0;
    /** Format minor version written for a file that carries the rotation schedule section (1.1). */
    public static final int VERSION_MINOR_ROTATION = 1;

    /** Header flag: a rotation schedule section sits between the leaf risks and the CRC. */
    public static final int FLAG_ROTATION_SCHEDULE = 0x0001;
    /** Format minor version written for a file that carries the temporal section (1.2). */
    public static final int VERSION_MINOR_TEMPORAL = 2;
    /** Header flag: a temporal section (feature definitions and the second stage) sits before the CRC. */
    public static final int FLAG_TEMPORAL = 0x0002;
    /** Header flags this reader knows; any other bit set is {@code RESERVED_NONZERO}. */
    public static final int KNOWN_FLAGS = FLAG_ROTATION_SCHEDULE | FLAG_TEMPORAL;

    /** Size of the fixed header in bytes. */
    public static final int HEADER_SIZE = 64;
    /** Size of one feature record in bytes. */
    public static final int FEATURE_RECORD_SIZE = 16;
    /** Size of one tree-table entry in bytes. */
    public static final int TREE_RECORD_SIZE = 2;
    /** Bytes per internal node in the node tables (flags+feature 1, threshold 2, reference 2). */
    public static final int NODE_SIZE = 5;
    /** Bytes per leaf in the leaf tables (class 1, risk 1). */
    public static final int LEAF_SIZE = 2;
    /** Size of the CRC-32 field in bytes. */
    public static final int CRC_SIZE = 4;
    /** Size of the Ed25519 signature trailer in bytes. */
    public static final int SIGNATURE_SIZE = 64;
    /** Size of the smallest well-formed file (1 feature, 1 tree that is a single leaf). */
    public static final int MIN_FILE_SIZE = HEADER_SIZE + FEATURE_RECORD_SIZE + TREE_RECORD_SIZE
            + LEAF_SIZE + CRC_SIZE + SIGNATURE_SIZE;

    // header field offsets
    public static final int OFF_MAGIC = 0;
    public static final int OFF_VERSION_MAJOR = 4;
    public static final int OFF_VERSION_MINOR = 5;
    public static final int OFF_FLAGS = 6;
    public static final int OFF_FILE_LENGTH = 8;
    public static final int OFF_MODEL_ID = 12;
    public static final int OFF_MODEL_VERSION = 16;
    public static final int OFF_FEATURE_COUNT = 20;
    public static final int OFF_CLASS_COUNT = 21;
    public static final int OFF_TREE_COUNT = 22;
    public static final int OFF_NODE_COUNT = 24;
    public static final int OFF_LEAF_COUNT = 28;
    public static final int OFF_SEED = 32;
    public static final int OFF_CREATED = 40;
    public static final int OFF_DATA_DIGEST = 48;
    /** Length of the data digest field (opaque provenance bytes, e.g. a truncated SHA-256). */
    public static final int DATA_DIGEST_SIZE = 16;

    /** Node flag: the left child (taken when {@code q(x) <= t}) is a leaf. */
    public static final int FLAG_LEFT_LEAF = 0x80;
    /** Node flag: the right child is a leaf. */
    public static final int FLAG_RIGHT_LEAF = 0x40;
    /** Mask of the feature index in a node's flags byte. */
    public static final int FEATURE_MASK = 0x3F;

    // limits
    public static final int MAX_FEATURES = 64;
    public static final int MAX_CLASSES = 255;
    public static final int MAX_TREES = 1024;
    /** Maximum internal nodes in one tree (local references must fit in 15 bits). */
    public static final int MAX_NODES_PER_TREE = 32767;
    /** Maximum internal nodes in the whole file. */
    public static final int MAX_NODES = 262144;
    /** Maximum depth of a tree: number of internal nodes on any root-to-leaf path. */
    public static final int MAX_DEPTH = 32;
    /** Maximum file size in bytes. */
    public static final int MAX_FILE_SIZE = 2 * 1024 * 1024;

    // rotation schedule section (format 1.1, header flag FLAG_ROTATION_SCHEDULE)
    /** Most bands of a rotation schedule: the section has this many age slots and one edge slot fewer. */
    public static final int MAX_ROTATION_BANDS = 8;
    /** Size of the rotation schedule section in bytes: 4 + 2 x 7 edge slots + 4 x 8 age slots. */
    public static final int ROTATION_SECTION_SIZE = 4 + 2 * (MAX_ROTATION_BANDS - 1) + 4 * MAX_ROTATION_BANDS;
    /** Offset in the section of the band count ({@code u8}). */
    public static final int ROT_OFF_BANDS = 0;
    /** Offset in the section of the window reduction ({@code u8}: 0 mean, 1 max). */
    public static final int ROT_OFF_WINDOW = 1;
    /** Offset in the section of the smoothing ({@code u16}, permille). */
    public static final int ROT_OFF_SMOOTHING = 2;
    /** Offset in the section of the first band edge ({@code u16} permille, band 1's lower edge). */
    public static final int ROT_OFF_EDGES = 4;
    /** Offset in the section of the first band age ({@code u32} seconds, band 0: the calendar). */
    public static final int ROT_OFF_AGES = ROT_OFF_EDGES + 2 * (MAX_ROTATION_BANDS - 1);
    /** Window reduction code: the window's mean row risk. */
    public static final int WINDOW_MEAN = 0;
    /** Window reduction code: the window's maximum row risk. */
    public static final int WINDOW_MAX = 1;
    /** Highest risk, permille: the unit of the evaluator's output and of the band edges. */
    public static final int MAX_RISK_PERMILLE = 1000;
    /** Longest key age a band may name: 366 days, in seconds. A device's shield clamps further. */
    public static final long MAX_ROTATION_AGE_SECONDS = 366L * 24 * 3600;

    // temporal section (format 1.2, header flag FLAG_TEMPORAL)
    /** Size of the temporal section's own header: count, reserved, high-row threshold, second-stage length. */
    public static final int TEMPORAL_HEADER_SIZE = 8;
    /** Offset in the section of the temporal feature count K ({@code u8}, 1..16). */
    public static final int TMP_OFF_COUNT = 0;
    /** Offset in the section of the reserved byte (must be 0). */
    public static final int TMP_OFF_RESERVED = 1;
    /** Offset in the section of the high-row threshold ({@code u16}, permille 1..1000). */
    public static final int TMP_OFF_HIGH_ROW = 2;
    /** Offset in the section of the second stage's length S ({@code u32}). */
    public static final int TMP_OFF_STAGE_LENGTH = 4;
    /** Size of one temporal feature definition: kind, source, p1, p2, reserved. */
    public static final int TEMPORAL_DEF_SIZE = 8;
    /** Most temporal features in a file. */
    public static final int MAX_TEMPORAL_FEATURES = 16;
    /** Largest EWMA shift: the newest window weighs at least 2^-12. */
    public static final int MAX_EWMA_SHIFT = 12;
    /** Longest look-back of a count, windows. */
    public static final int MAX_COUNT_WINDOWS = 64;
    /** Saturation of a windows-since or interval value and of every temporal value. */
    public static final int MAX_TEMPORAL_VALUE = 0xFFFF;
    /** Temporal kind: the source's value for this window. */
    public static final int TEMPORAL_CURRENT = 1;
    /** Temporal kind: exponentially weighted mean. */
    public static final int TEMPORAL_EWMA = 2;
    /** Temporal kind: CUSUM-style accumulator above a reference, capped. */
    public static final int TEMPORAL_CUSUM = 3;
    /** Temporal kind: windows among the last N whose value reached a threshold. */
    public static final int TEMPORAL_COUNT_AT_LEAST = 4;
    /** Temporal kind: windows since the value last reached a threshold. */
    public static final int TEMPORAL_SINCE_AT_LEAST = 5;
    /** Temporal kind: seconds since the previous window. */
    public static final int TEMPORAL_INTERVAL = 6;
    /** Source: the window's mean row risk, permille. */
    public static final int SOURCE_MEAN_RISK = 0;
    /** Source: the window's maximum row risk, permille. */
    public static final int SOURCE_MAX_RISK = 1;
    /** Source: permille of the window's rows at or above the high-row threshold. */
    public static final int SOURCE_HIGH_SHARE = 2;
    /** Source {@code SOURCE_FEATURE_FIRST + i}: the window's mean quantized value of first-stage feature i. */
    public static final int SOURCE_FEATURE_FIRST = 16;

    private ModelFormat() {
    }
}
