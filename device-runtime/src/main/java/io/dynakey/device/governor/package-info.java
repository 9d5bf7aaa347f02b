/**
 * The rotation governor: turns the model's risk, the key's age and use, and the device group's
 * policy into one of {@code NONE / ROTATE_SOON / ROTATE_NOW / QUARANTINE} with a reason code.
 * Hard limits always win; hysteresis and a token-bucket rate limit keep an attacker who controls
 * the risk from causing a rotation storm. Nothing is allocated per decision.
 */
package io.dynakey.device.governor;
