/**
 * The fleet simulator: many simulated devices in one JVM, in virtual time, each with a security
 * group and a traffic source (replayed real rows or a sampled traffic profile), with compromises
 * injected by a seeded scenario. The same scenario runs under several rotation policies (fixed
 * interval, adaptive model + governor, oracle) and yields per-policy exposure and cost figures.
 * The device side of every virtual-time step runs locally; rotations, attacker probes and
 * telemetry batches go to a {@link io.dynakey.fleet.FleetGateway}, which in the product
 * is the real gateway over DTLS on loopback.
 */
package io.dynakey.fleet;
