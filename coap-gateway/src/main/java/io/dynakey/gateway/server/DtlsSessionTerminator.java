package io.dynakey.gateway.server;

import io.dynakey.gateway.service.Caller;
import io.dynakey.gateway.service.SessionKeys;
import io.dynakey.gateway.service.SessionTerminator;
import java.security.Principal;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.util.Filter;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.Connection;

/**
 * Ends sessions by terminating their DTLS connections in Scandium's connection store: the
 * connections whose PSK identity names the device at an epoch up to the given one. The device
 * (or whoever holds that key) must handshake again, and the key store decides whether it may.
 */
final class DtlsSessionTerminator implements SessionTerminator {

    private final DTLSConnector connector;
    private final SessionKeys sessions;

    DtlsSessionTerminator(DTLSConnector connector, SessionKeys sessions) {
        this.connector = connector;
        this.sessions = sessions;
    }

    @Override
    public void terminate(String deviceId, int throughEpoch) {
        Filter<Principal> matching = principal -> names(principal, deviceId, throughEpoch);
        connector.startTerminateConnectionsForPrincipal(matching);
    }

    /** How many established connections the device has open on keys up to {@code throughEpoch} (waits for the count). */
    int openConnections(String deviceId, int throughEpoch) throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        Filter<Connection> counting = connection -> {
            if (names(connection.getEstablishedPeerIdentity(), deviceId, throughEpoch)) {
                n.incrementAndGet();
            }
            return false;
        };
        try {
            connector.startForEach(counting).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot count the connections of " + deviceId, e);
        }
        return n.get();
    }

    private boolean names(Principal principal, String deviceId, int throughEpoch) {
        if (!(principal instanceof PreSharedKeyIdentity psk)) {
            return false;
        }
        Caller c = sessions.callerOf(psk.getIdentity());
        return c != null && c.isDevice() && c.deviceId().equals(deviceId) && c.epoch() <= throughEpoch;
    }
}
