/** Trainer throughput benchmark: load, train, export and predict rates, peak heap, whole-pipeline time. */
package io.dynakey.bench.trainer;
