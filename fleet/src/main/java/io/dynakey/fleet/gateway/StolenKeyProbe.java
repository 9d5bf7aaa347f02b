package io.dynakey.fleet.gateway;

import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.KeyRow;
import io.dynakey.gateway.store.KeyState;
import io.dynakey.hardware.transport.DtlsTransport;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The attacker's test of a stolen key: a real DTLS handshake under the stolen PSK and one CoAP
 * request. Scandium does not tell a client that its handshake was refused (the client times out),
 * so a probe first waits briefly; a timeout counts as refused only when the key store agrees that
 * the key no longer opens sessions, otherwise the probe is repeated with the full timeout.
 */
final class StolenKeyProbe {

    private static final byte[] PATH = ".well-known/core".getBytes(StandardCharsets.US_ASCII);

    private final DtlsLanes lanes;
    private final DeviceKeyStore store;
    private final LongSupplier gatewayClock;

    StolenKeyProbe(DtlsLanes lanes, DeviceKeyStore store, LongSupplier gatewayClock) {
        this.lanes = lanes;
        this.store = store;
        this.gatewayClock = gatewayClock;
    }

    /** Whether the gateway answers a session under {@code psk} for {@code deviceId} at {@code epoch}. */
    boolean accepted(String deviceId, long epoch, byte[] identity, byte[] psk) throws Exception {
        if (once(lanes.quickProbe(), identity, psk)) {
            return true;
        }
        return mayOpenSessions(deviceId, epoch) && once(lanes.slowProbe(), identity, psk);
    }

    /** Whether the key store still holds the key of {@code epoch} in a state that opens sessions now. */
    boolean mayOpenSessions(String deviceId, long epoch) throws Exception {
        long now = gatewayClock.getAsLong();
        for (KeyRow row : store.keys(deviceId)) {
            if (row.epoch() == epoch && opensSessions(row, now)) {
                return true;
            }
        }
        return false;
    }

    private static boolean opensSessions(KeyRow row, long now) {
        return row.state() == KeyState.CURRENT || row.state() == KeyState.PENDING
                || row.state() == KeyState.RETIRING && row.retireAfterMs() > now;
    }

    private static boolean once(DtlsTransport t, byte[] identity, byte[] psk) {
        try {
            t.usePsk(identity, identity.length, psk, psk.length);
            t.dropSession();
            t.request(Transport.METHOD_GET, PATH, PATH.length, new byte[0], 0, 0, new byte[2048], 0, 2048);
            return true;
        } catch (TransportException refused) {
            return false;
        } finally {
            t.dropSession();
        }
    }
}
