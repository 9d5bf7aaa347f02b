/*
 * Test driver for the JUnit comparison (tiny-models CReaderAgreementTest). Reads records from
 * stdin, each: u32 model length, the model bytes, u32 value count, that many i64 raw feature
 * values (all little-endian; the values are consecutive inputs of F features each). Writes one
 * line per record: "REASON OFFSET" if dk_model_open rejects the model, else "OK" followed by
 * " CLASS:RISK" per input.
 *
 * With "-s 1" or "-s 0" it also verifies the signature of each accepted model through a verify
 * callback that returns the given verdict (computed on the Java side with Bouncy Castle: this
 * host test does not implement Ed25519 in C) and reports where the callback was pointed:
 * " SIG=OK|BAD_SIGNATURE MSG=offset+length AT=offset", offsets relative to the model buffer.
 * Without -s the signature is not checked (the golden files have a zeroed trailer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dynakey_model.h"

#define MAX_MODEL (4u * 1024u * 1024u)
#define MAX_VALUES (1u << 20)

static uint8_t model_buf[MAX_MODEL];
static int64_t values[MAX_VALUES];

typedef struct {
    int verdict;
    const uint8_t *base;
    long msg_off, sig_off;
    size_t msg_len;
} sig_probe;

static int probe_verify(void *ctx, const uint8_t *msg, size_t msg_len, const uint8_t *sig)
{
    sig_probe *p = (sig_probe *)ctx;
    p->msg_off = (long)(msg - p->base);
    p->msg_len = msg_len;
    p->sig_off = (long)(sig - p->base);
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

static int read_values(uint32_t count)
{
    uint32_t i;
    uint8_t b[8];
    for (i = 0; i < count; i++) {
        uint64_t u = 0;
        int k;
        if (fread(b, 1, 8, stdin) != 8) {
            return 0;
        }
        for (k = 7; k >= 0; k--) {
            u = (u << 8) | b[k];
        }
        values[i] = u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
    }
    return 1;
}

int main(int argc, char **argv)
{
    int sig_mode = -1;
    uint32_t len, count;
    if (argc == 3 && strcmp(argv[1], "-s") == 0) {
        sig_mode = atoi(argv[2]) != 0;
    } else if (argc != 1) {
        fprintf(stderr, "usage: dk_check [-s 0|1] < records\n");
        return 2;
    }
    while (read_u32(&len)) {
        dk_model m;
        uint32_t off = 0, i;
        dk_status s;
        if (len > MAX_MODEL || fread(model_buf, 1, len, stdin) != len || !read_u32(&count)
                || count > MAX_VALUES || !read_values(count)) {
            fprintf(stderr, "dk_check: bad record\n");
            return 2;
        }
        s = dk_model_open(&m, model_buf, len, &off);
        if (s != DK_OK) {
            printf("%s %lu\n", dk_status_name(s), (unsigned long)off);
            continue;
        }
        printf("OK");
        for (i = 0; i + m.features <= count; i += m.features) {
            dk_prediction p;
            dk_predict(&m, values + i, &p);
            printf(" %u:%u", (unsigned)p.class_index, (unsigned)p.risk_permille);
        }
        if (sig_mode >= 0) {
            sig_probe probe;
            probe.verdict = sig_mode;
            probe.base = model_buf;
            probe.msg_off = probe.sig_off = -1;
            probe.msg_len = 0;
            s = dk_model_verify_signature(&m, probe_verify, &probe);
            printf(" SIG=%s MSG=%ld+%lu AT=%ld", dk_status_name(s), probe.msg_off,
                   (unsigned long)probe.msg_len, probe.sig_off);
        }
        printf("\n");
    }
    return 0;
}
