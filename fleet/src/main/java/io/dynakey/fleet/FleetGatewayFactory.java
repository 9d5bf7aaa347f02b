package io.dynakey.fleet;

/** Opens a fresh gateway (empty key store, own counters) for one policy's run. */
@FunctionalInterface
public interface FleetGatewayFactory {

    /** @param runName the policy's name, for directories and logs */
    FleetGateway open(String runName) throws FleetException;
}
