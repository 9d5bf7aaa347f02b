package io.dynakey.fleet.gateway;

import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.fleet.LinkProfile;
import io.dynakey.fleet.UdpRelay;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pooled DTLS clients for thousands of simulated devices: each worker thread keeps one client per
 * relay (key management, telemetry, attacker probes) and switches it between devices. A device
 * talks through its own {@link DeviceTransport}, which puts the device's PSK on the thread's
 * pooled client when another device (or an older key of this one) used it last, so every such
 * exchange starts with a new full handshake under the device's current key.
 *
 * <p>A pooled client is replaced after {@link #recycleAfter()} requests: Scandium keeps counting
 * handshake message sequence numbers across the handshakes of one connection and fails past 65,535,
 * so a client that served thousands of devices would stall. Thread-safe: the lanes of a thread are
 * used only by that thread.
 */
final class DtlsLanes implements AutoCloseable {

    /** Requests after which a pooled client is replaced by default. */
    static final int RECYCLE_AFTER_REQUESTS = 400;

    private final DtlsClients clients;
    private final DtlsClients quickClients;
    private final UdpRelay keyRelay;
    private final UdpRelay telemetryRelay;
    private final UdpRelay probeRelay;
    private final int recycleAfter;
    private final LinkProfile link;
    private final AtomicLong linkKeys = new AtomicLong();
    private final Map<Thread, Lanes> byThread = new ConcurrentHashMap<>();
    private final List<DtlsTransport> open = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param clients clients with the full response timeout
     * @param quickClients clients with a short timeout, for probes (a refused handshake only shows as a timeout)
     * @param recycleAfter requests after which a pooled client is replaced
     */
    DtlsLanes(DtlsClients clients, DtlsClients quickClients, UdpRelay keyRelay, UdpRelay telemetryRelay,
              UdpRelay probeRelay, int recycleAfter) {
        this(clients, quickClients, keyRelay, telemetryRelay, probeRelay, recycleAfter, null);
    }

    /**
     * As above; every key-management and telemetry client is put on {@code link} at its relay (null: a
     * perfect link). Probes stay on a perfect link: they measure the gateway, not the network.
     */
    DtlsLanes(DtlsClients clients, DtlsClients quickClients, UdpRelay keyRelay, UdpRelay telemetryRelay,
              UdpRelay probeRelay, int recycleAfter, LinkProfile link) {
        if (recycleAfter < 1) {
            throw new IllegalArgumentException("recycleAfter must be >= 1, not " + recycleAfter);
        }
        this.clients = clients;
        this.quickClients = quickClients;
        this.keyRelay = keyRelay;
        this.telemetryRelay = telemetryRelay;
        this.probeRelay = probeRelay;
        this.recycleAfter = recycleAfter;
        this.link = link;
    }

    int recycleAfter() {
        return recycleAfter;
    }

    /** Clients opened and not yet closed, over all threads (replaced ones are closed). */
    int openClients() {
        return open.size();
    }

    /** A new device-side transport on the key-management lane. */
    DeviceTransport keyTransport() {
        return new DeviceTransport(false);
    }

    /** A new device-side transport on the telemetry lane. */
    DeviceTransport telemetryTransport() {
        return new DeviceTransport(true);
    }

    /** The calling thread's probe client with the short timeout. */
    DtlsTransport quickProbe() {
        Lanes l = lanes();
        l.probe.uses++;
        return l.probe.transport;
    }

    /** The calling thread's probe client with the full timeout. */
    DtlsTransport slowProbe() {
        return lanes().probeSlow.transport;
    }

    private Lanes lanes() {
        Lanes l = byThread.computeIfAbsent(Thread.currentThread(), t -> new Lanes());
        l.recycle();
        return l;
    }

    private DtlsTransport connect(DtlsClients from, UdpRelay relay) {
        DtlsTransport t = from.connect(relay.address());
        if (link != null && relay != probeRelay) {
            relay.assign(t.localAddress(), link, linkKeys.incrementAndGet(), 0);
        }
        open.add(t);
        return t;
    }

    /** Closes every pooled client; the {@link DtlsClients} stay the caller's to close. */
    @Override
    public void close() {
        synchronized (open) {
            for (DtlsTransport t : open) {
                t.close();
            }
            open.clear();
        }
        byThread.clear();
    }

    /**
     * One pooled client of one worker thread, which device (transport and key version) it last
     * carried, and how many requests it served since it was opened.
     */
    private final class Lane {
        private final DtlsClients from;
        private final UdpRelay relay;
        DtlsTransport transport;
        Object owner;
        long ownerVersion;
        int uses;

        Lane(DtlsClients from, UdpRelay relay) {
            this.from = from;
            this.relay = relay;
            this.transport = connect(from, relay);
        }

        boolean spent() {
            return uses > recycleAfter;
        }

        /** Closes this client and opens a fresh one that carries no device yet. */
        void replace() {
            relay.forget(transport.localAddress()); // else the relay keeps this client's upstream socket open
            transport.close();
            open.remove(transport);
            transport = connect(from, relay);
            owner = null;
            uses = 0;
        }

        /** Counts a request and puts the owner's PSK on the client if another owner or key used it last. */
        DtlsTransport carry(Object who, long version, byte[] identity, byte[] psk) throws TransportException {
            uses++;
            if (owner != who || ownerVersion != version) {
                transport.usePsk(identity, identity.length, psk, psk.length);
                owner = who;
                ownerVersion = version;
            }
            return transport;
        }
    }

    /** One worker thread's clients: key management, telemetry, and the quick and slow probes. */
    private final class Lanes {
        final Lane key = new Lane(clients, keyRelay);
        final Lane telemetry = new Lane(clients, telemetryRelay);
        final Lane probe = new Lane(quickClients, probeRelay);
        final Lane probeSlow = new Lane(clients, probeRelay);

        /** Replaces clients past their request budget (their next request makes a new handshake anyway). */
        void recycle() {
            if (key.spent()) {
                key.replace();
            }
            if (telemetry.spent()) {
                telemetry.replace();
            }
            // the two probe clients serve one probe together and are counted on the quick one
            if (probe.spent()) {
                probe.replace();
                probeSlow.replace();
            }
        }
    }

    /**
     * A device's view of its transport: it keeps the device's PSK and, on each request, puts it on the
     * calling thread's pooled client of its lane if another owner (or an older key) used that client last.
     */
    final class DeviceTransport implements Transport {
        private final boolean telemetryLane;
        private byte[] identity = new byte[0];
        private byte[] psk = new byte[0];
        private long version;
        private int lastCode;

        private DeviceTransport(boolean telemetryLane) {
            this.telemetryLane = telemetryLane;
        }

        @Override
        public void usePsk(byte[] id, int idLen, byte[] key, int keyLen) {
            identity = Arrays.copyOf(id, idLen);
            Arrays.fill(psk, (byte) 0);
            psk = Arrays.copyOf(key, keyLen);
            version++;
        }

        @Override
        public int request(int method, byte[] path, int pathLen, byte[] payload, int payloadOff, int payloadLen,
                           byte[] response, int responseOff, int responseMax) throws TransportException {
            Lanes l = lanes();
            DtlsTransport t = (telemetryLane ? l.telemetry : l.key).carry(this, version, identity, psk);
            try {
                return t.request(method, path, pathLen, payload, payloadOff, payloadLen, response, responseOff,
                        responseMax);
            } finally {
                lastCode = t.lastResponseCode();
            }
        }

        /** Wipes the PSK this transport holds. */
        void wipe() {
            Arrays.fill(psk, (byte) 0);
        }

        @Override
        public int lastResponseCode() {
            return lastCode;
        }

        @Override
        public String toString() {
            return "DeviceTransport[" + (telemetryLane ? "telemetry" : "key") + " lane]";
        }
    }
}
