/**
 * Wiring of the fleet simulator to the real components for {@code dynakey fleet} and
 * {@code dynakey demo}: traffic and model from the trainer (or the shipped model and traffic
 * profile), the real gateway over DTLS on loopback with its journal ledger, and the report.
 * The simulator itself lives in {@code io.dynakey.hardware.fleet}.
 */
package io.dynakey.cli.fleet;
