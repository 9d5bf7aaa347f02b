/**
 * The policy benchmark behind {@code ./dynakey bench policy}: the learned rotation policy against
 * the fixed schedule at the same rotation budget, over a matrix of data sets, attack shares and
 * attack classes, each cell learned on training traffic and measured on held-out traffic.
 */
package io.dynakey.bench.policy;
