/*
 * Test driver for the JUnit comparison (tiny-models CReaderAgreementTest). Reads records from
 * stdin, each (all little-endian): u32 model length, the model bytes, u32 value count, that many
 * i64 raw feature values (consecutive inputs of F features each), u32 signature verdict, u32 window
 * count W, then W times (u32 rows, i64 end in milliseconds). Writes one line per record:
 * "REASON OFFSET" if dk_model_open rejects the model, else "OK" followed by " CLASS:RISK" per
 * input, then the rotation schedule as " ROT=bands/window/smoothing/edges/ages" (comma-separated
 * lists) or " ROT=none", then the temporal section (format 1.2) as
 * " TMP=K/high/kind.source.p1.p2,..." or " TMP=none". For a model with the section, the W windows
 * are then replayed through dk_temporal_*: window w takes the next `rows` inputs (from the first
 * input on) and prints " W=decision/mean/max/high/v0.v1...". W is ignored for other models.
 *
 * Signature: this host test does not implement Ed25519 in C. If the verdict is 0 or 1, the
 * driver calls dk_model_verify_signature with a verify callback that returns that verdict (the
 * Java side computed it with the JDK's Ed25519 over the same file) and records what the reader
 * handed it; the line then ends with " SIG=OK|BAD_SIGNATURE MSG=offset+length AT=offset
 * CRC=crc(msg)/crc(sig)", offsets relative to the model buffer, so the Java side can check that
 * the callback saw exactly the signed region and the trailer, in place. A verdict of 0xFFFFFFFF
 * skips the signature (the golden files have a zeroed trailer).
 *
 * Each model is copied into a heap block of exactly its length (the reader itself allocates
 * nothing), so that AddressSanitizer reports a read even one byte past the end of the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynakey_model.h"

#define MAX_MODEL (4u * 1024u * 1024u)
#define MAX_VALUES (1u << 20)
#define MAX_WINDOWS (1u << 16)

static uint8_t model_buf[MAX_MODEL];
static int64_t values[MAX_VALUES];
static uint32_t window_rows[MAX_WINDOWS];
static int64_t window_end[MAX_WINDOWS];

#define SKIP_SIGNATURE 0xFFFFFFFFu

typedef struct {
    int verdict;
    const uint8_t *base;
    long msg_off, sig_off;
    size_t msg_len;
    uint32_t msg_crc, sig_crc;
} sig_probe;

static int probe_verify(void *ctx, const uint8_t *msg, size_t msg_len, const uint8_t *sig)
{
    sig_probe *p = (sig_probe *)ctx;
    p->msg_off = (long)(msg - p->base);
    p->msg_len = msg_len;
    p->sig_off = (long)(sig - p->base);
    p->msg_crc = dk_crc32(msg, msg_len);
    p->sig_crc = dk_crc32(sig, DK_SIGNATURE_SIZE);
    return p->verdict;
}

static int read_u32(uint32_t *v)
{
    uint8_t b[4];
    if (fread(b, 1, 4, stdin) != 4) {
        return 0;
    }
    *v = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
    return 1;
}

static int read_i64(int64_t *v)
{
    uint8_t b[8];
    uint64_t u = 0;
    int k;
    if (fread(b, 1, 8, stdin) != 8) {
        return 0;
    }
    for (k = 7; k >= 0; k--) {
        u = (u << 8) | b[k];
    }
    *v = u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
    return 1;
}

static int read_values(uint32_t count)
{
    uint32_t i;
    for (i = 0; i < count; i++) {
        if (!read_i64(&values[i])) {
            return 0;
        }
    }
    return 1;
}

static int read_windows(uint32_t *windows)
{
    uint32_t i;
    if (!read_u32(windows) || *windows > MAX_WINDOWS) {
        return 0;
    }
    for (i = 0; i < *windows; i++) {
        if (!read_u32(&window_rows[i]) || !read_i64(&window_end[i])) {
            return 0;
        }
    }
    return 1;
}

/* the section's definitions, then the windows replayed through the detector */
static int print_temporal(const dk_model *m, uint32_t count, uint32_t windows)
{
    static dk_temporal t; /* about 1.1 KiB: static, like the other buffers of this driver */
    dk_temporal_def def;
    unsigned k;
    uint32_t w, row = 0, r;
    if (dk_model_temporal_count(m) == 0) {
        printf(" TMP=none");
        return 1;
    }
    printf(" TMP=%u/%u/", dk_model_temporal_count(m), dk_model_temporal_high_row(m));
    for (k = 0; dk_model_temporal_def(m, k, &def); k++) {
        printf("%s%u.%u.%u.%u", k > 0 ? "," : "", (unsigned)def.kind, (unsigned)def.source, (unsigned)def.p1,
               (unsigned)def.p2);
    }
    if (dk_temporal_init(&t, m) != DK_OK) {
        fprintf(stderr, "dk_check: dk_temporal_init refused an opened model with a temporal section\n");
        return 0;
    }
    for (w = 0; w < windows; w++) {
        uint16_t risk;
        for (r = 0; r < window_rows[w]; r++, row++) {
            if ((uint64_t)(row + 1u) * m->features > count) {
                fprintf(stderr, "dk_check: window %lu needs more inputs than the record has\n", (unsigned long)w);
                return 0;
            }
            (void)dk_temporal_add_row(&t, values + (size_t)row * m->features);
        }
        risk = dk_temporal_end_window(&t, window_end[w]);
        printf(" W=%u/%u/%u/%u/", (unsigned)risk, (unsigned)t.last_mean, (unsigned)t.last_max,
               (unsigned)t.last_high_share);
        for (k = 0; k < t.count; k++) {
            printf("%s%u", k > 0 ? "." : "", (unsigned)t.value[k]);
        }
    }
    return 1;
}

static void print_rotation(const dk_model *m)
{
    dk_rotation r;
    unsigned b;
    if (!dk_model_rotation(m, &r)) {
        printf(" ROT=none");
        return;
    }
    printf(" ROT=%u/%u/%u/", (unsigned)r.bands, (unsigned)r.window_max, (unsigned)r.smoothing_permille);
    for (b = 1; b < r.bands; b++) {
        printf("%s%u", b > 1 ? "," : "", (unsigned)r.edge_permille[b]);
    }
    printf("/");
    for (b = 0; b < r.bands; b++) {
        printf("%s%lu", b > 0 ? "," : "", (unsigned long)r.age_seconds[b]);
    }
}

int main(int argc, char **argv)
{
    uint32_t len, count, verdict, windows;
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: dk_check < records\n");
        return 2;
    }
    while (read_u32(&len)) {
        dk_model m;
        uint8_t *exact;
        uint32_t off = 0, i;
        dk_status s;
        if (len > MAX_MODEL || fread(model_buf, 1, len, stdin) != len || !read_u32(&count)
                || count > MAX_VALUES || !read_values(count) || !read_u32(&verdict)
                || !read_windows(&windows)) {
            fprintf(stderr, "dk_check: bad record\n");
            return 2;
        }
        exact = (uint8_t *)malloc(len == 0 ? 1 : len);
        if (exact == NULL) {
            fprintf(stderr, "dk_check: out of memory\n");
            return 2;
        }
        memcpy(exact, model_buf, len);
        s = dk_model_open(&m, len == 0 ? exact + 1 : exact, len, &off);
        if (s != DK_OK) {
            printf("%s %lu\n", dk_status_name(s), (unsigned long)off);
            free(exact);
            continue;
        }
        printf("OK");
        for (i = 0; i + m.features <= count; i += m.features) {
            dk_prediction p;
            dk_predict(&m, values + i, &p);
            printf(" %u:%u", (unsigned)p.class_index, (unsigned)p.risk_permille);
        }
        print_rotation(&m);
        if (!print_temporal(&m, count, windows)) {
            free(exact);
            return 2;
        }
        if (verdict != SKIP_SIGNATURE) {
            sig_probe probe;
            probe.verdict = verdict == 1u;
            probe.base = exact;
            probe.msg_off = probe.sig_off = -1;
            probe.msg_len = 0;
            probe.msg_crc = probe.sig_crc = 0;
            s = dk_model_verify_signature(&m, probe_verify, &probe);
            printf(" SIG=%s MSG=%ld+%lu AT=%ld CRC=%08lx/%08lx", dk_status_name(s), probe.msg_off,
                   (unsigned long)probe.msg_len, probe.sig_off, (unsigned long)probe.msg_crc,
                   (unsigned long)probe.sig_crc);
        }
        printf("\n");
        free(exact);
    }
    return 0;
}
