/* dynakey tiny-model reader: see dynakey_model.h and docs/model-format.md. */
#include "dynakey_model.h"

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | ((unsigned)p[1] << 8)); }

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int64_t rdi64(const uint8_t *p)
{
    uint64_t u = (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32);
    /* two's complement without implementation-defined conversion */
    return u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

/* CRC-32, reflected 0xEDB88320, four bits at a time (64 bytes of table instead of 1 KiB) */
static const uint32_t crc_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
    0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu
};

uint32_t dk_crc32(const uint8_t *data, size_t length)
{
    uint32_t c = 0xFFFFFFFFu;
    size_t i;
    for (i = 0; i < length; i++) {
        c ^= data[i];
        c = (c >> 4) ^ crc_nibble[c & 15u];
        c = (c >> 4) ^ crc_nibble[c & 15u];
    }
    return c ^ 0xFFFFFFFFu;
}

const char *dk_status_name(dk_status status)
{
    switch (status) {
    case DK_OK: return "OK";
    case DK_TRUNCATED: return "TRUNCATED";
    case DK_BAD_MAGIC: return "BAD_MAGIC";
    case DK_UNSUPPORTED_VERSION: return "UNSUPPORTED_VERSION";
    case DK_RESERVED_NONZERO: return "RESERVED_NONZERO";
    case DK_LIMIT_EXCEEDED: return "LIMIT_EXCEEDED";
    case DK_LENGTH_MISMATCH: return "LENGTH_MISMATCH";
    case DK_OUT_OF_RANGE: return "OUT_OF_RANGE";
    case DK_BAD_CRC: return "BAD_CRC";
    case DK_BAD_QUANTIZER: return "BAD_QUANTIZER";
    case DK_BAD_STRUCTURE: return "BAD_STRUCTURE";
    case DK_TOO_DEEP: return "TOO_DEEP";
    case DK_BAD_SIGNATURE: return "BAD_SIGNATURE";
    }
    return "UNKNOWN";
}

static dk_status fail(uint32_t *error_offset, dk_status status, uint32_t offset)
{
    if (error_offset != NULL) {
        *error_offset = offset;
    }
    return status;
}

static dk_status check_header(dk_model *m, const uint8_t *d, size_t length, uint32_t *eo)
{
    uint32_t file_length, computed, header_flags;
    uint32_t f, c, t, n, l;
    if (length < DK_HEADER_SIZE) {
        return fail(eo, DK_TRUNCATED, (uint32_t)length);
    }
    if (d[0] != 0x44 || d[1] != 0x4B || d[2] != 0x54 || d[3] != 0x4D) {
        return fail(eo, DK_BAD_MAGIC, 0);
    }
    if (d[4] != 1) {
        return fail(eo, DK_UNSUPPORTED_VERSION, 4);
    }
    header_flags = rd16(d + 6);
    if ((header_flags & ~DK_FLAG_ROTATION_SCHEDULE) != 0) {
        return fail(eo, DK_RESERVED_NONZERO, 6);
    }
    file_length = rd32(d + 8);
    if (file_length > DK_MAX_FILE_SIZE) {
        return fail(eo, DK_LIMIT_EXCEEDED, 8);
    }
    if (file_length > length) {
        return fail(eo, DK_TRUNCATED, (uint32_t)length);
    }
    if (file_length < length) {
        return fail(eo, DK_LENGTH_MISMATCH, file_length); /* where the trailing bytes start */
    }
    f = d[20];
    c = d[21];
    t = rd16(d + 22);
    n = rd32(d + 24);
    l = rd32(d + 28);
    if (f == 0) {
        return fail(eo, DK_OUT_OF_RANGE, 20);
    }
    if (f > DK_MAX_FEATURES) {
        return fail(eo, DK_LIMIT_EXCEEDED, 20);
    }
    if (c == 0) {
        return fail(eo, DK_OUT_OF_RANGE, 21);
    }
    if (t == 0) {
        return fail(eo, DK_OUT_OF_RANGE, 22);
    }
    if (t > DK_MAX_TREES) {
        return fail(eo, DK_LIMIT_EXCEEDED, 22);
    }
    if (n > DK_MAX_NODES) {
        return fail(eo, DK_LIMIT_EXCEEDED, 24);
    }
    if (l != n + t) {
        return fail(eo, DK_LENGTH_MISMATCH, 28);
    }
    /* at most 64 + 1024 + 2048 + 5*262144 + 2*263168 + 68: no overflow */
    computed = DK_HEADER_SIZE + DK_FEATURE_RECORD_SIZE * f + 2u * t + 5u * n + 2u * l + 4u + DK_SIGNATURE_SIZE
        + ((header_flags & DK_FLAG_ROTATION_SCHEDULE) != 0 ? DK_ROTATION_SECTION_SIZE : 0u);
    if (computed != file_length) {
        return fail(eo, DK_LENGTH_MISMATCH, 8);
    }
    m->data = d;
    m->length = file_length;
    m->format_minor = d[5];
    m->model_id = rd32(d + 12);
    m->model_version = rd32(d + 16);
    m->features = (uint8_t)f;
    m->classes = (uint8_t)c;
    m->trees = (uint16_t)t;
    m->nodes = n;
    m->leaves = l;
    m->seed = rdi64(d + 32);
    m->created = rdi64(d + 40);
    m->schema_off = DK_HEADER_SIZE;
    m->tree_off = m->schema_off + DK_FEATURE_RECORD_SIZE * f;
    m->flags_off = m->tree_off + 2u * t;
    m->thr_off = m->flags_off + n;
    m->ref_off = m->thr_off + 2u * n;
    m->class_off = m->ref_off + 2u * n;
    m->risk_off = m->class_off + l;
    m->rot_off = (header_flags & DK_FLAG_ROTATION_SCHEDULE) != 0 ? m->risk_off + l : 0u;
    m->crc_off = m->risk_off + l + (m->rot_off != 0 ? DK_ROTATION_SECTION_SIZE : 0u);
    m->sig_off = m->crc_off + 4u;
    return DK_OK;
}

static dk_status check_features(const dk_model *m, uint32_t *eo)
{
    uint8_t seen[32] = {0}; /* one bit per feature id 0..255 */
    unsigned i;
    for (i = 0; i < m->features; i++) {
        uint32_t off = m->schema_off + DK_FEATURE_RECORD_SIZE * i;
        const uint8_t *r = m->data + off;
        unsigned id = r[0];
        int scale = r[2] < 128 ? (int)r[2] : (int)r[2] - 256;
        unsigned kind = r[3], shift = r[4];
        unsigned mul = rd16(r + 6);
        if (id == 0 || (seen[id >> 3] & (1u << (id & 7u))) != 0) {
            return fail(eo, DK_OUT_OF_RANGE, off);
        }
        seen[id >> 3] = (uint8_t)(seen[id >> 3] | (1u << (id & 7u)));
        if (r[1] > 63) {
            return fail(eo, DK_OUT_OF_RANGE, off + 1);
        }
        if (scale < -18 || scale > 18) {
            return fail(eo, DK_OUT_OF_RANGE, off + 2);
        }
        if (r[5] != 0) {
            return fail(eo, DK_RESERVED_NONZERO, off + 5);
        }
        if (kind == 1) {
            if (shift > 31 || mul == 0) {
                return fail(eo, DK_BAD_QUANTIZER, off + 3);
            }
        } else if (kind == 2) {
            if (shift > 10 || mul != 0) {
                return fail(eo, DK_BAD_QUANTIZER, off + 3);
            }
        } else {
            return fail(eo, DK_BAD_QUANTIZER, off + 3);
        }
    }
    return DK_OK;
}

static dk_status check_tables(const dk_model *m, uint32_t *eo)
{
    const uint8_t *d = m->data;
    uint32_t sum = 0, i;
    for (i = 0; i < m->trees; i++) {
        uint32_t count = rd16(d + m->tree_off + 2u * i);
        if (count > DK_MAX_TREE_NODES) {
            return fail(eo, DK_LIMIT_EXCEEDED, m->tree_off + 2u * i);
        }
        if (count > m->nodes - sum) {
            return fail(eo, DK_LENGTH_MISMATCH, m->tree_off + 2u * i);
        }
        sum += count;
    }
    if (sum != m->nodes) {
        return fail(eo, DK_LENGTH_MISMATCH, m->tree_off);
    }
    for (i = 0; i < m->nodes; i++) {
        if ((d[m->flags_off + i] & 0x3Fu) >= m->features) {
            return fail(eo, DK_OUT_OF_RANGE, m->flags_off + i);
        }
    }
    for (i = 0; i < m->leaves; i++) {
        if (d[m->class_off + i] >= m->classes) {
            return fail(eo, DK_OUT_OF_RANGE, m->class_off + i);
        }
    }
    return DK_OK;
}

/* a child reached during the structure walk: a tree-local node or leaf index */
typedef struct {
    uint32_t index;
    uint32_t named_at; /* offset of the reference of the node whose child this is */
    uint8_t is_leaf;
    uint8_t depth;     /* of the node (1 = root); unused for leaves */
} walk_entry;

/*
 * Walks the tree of n internal nodes that starts at global node first, in pre-order: every node
 * and leaf reached must be the next expected one, and all must be met.
 */
static dk_status check_tree(const dk_model *m, uint32_t first, uint32_t n, uint32_t *eo)
{
    const uint8_t *d = m->data;
    walk_entry stack[DK_MAX_DEPTH];
    unsigned top = 0;
    uint32_t next_node = 0, next_leaf = 0;
    walk_entry cur;
    if (n == 0) {
        return DK_OK;
    }
    cur.index = 0;
    cur.named_at = m->ref_off + 2u * first; /* never reported: the root is always node 0 */
    cur.is_leaf = 0;
    cur.depth = 1;
    for (;;) {
        if (cur.is_leaf) {
            if (cur.index != next_leaf) {
                return fail(eo, DK_BAD_STRUCTURE, cur.named_at);
            }
            next_leaf++;
            if (top == 0) {
                break;
            }
            top--;
            cur = stack[top];
            continue;
        }
        if (cur.index != next_node || cur.index >= n) {
            return fail(eo, DK_BAD_STRUCTURE, cur.named_at);
        }
        if (cur.depth > DK_MAX_DEPTH) {
            return fail(eo, DK_TOO_DEEP, m->flags_off + first + cur.index);
        }
        next_node++;
        {
            uint32_t g = first + cur.index;
            unsigned flags = d[m->flags_off + g];
            uint32_t r = rd16(d + m->ref_off + 2u * g);
            walk_entry left, right;
            left.depth = right.depth = (uint8_t)(cur.depth + 1u);
            if ((flags & 0x80u) != 0) {
                left.index = r;
                left.is_leaf = 1;
                right.index = (flags & 0x40u) != 0 ? r + 1u : cur.index + 1u;
            } else {
                left.index = cur.index + 1u;
                left.is_leaf = 0;
                right.index = r;
            }
            right.is_leaf = (uint8_t)((flags & 0x40u) != 0);
            left.named_at = right.named_at = m->ref_off + 2u * g;
            /* depth <= 32 here, and one pending entry per node on the path: fits */
            stack[top] = right;
            top++;
            cur = left;
        }
    }
    if (next_node != n || next_leaf != n + 1u) {
        return fail(eo, DK_BAD_STRUCTURE, m->flags_off + first);
    }
    return DK_OK;
}

/* step 9: the rotation schedule section, field by field in file order */
static dk_status check_rotation(const dk_model *m, uint32_t *eo)
{
    const uint32_t s = m->rot_off;
    const uint8_t *r = m->data + s;
    unsigned bands = r[0], smoothing = rd16(r + 2), slot;
    uint32_t calendar = 0;
    unsigned previous_edge = 0;
    if (bands == 0) {
        return fail(eo, DK_OUT_OF_RANGE, s);
    }
    if (bands > DK_MAX_ROTATION_BANDS) {
        return fail(eo, DK_LIMIT_EXCEEDED, s);
    }
    if (r[1] > 1u) {
        return fail(eo, DK_OUT_OF_RANGE, s + 1u);
    }
    if (smoothing == 0 || smoothing > 1000u) {
        return fail(eo, DK_OUT_OF_RANGE, s + 2u);
    }
    for (slot = 0; slot < DK_MAX_ROTATION_BANDS - 1u; slot++) {
        uint32_t at = 4u + 2u * slot;
        unsigned e = rd16(r + at);
        if (slot + 1u >= bands) {
            if (e != 0) {
                return fail(eo, DK_RESERVED_NONZERO, s + at);
            }
        } else {
            if (e == 0 || e > 1000u || (slot > 0 && e <= previous_edge)) {
                return fail(eo, DK_OUT_OF_RANGE, s + at);
            }
            previous_edge = e;
        }
    }
    for (slot = 0; slot < DK_MAX_ROTATION_BANDS; slot++) {
        uint32_t at = 4u + 2u * (DK_MAX_ROTATION_BANDS - 1u) + 4u * slot;
        uint32_t a = rd32(r + at);
        if (slot >= bands) {
            if (a != 0) {
                return fail(eo, DK_RESERVED_NONZERO, s + at);
            }
        } else if (a > DK_MAX_ROTATION_AGE_SECONDS) {
            return fail(eo, DK_LIMIT_EXCEEDED, s + at);
        } else if (slot == 0) {
            if (a == 0) {
                return fail(eo, DK_OUT_OF_RANGE, s + at);
            }
            calendar = a;
        } else if (a > calendar) {
            return fail(eo, DK_OUT_OF_RANGE, s + at);
        }
    }
    return DK_OK;
}

int dk_model_rotation(const dk_model *model, dk_rotation *out)
{
    const uint8_t *r;
    unsigned b;
    if (model->data == NULL || model->rot_off == 0) {
        return 0;
    }
    r = model->data + model->rot_off;
    out->bands = r[0];
    out->window_max = r[1];
    out->smoothing_permille = rd16(r + 2);
    out->edge_permille[0] = 0;
    for (b = 1; b < DK_MAX_ROTATION_BANDS; b++) {
        out->edge_permille[b] = rd16(r + 4u + 2u * (b - 1u));
    }
    for (b = 0; b < DK_MAX_ROTATION_BANDS; b++) {
        out->age_seconds[b] = rd32(r + 4u + 2u * (DK_MAX_ROTATION_BANDS - 1u) + 4u * b);
    }
    return 1;
}

unsigned dk_rotation_band(const dk_rotation *rotation, unsigned risk_permille)
{
    unsigned b = 0;
    while (b + 1u < rotation->bands && risk_permille >= rotation->edge_permille[b + 1u]) {
        b++;
    }
    return b;
}

dk_status dk_model_open(dk_model *model, const uint8_t *data, size_t length, uint32_t *error_offset)
{
    dk_status s;
    uint32_t first = 0;
    unsigned t;
    if (model == NULL || (data == NULL && length != 0)) {
        return fail(error_offset, DK_TRUNCATED, 0);
    }
    model->data = NULL;
    s = check_header(model, data, length, error_offset);
    if (s != DK_OK) {
        return s;
    }
    if (dk_crc32(data, model->crc_off) != rd32(data + model->crc_off)) {
        s = fail(error_offset, DK_BAD_CRC, model->crc_off);
    } else {
        s = check_features(model, error_offset);
    }
    if (s == DK_OK) {
        s = check_tables(model, error_offset);
    }
    for (t = 0; s == DK_OK && t < model->trees; t++) {
        uint32_t n = rd16(data + model->tree_off + 2u * t);
        s = check_tree(model, first, n, error_offset);
        first += n;
    }
    if (s == DK_OK && model->rot_off != 0) {
        s = check_rotation(model, error_offset);
    }
    if (s != DK_OK) {
        model->data = NULL; /* a rejected model is never evaluated by mistake */
    }
    return s;
}

dk_status dk_model_verify_signature(const dk_model *model, dk_verify_fn verify, void *ctx)
{
    if (verify == NULL) {
        return DK_BAD_SIGNATURE;
    }
    return verify(ctx, model->data, model->sig_off, model->data + model->sig_off) == 1 ? DK_OK : DK_BAD_SIGNATURE;
}

uint16_t dk_quantize(const dk_model *model, unsigned f, int64_t x)
{
    const uint8_t *r = model->data + model->schema_off + DK_FEATURE_RECORD_SIZE * f;
    int64_t offset = rdi64(r + 8);
    unsigned shift = r[4];
    uint64_t d;
    if (x <= offset) {
        d = 0;
    } else {
        /* x > offset: the exact difference is in 1..2^64-1 and fits uint64 */
        d = (uint64_t)x - (uint64_t)offset;
        if (d > (uint64_t)INT64_MAX) {
            d = (uint64_t)INT64_MAX;
        }
    }
    if (r[3] == 1) {
        uint64_t q;
        if (d >= ((uint64_t)1 << 47)) {
            return 65535u;
        }
        q = (d * rd16(r + 6)) >> shift;
        return q > 65535u ? 65535u : (uint16_t)q;
    } else {
        unsigned e = 0;
        uint64_t m, v;
        if (d == 0) {
            return 0;
        }
        for (v = d >> 1; v != 0; v >>= 1) {
            e++;
        }
        m = (e >= shift ? d >> (e - shift) : d << (shift - e)) & (((uint64_t)1 << shift) - 1u);
        return (uint16_t)(1u + ((uint64_t)e << shift) + m);
    }
}

uint32_t dk_tree_first_node(const dk_model *model, unsigned t)
{
    uint32_t s = 0;
    unsigned i;
    for (i = 0; i < t; i++) {
        s += rd16(model->data + model->tree_off + 2u * i);
    }
    return s;
}

/* leaf reached in tree t, quantized features q; first = S(t) */
static uint32_t walk(const dk_model *m, unsigned t, uint32_t first, const uint16_t *q)
{
    const uint8_t *d = m->data;
    const uint8_t *flags = d + m->flags_off + first;
    const uint8_t *thr = d + m->thr_off + 2u * first;
    const uint8_t *ref = d + m->ref_off + 2u * first;
    uint32_t leaf0 = first + t;
    uint32_t i = 0;
    if (rd16(d + m->tree_off + 2u * t) == 0) {
        return leaf0;
    }
    for (;;) {
        unsigned fl = flags[i];
        uint32_t r = rd16(ref + 2u * i);
        if (q[fl & 0x3Fu] <= rd16(thr + 2u * i)) {
            if ((fl & 0x80u) != 0) {
                return leaf0 + r;
            }
            i = i + 1u;
        } else if ((fl & 0x40u) != 0) {
            return leaf0 + ((fl & 0x80u) != 0 ? r + 1u : r);
        } else {
            i = (fl & 0x80u) != 0 ? i + 1u : r;
        }
    }
}

uint32_t dk_tree_leaf(const dk_model *model, unsigned t, uint32_t first_node, const int64_t *x)
{
    uint16_t q[DK_MAX_FEATURES];
    unsigned f;
    for (f = 0; f < model->features; f++) {
        q[f] = dk_quantize(model, f, x[f]);
    }
    return walk(model, t, first_node, q);
}

void dk_predict(const dk_model *model, const int64_t *x, dk_prediction *out)
{
    uint16_t q[DK_MAX_FEATURES];
    uint16_t votes[DK_MAX_CLASSES];
    const uint8_t *d = model->data;
    uint32_t first = 0, risk_sum = 0, denom;
    unsigned f, t, k, best = 0;
    for (f = 0; f < model->features; f++) {
        q[f] = dk_quantize(model, f, x[f]);
    }
    for (k = 0; k < model->classes; k++) {
        votes[k] = 0;
    }
    for (t = 0; t < model->trees; t++) {
        uint32_t leaf = walk(model, t, first, q);
        votes[d[model->class_off + leaf]]++;
        risk_sum += d[model->risk_off + leaf];
        first += rd16(d + model->tree_off + 2u * t);
    }
    for (k = 1; k < model->classes; k++) {
        if (votes[k] > votes[best]) {
            best = k;
        }
    }
    denom = 255u * model->trees;
    out->class_index = (uint8_t)best;
    out->risk_permille = (uint16_t)((risk_sum * 1000u + denom / 2u) / denom);
}
