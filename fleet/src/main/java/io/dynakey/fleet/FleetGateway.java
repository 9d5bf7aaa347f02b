package io.dynakey.fleet;

import io.dynakey.device.wire.RotationReason;

/**
 * The gateway as the fleet simulator sees it, with the network and the device-side protocol
 * client in between. The product implementation runs each device's real rotation client over a
 * host DTLS transport against the real gateway on loopback; a second implementation
 * ({@link SimulatedGateway}) keeps the key table in memory for unit tests and for runs where the
 * real gateway is not available, and says so in {@link #describe()}.
 *
 * <p>Calls for different devices may come concurrently from several threads; calls for one device
 * never overlap.
 */
public interface FleetGateway extends AutoCloseable {

    /** A device's state as the simulator tracks it; its secrets stay inside the implementation. */
    interface Device {
        /** Device index in the run. */
        int index();

        /** Current key epoch. */
        long epoch();
    }

    /** A copy of a device's credentials at one instant, as an attacker would hold them. */
    interface StolenKey {
        int device();

        long epoch();
    }

    /** One line: what this gateway is (real DTLS on which port and ledger, or in-process). */
    String describe();

    /** Whether the traffic really crosses DTLS to a gateway. */
    boolean realNetwork();

    /** Enrols a device of {@code group}; it starts at its first epoch. */
    Device enroll(int index, int group) throws FleetException;

    /**
     * Rotates the device's key: the full two-phase rotation, so that on return the new key is
     * current at the gateway and the old one no longer opens a session.
     *
     * @param reason a {@link io.dynakey.device.wire.RotationReason} code
     * @param riskPermille the risk the device reports, 0..1000
     * @param virtualMillis virtual time of the rotation (carried in events, not used for timing)
     */
    void rotate(Device device, int reason, int riskPermille, long virtualMillis) throws FleetException;

    /** The attacker's copy of the device's current key. */
    StolenKey steal(Device device);

    /** Whether the gateway still accepts a session under the stolen key (a real handshake when {@link #realNetwork()}). */
    boolean accepts(StolenKey key) throws FleetException;

    /** Posts a telemetry batch of {@code rows} observations with the device's current key. */
    void telemetry(Device device, int rows, int maxRiskPermille, long virtualMillis) throws FleetException;

    /** Counters since this gateway was opened. */
    GatewayCounters counters();

    @Override
    void close() throws FleetException;
}
