/*
 * Timing driver for `./dynakey bench device`: evaluates a model on rows of raw features, many
 * rounds, and reports nanoseconds per prediction; writes each row's result (class << 16 | risk)
 * so that the caller can check agreement with Java on every input.
 *
 *   dk_bench MODEL ROWS OUT ROUNDS
 *     MODEL  the model file
 *     ROWS   int64 little-endian raw features, F per row
 *     OUT    written: one uint32 little-endian per row
 *   prints: "ns_per_prediction <value>" and "checksum <value>"
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dynakey_model.h"

static unsigned char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "dk_bench: cannot read %s\n", path);
        exit(2);
    }
    buf = malloc((size_t)n + 1u);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "dk_bench: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    *length = (size_t)n;
    return buf;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t model_len, rows_len, rows, r, i;
    unsigned char *file, *raw;
    int64_t *x;
    uint32_t *results, offset = 0, checksum = 0;
    dk_model model;
    dk_prediction p;
    dk_status st;
    long rounds, k;
    double t0, t1;
    FILE *out;
    if (argc != 5) {
        fprintf(stderr, "usage: dk_bench MODEL ROWS OUT ROUNDS\n");
        return 2;
    }
    file = read_file(argv[1], &model_len);
    st = dk_model_open(&model, file, model_len, &offset);
    if (st != DK_OK) {
        fprintf(stderr, "dk_bench: %s at offset %u\n", dk_status_name(st), (unsigned)offset);
        return 1;
    }
    raw = read_file(argv[2], &rows_len);
    rows = rows_len / (8u * model.features);
    x = malloc(rows * model.features * sizeof(int64_t));
    results = malloc(rows * sizeof(uint32_t));
    if (x == NULL || results == NULL || rows == 0) {
        fprintf(stderr, "dk_bench: no rows\n");
        return 2;
    }
    for (i = 0; i < rows * model.features; i++) {
        uint64_t v = 0;
        int b;
        for (b = 7; b >= 0; b--) {
            v = (v << 8) | raw[8u * i + (unsigned)b];
        }
        memcpy(&x[i], &v, sizeof v);
    }
    rounds = strtol(argv[4], NULL, 10);
    /* warm-up round, and the results */
    for (r = 0; r < rows; r++) {
        dk_predict(&model, x + r * model.features, &p);
        results[r] = ((uint32_t)p.class_index << 16) | p.risk_permille;
    }
    t0 = now_ns();
    for (k = 0; k < rounds; k++) {
        for (r = 0; r < rows; r++) {
            dk_predict(&model, x + r * model.features, &p);
            checksum += p.risk_permille + p.class_index;
        }
    }
    t1 = now_ns();
    out = fopen(argv[3], "wb");
    if (out == NULL) {
        fprintf(stderr, "dk_bench: cannot write %s\n", argv[3]);
        return 2;
    }
    for (r = 0; r < rows; r++) {
        unsigned char b[4];
        b[0] = (unsigned char)(results[r] & 0xFFu);
        b[1] = (unsigned char)((results[r] >> 8) & 0xFFu);
        b[2] = (unsigned char)((results[r] >> 16) & 0xFFu);
        b[3] = (unsigned char)(results[r] >> 24);
        fwrite(b, 1, 4, out);
    }
    fclose(out);
    printf("ns_per_prediction %.3f\n", (t1 - t0) / ((double)rounds * (double)rows));
    printf("checksum %u\n", (unsigned)checksum);
    free(x);
    free(results);
    free(raw);
    free(file);
    return 0;
}
