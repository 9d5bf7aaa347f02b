/**
 * Federated training (docs/federated.md): each site (gateway) answers the coordinator's
 * {@link io.dynakey.trainer.federated.FederatedPlan} with {@link io.dynakey.trainer.federated.SiteStats},
 * per-node, per-feature, per-label histograms over the shared 16-bit quantized bins, never raw
 * rows; the {@link io.dynakey.trainer.federated.FederatedCoordinator} grows one CART tree level by
 * level from the clipped, screened sum of all sites' histograms, and the result is exported and
 * signed like any model.
 */
package io.dynakey.trainer.federated;
