/**
 * The device's two-slot (A/B) PSK store over {@link io.dynakey.device.hal.SecureStorage}: a new
 * key is staged in the slot that does not hold the active key and committed by rewriting that
 * slot, so a power cut at any instant leaves a usable key and the active epoch never goes back.
 * {@link io.dynakey.device.keys.DeviceIdentity} holds the factory identity (device id, Ed25519
 * identity key, gateway and model publisher keys) in the identity slot.
 */
package io.dynakey.device.keys;
