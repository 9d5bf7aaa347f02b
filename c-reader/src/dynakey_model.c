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
    case DK_NO_TEMPORAL: return "NO_TEMPORAL";
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

static dk_status check_header(dk_model *m, const uint8_t *d, size_t length, uint32_t *eo, unsigned allowed_flags)
{
    uint32_t file_length, header_flags, tables_end, tmp_off = 0;
    uint64_t computed;
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
    if ((header_flags & ~allowed_flags) != 0) {
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
    /* at most 64 + 1024 + 2048 + 5*262144 + 2*263168 + 50: no overflow */
    tables_end = DK_HEADER_SIZE + DK_FEATURE_RECORD_SIZE * f + 2u * t + 5u * n + 2u * l
        + ((header_flags & DK_FLAG_ROTATION_SCHEDULE) != 0 ? DK_ROTATION_SECTION_SIZE : 0u);
    computed = (uint64_t)tables_end + 4u + DK_SIGNATURE_SIZE;
    if ((header_flags & DK_FLAG_TEMPORAL) != 0) {
        /* the section's size comes from its own header, read only if the file has room for it */
        if ((uint64_t)tables_end + DK_TEMPORAL_HEADER_SIZE + 4u + DK_SIGNATURE_SIZE > file_length) {
            return fail(eo, DK_LENGTH_MISMATCH, 8);
        }
        tmp_off = tables_end;
        computed += DK_TEMPORAL_HEADER_SIZE + (uint64_t)d[tmp_off] * DK_TEMPORAL_DEF_SIZE + rd32(d + tmp_off + 4u);
    }
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
    m->tmp_off = tmp_off;
    m->temporal_features = 0;
    m->stage_off = 0;
    m->stage_len = 0;
    m->crc_off = (uint32_t)computed - 4u - DK_SIGNATURE_SIZE;
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

static dk_status open_file(dk_model *model, const uint8_t *data, size_t length, uint32_t *error_offset,
                           unsigned allowed_flags);

/* the rules of one temporal feature definition (format 1.2); f = first-stage feature count */
static int temporal_def_ok(unsigned kind, unsigned source, unsigned p1, unsigned p2, unsigned f)
{
    if (kind == DK_TEMPORAL_INTERVAL) {
        return source == 0 && p1 == 0 && p2 == 0;
    }
    if ((source > DK_SOURCE_HIGH_SHARE && source < DK_SOURCE_FEATURE_FIRST) || source >= DK_SOURCE_FEATURE_FIRST + f) {
        return 0;
    }
    switch (kind) {
    case DK_TEMPORAL_CURRENT: return p1 == 0 && p2 == 0;
    case DK_TEMPORAL_EWMA: return p1 >= 1 && p1 <= DK_MAX_EWMA_SHIFT && p2 == 0;
    case DK_TEMPORAL_CUSUM: return p2 >= 1;
    case DK_TEMPORAL_COUNT_AT_LEAST: return p2 >= 1 && p2 <= DK_MAX_COUNT_WINDOWS;
    case DK_TEMPORAL_SINCE_AT_LEAST: return p2 == 0;
    default: return 0;
    }
}

/* step 10: the temporal section, field by field in file order, then the second stage */
static dk_status check_temporal(dk_model *m, uint32_t *eo)
{
    const uint32_t s = m->tmp_off;
    const uint8_t *d = m->data;
    unsigned k = d[s], high = rd16(d + s + 2u), i;
    uint32_t stage_off, stage_len, sub = 0;
    dk_model stage;
    dk_status st;
    if (k == 0) {
        return fail(eo, DK_OUT_OF_RANGE, s);
    }
    if (k > DK_MAX_TEMPORAL_FEATURES) {
        return fail(eo, DK_LIMIT_EXCEEDED, s);
    }
    if (d[s + 1u] != 0) {
        return fail(eo, DK_RESERVED_NONZERO, s + 1u);
    }
    if (high == 0 || high > 1000u) {
        return fail(eo, DK_OUT_OF_RANGE, s + 2u);
    }
    for (i = 0; i < k; i++) {
        uint32_t at = s + DK_TEMPORAL_HEADER_SIZE + DK_TEMPORAL_DEF_SIZE * i;
        if (rd16(d + at + 6u) != 0) {
            return fail(eo, DK_RESERVED_NONZERO, at + 6u);
        }
        if (!temporal_def_ok(d[at], d[at + 1u], rd16(d + at + 2u), rd16(d + at + 4u), m->features)) {
            return fail(eo, DK_OUT_OF_RANGE, at);
        }
    }
    stage_off = s + DK_TEMPORAL_HEADER_SIZE + DK_TEMPORAL_DEF_SIZE * k;
    stage_len = rd32(d + s + 4u);
    /* the nested file may set no header flag, so this never goes deeper */
    st = open_file(&stage, d + stage_off, stage_len, &sub, 0u);
    if (st != DK_OK) {
        return fail(eo, st, stage_off + sub);
    }
    for (i = 0; i < DK_SIGNATURE_SIZE; i++) {
        uint32_t at = stage_off + stage_len - DK_SIGNATURE_SIZE + i;
        if (d[at] != 0) {
            return fail(eo, DK_RESERVED_NONZERO, at);
        }
    }
    for (i = 0; i < stage.features; i++) {
        uint32_t at = stage_off + DK_HEADER_SIZE + DK_FEATURE_RECORD_SIZE * i;
        if (d[at] < DK_TEMPORAL_FIRST_ID || d[at] >= DK_TEMPORAL_FIRST_ID + k) {
            return fail(eo, DK_OUT_OF_RANGE, at);
        }
    }
    m->temporal_features = (uint8_t)k;
    m->stage_off = stage_off;
    m->stage_len = stage_len;
    return DK_OK;
}

dk_status dk_model_open(dk_model *model, const uint8_t *data, size_t length, uint32_t *error_offset)
{
    return open_file(model, data, length, error_offset, DK_FLAG_ROTATION_SCHEDULE | DK_FLAG_TEMPORAL);
}

static dk_status open_file(dk_model *model, const uint8_t *data, size_t length, uint32_t *error_offset,
                           unsigned allowed_flags)
{
    dk_status s;
    uint32_t first = 0;
    unsigned t;
    if (model == NULL || (data == NULL && length != 0)) {
        return fail(error_offset, DK_TRUNCATED, 0);
    }
    model->data = NULL;
    s = check_header(model, data, length, error_offset, allowed_flags);
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
    if (s == DK_OK && model->tmp_off != 0) {
        s = check_temporal(model, error_offset);
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

/* evaluation on quantized features q[0..F) */
static void predict_q(const dk_model *model, const uint16_t *q, dk_prediction *out)
{
    uint16_t votes[DK_MAX_CLASSES];
    const uint8_t *d = model->data;
    uint32_t first = 0, risk_sum = 0, denom;
    unsigned t, k, best = 0;
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

/* quantizes x[0..F) into q and evaluates; q is left for the caller */
static void predict_x(const dk_model *model, const int64_t *x, uint16_t *q, dk_prediction *out)
{
    unsigned f;
    for (f = 0; f < model->features; f++) {
        q[f] = dk_quantize(model, f, x[f]);
    }
    predict_q(model, q, out);
}

void dk_predict(const dk_model *model, const int64_t *x, dk_prediction *out)
{
    uint16_t q[DK_MAX_FEATURES];
    predict_x(model, x, q, out);
}

/* ---- temporal section (format 1.2) */

unsigned dk_model_temporal_count(const dk_model *model)
{
    return model->data == NULL ? 0u : model->temporal_features;
}

unsigned dk_model_temporal_high_row(const dk_model *model)
{
    return dk_model_temporal_count(model) == 0 ? 0u : rd16(model->data + model->tmp_off + 2u);
}

int dk_model_temporal_def(const dk_model *model, unsigned k, dk_temporal_def *out)
{
    const uint8_t *r;
    if (k >= dk_model_temporal_count(model)) {
        return 0;
    }
    r = model->data + model->tmp_off + DK_TEMPORAL_HEADER_SIZE + DK_TEMPORAL_DEF_SIZE * k;
    out->kind = r[0];
    out->source = r[1];
    out->p1 = rd16(r + 2);
    out->p2 = rd16(r + 4);
    return 1;
}

dk_status dk_model_second_stage(const dk_model *model, dk_model *stage)
{
    uint32_t ignored;
    if (dk_model_temporal_count(model) == 0) {
        return DK_NO_TEMPORAL;
    }
    return open_file(stage, model->data + model->stage_off, model->stage_len, &ignored, 0u);
}

dk_status dk_temporal_init(dk_temporal *t, const dk_model *model)
{
    unsigned k, i;
    dk_status s = dk_model_second_stage(model, &t->stage);
    if (s != DK_OK) {
        return s;
    }
    t->model = model;
    t->count = model->temporal_features;
    t->high_row = (uint16_t)dk_model_temporal_high_row(model);
    t->needs_features = 0;
    for (k = 0; k < t->count; k++) {
        (void)dk_model_temporal_def(model, k, &t->def[k]);
        if (t->def[k].source >= DK_SOURCE_FEATURE_FIRST && t->def[k].kind != DK_TEMPORAL_INTERVAL) {
            t->needs_features = 1;
        }
    }
    for (i = 0; i < t->stage.features; i++) {
        t->stage_source[i] = (uint8_t)(t->stage.data[t->stage.schema_off + DK_FEATURE_RECORD_SIZE * i] - DK_TEMPORAL_FIRST_ID);
    }
    dk_temporal_reset(t);
    return DK_OK;
}

static void clear_window(dk_temporal *t)
{
    unsigned f;
    t->rows = 0;
    t->risk_sum = 0;
    t->high_rows = 0;
    t->risk_max = 0;
    for (f = 0; f < DK_MAX_FEATURES; f++) {
        t->feature_sum[f] = 0;
    }
}

void dk_temporal_reset(dk_temporal *t)
{
    unsigned k;
    for (k = 0; k < t->count; k++) {
        t->state[k] = t->def[k].kind == DK_TEMPORAL_SINCE_AT_LEAST ? DK_MAX_TEMPORAL_VALUE : 0u;
        t->value[k] = (uint16_t)t->state[k];
    }
    t->last_millis = 0;
    t->started = 0;
    clear_window(t);
    t->last_mean = t->last_max = t->last_high_share = t->last_risk = 0;
}

uint16_t dk_temporal_add_row(dk_temporal *t, const int64_t *x)
{
    uint16_t q[DK_MAX_FEATURES];
    dk_prediction p;
    unsigned f;
    q[0] = 0; /* F >= 1, so predict_x sets it again; this only quiets gcc's may-be-uninitialized */
    predict_x(t->model, x, q, &p);
    if (t->needs_features) {
        for (f = 0; f < t->model->features; f++) {
            t->feature_sum[f] += q[f];
        }
    }
    t->rows++;
    t->risk_sum += p.risk_permille;
    if (p.risk_permille > t->risk_max) {
        t->risk_max = p.risk_permille;
    }
    if (p.risk_permille >= t->high_row) {
        t->high_rows++;
    }
    return p.risk_permille;
}

/*
 * n / d for d in 1..2^63, by shift and subtract: a 32-bit board's compiler would otherwise call
 * its runtime library's 64-bit division (__udivdi3, __aeabi_uldivmod). Runs a few times per window.
 */
static uint64_t udiv64(uint64_t n, uint64_t d)
{
    uint64_t q = 0, r = 0;
    int i;
    for (i = 63; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1u);
        if (r >= d) {
            r -= d;
            q |= (uint64_t)1 << i;
        }
    }
    return q;
}

/* floor(d / 2^shift) for any sign, without relying on >> of a negative number */
static int64_t floor_shift(int64_t d, unsigned shift)
{
    return d >= 0 ? d >> shift : -(int64_t)((uint64_t)(-(d + 1)) >> shift) - 1;
}

static unsigned popcount64(uint64_t v)
{
    unsigned c = 0;
    for (; v != 0; v &= v - 1u) {
        c++;
    }
    return c;
}

uint16_t dk_temporal_end_window(dk_temporal *t, int64_t now_millis)
{
    uint16_t means[DK_MAX_FEATURES];
    int64_t x2[DK_MAX_TEMPORAL_FEATURES]; /* the stage's ids are distinct and in 112..127: at most 16 */
    uint64_t interval = 0;
    dk_prediction p;
    unsigned k, f;
    t->last_mean = (uint16_t)(t->rows == 0 ? 0u : udiv64(t->risk_sum, t->rows));
    t->last_max = t->risk_max;
    t->last_high_share = (uint16_t)(t->rows == 0 ? 0u : udiv64(t->high_rows * 1000u, t->rows));
    for (f = 0; f < t->model->features; f++) {
        means[f] = (uint16_t)(t->rows == 0 || !t->needs_features ? 0u : udiv64(t->feature_sum[f], t->rows));
    }
    if (t->started && now_millis > t->last_millis) {
        /* the exact difference, 1..2^64-1 ms */
        interval = udiv64((uint64_t)now_millis - (uint64_t)t->last_millis, 1000u);
    }
    for (k = 0; k < t->count; k++) {
        const dk_temporal_def *def = &t->def[k];
        uint64_t x, v;
        if (def->kind == DK_TEMPORAL_INTERVAL) {
            x = interval;
        } else if (def->source == DK_SOURCE_MEAN_RISK) {
            x = t->last_mean;
        } else if (def->source == DK_SOURCE_MAX_RISK) {
            x = t->last_max;
        } else if (def->source == DK_SOURCE_HIGH_SHARE) {
            x = t->last_high_share;
        } else {
            x = means[def->source - DK_SOURCE_FEATURE_FIRST];
        }
        if (x > DK_MAX_TEMPORAL_VALUE) {
            x = DK_MAX_TEMPORAL_VALUE;
        }
        switch (def->kind) {
        case DK_TEMPORAL_EWMA: {
            /* the mean with 8 fractional bits, 0..65535 << 8 */
            int64_t s = (int64_t)t->state[k];
            s += floor_shift((int64_t)(x << 8) - s, def->p1);
            t->state[k] = (uint64_t)s;
            v = ((uint64_t)s + 128u) >> 8;
            break;
        }
        case DK_TEMPORAL_CUSUM: {
            int64_t s = (int64_t)t->state[k] + (int64_t)x - (int64_t)def->p1;
            s = s < 0 ? 0 : (s > (int64_t)def->p2 ? (int64_t)def->p2 : s);
            t->state[k] = (uint64_t)s;
            v = (uint64_t)s;
            break;
        }
        case DK_TEMPORAL_COUNT_AT_LEAST: {
            uint64_t s = (t->state[k] << 1) | (x >= def->p1 ? 1u : 0u);
            if (def->p2 < 64u) {
                s &= ((uint64_t)1 << def->p2) - 1u;
            }
            t->state[k] = s;
            v = popcount64(s);
            break;
        }
        case DK_TEMPORAL_SINCE_AT_LEAST:
            t->state[k] = x >= def->p1 ? 0u
                : (t->state[k] >= DK_MAX_TEMPORAL_VALUE ? DK_MAX_TEMPORAL_VALUE : t->state[k] + 1u);
            v = t->state[k];
            break;
        default: /* CURRENT and INTERVAL: the value itself */
            v = x;
            break;
        }
        t->value[k] = (uint16_t)v;
    }
    t->last_millis = now_millis;
    t->started = 1;
    for (f = 0; f < t->stage.features; f++) {
        x2[f] = t->value[t->stage_source[f]];
    }
    dk_predict(&t->stage, x2, &p);
    t->last_risk = p.risk_permille;
    clear_window(t);
    return p.risk_permille;
}
