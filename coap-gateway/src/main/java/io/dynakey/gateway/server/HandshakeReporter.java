package io.dynakey.gateway.server;

import io.dynakey.gateway.Gateway;
import org.eclipse.californium.scandium.DtlsHealth;

/**
 * Scandium's health hook turned into {@link io.dynakey.gateway.service.GatewayObserver#handshakeEnded}
 * calls on the gateway's current observer; records and dumps are not reported.
 */
final class HandshakeReporter implements DtlsHealth {

    private final Gateway gateway;

    HandshakeReporter(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void dump(String tag, int maxConnections, int remainingCapacity, int pendingWithoutVerify) {
        // the gateway logs no periodic health dump
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public void startHandshake() {
        // counted when it ends
    }

    @Override
    public void endHandshake(boolean success) {
        gateway.observer().handshakeEnded(success);
    }

    @Override
    public void receivingRecord(boolean dropped) {
        // not reported
    }

    @Override
    public void sendingRecord(boolean dropped) {
        // not reported
    }
}
