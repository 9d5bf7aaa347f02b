/**
 * Host test helpers shared by every module's tests: a storage that loses power at a chosen write
 * step (over {@link io.dynakey.device.hal.MemorySecureStorage}), a deterministic {@code Entropy},
 * hex and byte-search helpers, and the launcher of child JVMs. Published in device-runtime's
 * test-jar; the seeded fuzz mutator is one level down, in tiny-models' test-jar.
 */
package io.dynakey.device.testing;
