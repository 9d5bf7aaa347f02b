/**
 * Robustness of the quantized models against an attacker who knows them (docs/threat-model.md):
 * the threat model read from the schema ({@link io.dynakey.trainer.robust.ThreatModel}), the
 * smallest evasion by exact search over the threshold cells ({@link io.dynakey.trainer.robust.EvasionSearch}),
 * a sound certificate of the robustness radius ({@link io.dynakey.trainer.robust.Certifier}) and
 * the rates and accuracies a report needs ({@link io.dynakey.trainer.robust.RobustnessEvaluation}),
 * and robust training ({@link io.dynakey.trainer.robust.AdversarialTraining}: adversarial rows,
 * splits on uncontrolled features only, robust leaf labels for one-tree models).
 * Everything reasons on the integer trees the device evaluates
 * ({@link io.dynakey.device.model.ForestEvaluator}), so there is no floating-point gap.
 */
package io.dynakey.trainer.robust;
