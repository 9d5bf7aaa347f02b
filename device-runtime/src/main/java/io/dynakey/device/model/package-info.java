/**
 * Model evaluation on the device: {@link io.dynakey.device.model.ForestEvaluator} walks a
 * validated tiny-model forest with integer arithmetic only and no allocation per call.
 */
package io.dynakey.device.model;
