/**
 * Host test helpers for code that runs on the device HAL: an in-memory {@code SecureStorage}, a
 * storage that loses power at a chosen write step, a deterministic {@code Entropy} and hex
 * helpers. Published in device-runtime's test-jar for the other modules' tests.
 */
package io.dynakey.device.testing;
