/**
 * Labelled telemetry in: the schema file that maps any CSV onto device features, a streaming CSV
 * reader, the loader that turns cells into raw integer feature values with precise errors, and
 * seeded stratified (optionally grouped) splits.
 */
package io.dynakey.trainer.data;
