/**
 * The real gateway of a fleet run, in parts: {@link io.dynakey.fleet.gateway.RealGateway} (the
 * gateway's lifecycle and the device-side protocol), {@code DtlsLanes} (pooled DTLS clients per
 * worker thread), {@code StolenKeyProbe} (the attacker's real handshakes), {@code GatewayCpu}
 * (the gateway threads' CPU time) and {@code LedgerDrain} (outbox into the journal ledger). The
 * in-process stand-in is {@link io.dynakey.fleet.SimulatedGateway}.
 */
package io.dynakey.fleet.gateway;
