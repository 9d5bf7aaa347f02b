/**
 * Feature windows: fixed-size ring buffers over the board's telemetry counters that produce the
 * device features of {@link io.dynakey.models.FeatureIds} as raw {@code long} values, written into
 * a caller-owned input vector in the order of a model's feature schema. Nothing is allocated per
 * sample.
 */
package io.dynakey.device.features;
