/*
 * dynakey tiny-model reader for C99 boards: validates a model file in place, checks its CRC-32,
 * verifies its Ed25519 signature through a caller-supplied function, and evaluates its trees
 * and forests straight from the file's tables.
 *
 * Written from docs/model-format.md (format 1.x; 1.1 adds the optional rotation schedule section,
 * 1.2 the optional temporal section with its second stage). No dynamic allocation, no dependencies beyond
 * <stddef.h> and <stdint.h>, no global state: every function is reentrant. The model bytes are
 * never copied: a dk_model points into the caller's buffer (flash or RAM), which must stay
 * unchanged for as long as the dk_model is used.
 */
#ifndef DYNAKEY_MODEL_H
#define DYNAKEY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Result of dk_model_open / dk_model_verify_signature. 1..11 are the format's reason codes, with
 * the numbers and names of docs/model-format.md ("Reason codes") and of the Java reader's
 * ModelFormatException; they never change meaning.
 */
typedef enum {
    DK_OK = 0,
    DK_TRUNCATED = 1,
    DK_BAD_MAGIC = 2,
    DK_UNSUPPORTED_VERSION = 3,
    DK_LENGTH_MISMATCH = 4,
    DK_LIMIT_EXCEEDED = 5,
    DK_BAD_CRC = 6,
    DK_OUT_OF_RANGE = 7,
    DK_BAD_STRUCTURE = 8,
    DK_TOO_DEEP = 9,
    DK_RESERVED_NONZERO = 10,
    DK_BAD_QUANTIZER = 11,
    /* not a format reason: the signature did not verify (or no verify function was given) */
    DK_BAD_SIGNATURE = 100,
    /* not a format reason: dk_temporal_init on a model without a temporal section */
    DK_NO_TEMPORAL = 101
} dk_status;

/* Format limits (docs/model-format.md, "Limits"). */
#define DK_HEADER_SIZE 64u
#define DK_FEATURE_RECORD_SIZE 16u
#define DK_SIGNATURE_SIZE 64u
#define DK_MAX_FEATURES 64u
#define DK_MAX_CLASSES 255u
#define DK_MAX_TREES 1024u
#define DK_MAX_TREE_NODES 32767u
#define DK_MAX_NODES 262144u
#define DK_MAX_DEPTH 32u
#define DK_MAX_FILE_SIZE (2u * 1024u * 1024u)

/* Rotation schedule section (format 1.1, docs/model-format.md "Rotation schedule section"). */
#define DK_FLAG_ROTATION_SCHEDULE 0x0001u
#define DK_ROTATION_SECTION_SIZE 50u
#define DK_MAX_ROTATION_BANDS 8u
#define DK_MAX_ROTATION_AGE_SECONDS 31622400u /* 366 days */

/* Temporal section (format 1.2, docs/model-format.md "Temporal section"). */
#define DK_FLAG_TEMPORAL 0x0002u
#define DK_TEMPORAL_HEADER_SIZE 8u
#define DK_TEMPORAL_DEF_SIZE 8u
#define DK_MAX_TEMPORAL_FEATURES 16u
#define DK_TEMPORAL_FIRST_ID 112u  /* second-stage feature id of temporal feature 0 */
#define DK_MAX_EWMA_SHIFT 12u
#define DK_MAX_COUNT_WINDOWS 64u
#define DK_MAX_TEMPORAL_VALUE 65535u
/* kinds */
#define DK_TEMPORAL_CURRENT 1u
#define DK_TEMPORAL_EWMA 2u
#define DK_TEMPORAL_CUSUM 3u
#define DK_TEMPORAL_COUNT_AT_LEAST 4u
#define DK_TEMPORAL_SINCE_AT_LEAST 5u
#define DK_TEMPORAL_INTERVAL 6u
/* sources; DK_SOURCE_FEATURE_FIRST + i: the window's mean quantized first-stage feature i */
#define DK_SOURCE_MEAN_RISK 0u
#define DK_SOURCE_MAX_RISK 1u
#define DK_SOURCE_HIGH_SHARE 2u
#define DK_SOURCE_FEATURE_FIRST 16u

/*
 * A validated model: counts and table offsets into the caller's buffer. Fill it only with
 * dk_model_open; the evaluation functions rely on its checks and do none of their own.
 */
typedef struct {
    const uint8_t *data;   /* first byte of the file */
    uint32_t length;       /* file length, signature included */
    uint32_t model_id;
    uint32_t model_version;
    int64_t seed;
    int64_t created;
    uint8_t format_minor;
    uint8_t features;      /* F */
    uint8_t classes;       /* C */
    uint16_t trees;        /* T */
    uint32_t nodes;        /* N */
    uint32_t leaves;       /* L = N + T */
    uint32_t schema_off;   /* feature records */
    uint32_t tree_off;     /* tree table */
    uint32_t flags_off;    /* node flags */
    uint32_t thr_off;      /* node thresholds */
    uint32_t ref_off;      /* node references */
    uint32_t class_off;    /* leaf classes */
    uint32_t risk_off;     /* leaf risks */
    uint32_t rot_off;      /* rotation schedule section; 0 if the file has none */
    uint32_t tmp_off;      /* temporal section; 0 if the file has none */
    uint32_t stage_off;    /* second stage (a whole 1.0 file inside this one); 0 if none */
    uint32_t stage_len;    /* its length */
    uint8_t temporal_features; /* K, 1..16; 0 if the file has no temporal section */
    uint32_t crc_off;      /* CRC-32 */
    uint32_t sig_off;      /* Ed25519 signature */
} dk_model;

/* Output of an evaluation. */
typedef struct {
    uint8_t class_index;   /* winning class, 0..C-1 (a tie goes to the lowest index) */
    uint16_t risk_permille; /* 0..1000 */
} dk_prediction;

/*
 * Ed25519 (RFC 8032, pure) verification supplied by the board: returns 1 if sig is a valid
 * signature of msg[0..msg_len) under the key the function knows (through ctx), else 0.
 * msg and sig point into the model buffer.
 */
typedef int (*dk_verify_fn)(void *ctx, const uint8_t *msg, size_t msg_len, const uint8_t *sig);

/*
 * Validates data[0..length) as a model file (every check of the format, in the spec's order) and
 * fills *model. Does not check the signature. On failure returns the reason, leaves *model
 * unusable (its data pointer NULL), and stores the byte offset the spec gives for that check in
 * *error_offset (may be NULL). model must not be NULL; data may be NULL only if length is 0.
 * Runs in O(length) time and constant stack.
 */
dk_status dk_model_open(dk_model *model, const uint8_t *data, size_t length, uint32_t *error_offset);

/*
 * Verifies the signature trailer of an opened model over bytes [0, length - 64) with verify.
 * Returns DK_OK, or DK_BAD_SIGNATURE if verify is NULL or rejects it.
 */
dk_status dk_model_verify_signature(const dk_model *model, dk_verify_fn verify, void *ctx);

/* Quantizes raw value x with feature f's quantizer (0 <= f < F), as the format defines. */
uint16_t dk_quantize(const dk_model *model, unsigned f, int64_t x);

/*
 * Global leaf index reached by tree t (0 <= t < T) for raw features x[0..F). first_node must be
 * the tree's first global node, S(t) (dk_tree_first_node). At most 32 steps.
 */
uint32_t dk_tree_leaf(const dk_model *model, unsigned t, uint32_t first_node, const int64_t *x);

/* S(t): the sum of the node counts of trees 0..t-1. O(t). */
uint32_t dk_tree_first_node(const dk_model *model, unsigned t);

/*
 * Evaluates the whole model (tree or forest) on raw features x[0..F): majority vote of the trees'
 * leaf classes and mean leaf risk in permille. Stack: about 0.7 KiB (a vote per class, a
 * quantized value per feature); no other memory. O(F + T x depth).
 */
void dk_predict(const dk_model *model, const int64_t *x, dk_prediction *out);

/*
 * A rotation schedule as the section holds it, decoded: the smoothed window risk falls into band
 * b = the number of edges it reaches, and the key rotates at age age_seconds[b] (band 0: the
 * calendar). The board's governor clamps every age to its own hard limits.
 */
typedef struct {
    uint8_t bands;               /* 1..8 */
    uint8_t window_max;          /* 1: the window's maximum row risk; 0: its mean */
    uint16_t smoothing_permille; /* weight of the newest window, 1..1000 */
    uint16_t edge_permille[DK_MAX_ROTATION_BANDS]; /* [b] = lower risk edge of band b (1..bands-1); [0] and unused: 0 */
    uint32_t age_seconds[DK_MAX_ROTATION_BANDS];   /* [b] for b < bands; unused: 0 */
} dk_rotation;

/*
 * If the opened model carries a rotation schedule (validated by dk_model_open), decodes it into
 * *out and returns 1; else returns 0 and leaves *out unchanged. Constant time, no allocation.
 */
int dk_model_rotation(const dk_model *model, dk_rotation *out);

/* The band of a smoothed risk (permille): the number of edges it reaches. At most 7 comparisons. */
unsigned dk_rotation_band(const dk_rotation *rotation, unsigned risk_permille);

/* One temporal feature definition (format 1.2), as the section holds it. */
typedef struct {
    uint8_t kind;    /* DK_TEMPORAL_* */
    uint8_t source;  /* DK_SOURCE_* */
    uint16_t p1;
    uint16_t p2;
} dk_temporal_def;

/* K (1..16) if the opened model carries a temporal section, else 0. */
unsigned dk_model_temporal_count(const dk_model *model);

/* The high-row threshold of the temporal section, permille (0 if the model has none). */
unsigned dk_model_temporal_high_row(const dk_model *model);

/* Decodes temporal definition k (< K) into *out and returns 1; returns 0 if there is none. */
int dk_model_temporal_def(const dk_model *model, unsigned k, dk_temporal_def *out);

/*
 * Fills *stage with the second stage of an opened model with a temporal section (validated by
 * dk_model_open; it points into the same buffer) and returns DK_OK, or DK_NO_TEMPORAL.
 */
dk_status dk_model_second_stage(const dk_model *model, dk_model *stage);

/*
 * The device's temporal state and detector (docs/model-format.md "Temporal state" and
 * "Detector"): rows are scored by the first stage and added to the open window; closing the
 * window advances the state and scores the second stage. Caller-owned (about 1 KiB on a 64-bit
 * host); nothing is allocated. Fill it with dk_temporal_init only; its fields may be read, never
 * written.
 * Not for concurrent use.
 */
typedef struct {
    const dk_model *model;   /* the file (first stage); must outlive this state */
    dk_model stage;          /* the second stage, in the same buffer */
    uint8_t count;           /* K */
    uint8_t needs_features;  /* some definition reads a first-stage feature */
    uint16_t high_row;       /* permille */
    dk_temporal_def def[DK_MAX_TEMPORAL_FEATURES];
    uint8_t stage_source[DK_MAX_TEMPORAL_FEATURES]; /* temporal index of each second-stage feature (distinct ids: at most 16) */
    uint64_t state[DK_MAX_TEMPORAL_FEATURES]; /* per kind: EWMA mean <<8, CUSUM sum, count mask, windows since */
    uint16_t value[DK_MAX_TEMPORAL_FEATURES]; /* the temporal features after the last closed window */
    int64_t last_millis;
    uint8_t started;
    /* the open window */
    uint64_t rows;
    uint64_t risk_sum;
    uint64_t high_rows;
    uint16_t risk_max;
    uint64_t feature_sum[DK_MAX_FEATURES]; /* sums of quantized values, only if needs_features */
    /* the last closed window */
    uint16_t last_mean, last_max, last_high_share, last_risk;
} dk_temporal;

/* Prepares *t for an opened model with a temporal section (then reset); DK_NO_TEMPORAL otherwise. */
dk_status dk_temporal_init(dk_temporal *t, const dk_model *model);

/* Forgets every window and the open one: the state after init (and after a reboot). */
void dk_temporal_reset(dk_temporal *t);

/* Scores raw features x[0..F) with the first stage, adds the row to the open window, returns its risk. */
uint16_t dk_temporal_add_row(dk_temporal *t, const int64_t *x);

/*
 * Closes the open window (ending at now_millis): advances every temporal feature, scores the
 * second stage on them and returns its risk, permille: the window's decision risk.
 */
uint16_t dk_temporal_end_window(dk_temporal *t, int64_t now_millis);

/* Name of a status ("BAD_CRC", ...), "UNKNOWN" for other values. */
const char *dk_status_name(dk_status status);

/* CRC-32 (ISO-HDLC, as zlib) of data[0..length). */
uint32_t dk_crc32(const uint8_t *data, size_t length);

#ifdef __cplusplus
}
#endif

#endif /* DYNAKEY_MODEL_H */
