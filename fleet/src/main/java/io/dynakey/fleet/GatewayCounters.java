package io.dynakey.fleet;

/**
 * What the gateway side cost during a run.
 *
 * @param cpuNanos CPU time of the gateway (its threads, or its process), nanoseconds; -1 unknown
 * @param keyManagementBytes bytes on the wire for rotations (handshakes included when measured on the wire)
 * @param telemetryBytes bytes on the wire for telemetry batches
 * @param bytesMeasuredOnWire whether byte counts come from datagrams on the wire rather than payload sizes
 */
public record GatewayCounters(long cpuNanos, long keyManagementBytes, long telemetryBytes, boolean bytesMeasuredOnWire) {
}
