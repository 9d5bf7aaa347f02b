/*
 * dynakey tiny-model reader for C99 boards: validates a model file in place, checks its CRC-32,
 * verifies its Ed25519 signature through a caller-supplied function, and evaluates its trees
 * and forests straight from the file's tables.
 *
 * Written from docs/model-format.md (format 1.x; 1.1 adds the optional rotation schedule section). No dynamic allocation, no dependencies beyond
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
    DK_BAD_SIGNATURE = 100
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

/* Name of a status ("BAD_CRC", ...), "UNKNOWN" for other values. */
const char *dk_status_name(dk_status status);

/* CRC-32 (ISO-HDLC, as zlib) of data[0..length). */
uint32_t dk_crc32(const uint8_t *data, size_t length);

#ifdef __cplusplus
}
#endif

#endif /* DYNAKEY_MODEL_H */
