package io.dynakey.cli.fleet;

import io.dynakey.hardware.fleet.FleetException;
import io.dynakey.hardware.fleet.FleetGateway;
import io.dynakey.hardware.fleet.GatewayCounters;
import java.nio.file.Path;

/** The real gateway for fleet runs (pending the gateway's rotation service). */
final class RealGateway implements FleetGateway {

    private RealGateway() {
    }

    static boolean available() {
        return false;
    }

    static RealGateway start(Path dir, FleetOptions o) throws FleetException {
        throw new FleetException("the real gateway is not available in this build");
    }

    Path journal() {
        return null;
    }

    @Override
    public String describe() {
        return "";
    }

    @Override
    public boolean realNetwork() {
        return true;
    }

    @Override
    public Device enroll(int index, int group) throws FleetException {
        throw new FleetException("unavailable");
    }

    @Override
    public void rotate(Device device, int reason, int riskPermille, long virtualMillis) throws FleetException {
        throw new FleetException("unavailable");
    }

    @Override
    public StolenKey steal(Device device) {
        return null;
    }

    @Override
    public boolean accepts(StolenKey key) throws FleetException {
        throw new FleetException("unavailable");
    }

    @Override
    public void telemetry(Device device, int rows, int maxRiskPermille, long virtualMillis) throws FleetException {
        throw new FleetException("unavailable");
    }

    @Override
    public GatewayCounters counters() {
        return new GatewayCounters(-1, 0, 0, false);
    }

    @Override
    public void close() {
    }
}
