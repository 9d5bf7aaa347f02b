/**
 * The host implementation of the device HAL: a simulated board on a JVM. Storage is files with
 * atomic replace, time is the system clock or a virtual clock the fleet simulator advances, entropy
 * is {@link java.security.SecureRandom} (or a seeded generator for reproducible simulation only),
 * and telemetry counters are fed by the traffic the device really sends and receives. The host
 * {@code Transport} over Californium and Scandium lives in {@code io.dynakey.hardware.transport}.
 */
package io.dynakey.hardware.hal;
