/**
 * Traffic profiles: per-class quantiles of every raw feature, derived from training data and safe
 * to ship (no rows), from which a simulator samples realistic telemetry when the data is absent.
 */
package io.dynakey.trainer.profile;
