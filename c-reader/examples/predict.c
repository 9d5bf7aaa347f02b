/*
 * Example: load a model file, check it, print its header and the prediction for raw feature
 * values given on the command line.
 *
 *   ./predict model.dktm 12 0 3500 ...      (F integers)
 *
 * The file is read into a static buffer, as a board would map it from flash; nothing is
 * allocated. The signature is not checked here (a board passes its Ed25519 verify function to
 * dk_model_verify_signature before it uses a model).
 */
#include <stdio.h>
#include <stdlib.h>
#include "dynakey_model.h"

static uint8_t flash[DK_MAX_FILE_SIZE + 1];

int main(int argc, char **argv)
{
    FILE *in;
    size_t len;
    dk_model model;
    uint32_t where = 0;
    dk_status s;
    int64_t x[DK_MAX_FEATURES];
    dk_prediction p;
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: %s MODEL.dktm [raw feature values...]\n", argv[0]);
        return 2;
    }
    in = fopen(argv[1], "rb");
    if (in == NULL) {
        perror(argv[1]);
        return 2;
    }
    len = fread(flash, 1, sizeof flash, in);
    fclose(in);
    s = dk_model_open(&model, flash, len, &where);
    if (s != DK_OK) {
        fprintf(stderr, "%s: rejected: %s at byte %lu\n", argv[1], dk_status_name(s), (unsigned long)where);
        return 1;
    }
    printf("model %lu version %lu: %u features, %u classes, %u trees, %lu nodes, %lu bytes\n",
           (unsigned long)model.model_id, (unsigned long)model.model_version, (unsigned)model.features,
           (unsigned)model.classes, (unsigned)model.trees, (unsigned long)model.nodes,
           (unsigned long)model.length);
    {
        dk_rotation r;
        if (dk_model_rotation(&model, &r)) {
            unsigned b;
            printf("rotation schedule: %u band(s) on the window's %s risk, smoothing %u permille; calendar %lu s",
                   (unsigned)r.bands, r.window_max ? "maximum" : "mean", (unsigned)r.smoothing_permille,
                   (unsigned long)r.age_seconds[0]);
            for (b = 1; b < r.bands; b++) {
                printf("; risk >= %u: at age %lu s", (unsigned)r.edge_permille[b], (unsigned long)r.age_seconds[b]);
            }
            printf("\n");
        }
    }
    if (dk_model_temporal_count(&model) != 0) {
        static const char *const kinds[] = {"?", "current", "ewma", "cusum", "count>=", "since>=", "interval"};
        dk_model stage;
        dk_temporal_def def;
        unsigned k;
        (void)dk_model_second_stage(&model, &stage);
        printf("temporal section: %u feature(s), high row >= %u permille, second stage %u feature(s), %u tree(s), %lu nodes:",
               dk_model_temporal_count(&model), dk_model_temporal_high_row(&model), (unsigned)stage.features,
               (unsigned)stage.trees, (unsigned long)stage.nodes);
        for (k = 0; dk_model_temporal_def(&model, k, &def); k++) {
            printf(" %s(src %u, %u, %u)", kinds[def.kind <= 6u ? def.kind : 0u], (unsigned)def.source, (unsigned)def.p1,
                   (unsigned)def.p2);
        }
        printf("\n");
    }
    if (argc == 2) {
        return 0;
    }
    if (argc - 2 != model.features) {
        fprintf(stderr, "expected %u feature values, got %d\n", (unsigned)model.features, argc - 2);
        return 2;
    }
    for (i = 0; i < model.features; i++) {
        x[i] = strtoll(argv[i + 2], NULL, 10);
    }
    dk_predict(&model, x, &p);
    printf("class %u, risk %u permille\n", (unsigned)p.class_index, (unsigned)p.risk_permille);
    return 0;
}
