/**
 * The device benchmark behind {@code ./dynakey bench device}: JMH measurements of the tiny-model
 * evaluator against Tribuo's own predict and a plain {@code double[]} tree walk, on the same
 * forests and inputs in one run.
 */
package io.dynakey.bench.device;
