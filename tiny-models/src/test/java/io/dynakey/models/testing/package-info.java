/**
 * Test support shared by every module's fuzz tests and the long fuzz runs: the seeded
 * {@link io.dynakey.models.testing.ByteMutator}. Published in tiny-models' test-jar, the bottom of
 * the reactor, so that tiny-models' own tests can use it as well as every module above.
 */
package io.dynakey.models.testing;
