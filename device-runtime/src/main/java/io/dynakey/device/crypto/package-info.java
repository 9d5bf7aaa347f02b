/**
 * Device cryptography over Bouncy Castle's lightweight API: X25519 key agreement, Ed25519
 * signatures, HKDF-SHA256, AES-CCM-8, the rotation key schedule and model signature checks.
 * Every operation works in caller-owned buffers, wipes the secrets it derives and never puts a
 * secret into an exception message or {@code toString()}.
 */
package io.dynakey.device.crypto;
