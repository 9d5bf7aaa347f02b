package io.dynakey.fleet.delivery;

import io.dynakey.device.hal.HalException;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.fleet.UdpRelay;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * One lab device's transport: a DTLS client (own socket, behind the lossy relay on the device's link)
 * for each retransmission timing it has used, of which one is current, plus a direct client that
 * bypasses the relay for the final key check. It keeps the device's PSK and puts it on the current
 * client when that one last carried another key. Not thread-safe (one device, one thread).
 */
final class LabTransport implements Transport, AutoCloseable {

    private final Map<DeliveryStrategy, DtlsClients> clients;
    private final UdpRelay relay;
    private final InetSocketAddress gateway;
    private final DtlsClients directClients;
    private final DeviceClass deviceClass;
    private final int deviceIndex;
    private final long phaseMs;
    private final Map<DeliveryStrategy, DtlsTransport> open = new EnumMap<>(DeliveryStrategy.class);
    private final Map<DeliveryStrategy, Long> applied = new EnumMap<>(DeliveryStrategy.class);
    private DtlsTransport direct;
    private long directApplied = -1;
    private DeliveryStrategy timing = DeliveryStrategy.DEFAULT;
    private boolean useDirect;
    private byte[] identity = new byte[0];
    private byte[] psk = new byte[0];
    private long version;
    private int lastCode;
    private long deadlineMs = Long.MAX_VALUE;

    LabTransport(Map<DeliveryStrategy, DtlsClients> clients, UdpRelay relay, InetSocketAddress gateway,
                 DtlsClients directClients, DeviceClass deviceClass, int deviceIndex, long phaseMs) {
        this.clients = clients;
        this.relay = relay;
        this.gateway = gateway;
        this.directClients = directClients;
        this.deviceClass = deviceClass;
        this.deviceIndex = deviceIndex;
        this.phaseMs = phaseMs;
    }

    /** Talks through the relay with {@code strategy}'s retransmission timing from the next request on. */
    void use(DeliveryStrategy strategy) {
        timing = strategy;
        useDirect = false;
    }

    /**
     * No request waits past {@code relayMs} (the relay's clock): a request started later fails at once as
     * a timeout. {@link Long#MAX_VALUE} lifts it.
     */
    void deadline(long relayMs) {
        deadlineMs = relayMs;
    }

    /** Talks to the gateway directly (no loss, no sleep): for checking keys after a run. */
    void useDirect() {
        useDirect = true;
    }

    /** Drops the current client's DTLS session: the next request opens a new one, as a device waking up does. */
    void dropSession() {
        DtlsTransport t = open.get(timing);
        if (t != null) {
            t.dropSession();
        }
    }

    /** Bytes this device and the gateway sent each other through the relay, over all its clients. */
    long bytes() {
        long sum = 0;
        for (DtlsTransport t : open.values()) {
            sum += relay.bytesOf(t.localAddress());
        }
        return sum;
    }

    @Override
    public void usePsk(byte[] id, int idLen, byte[] key, int keyLen) {
        byte[] i = Arrays.copyOf(id, idLen);
        byte[] k = Arrays.copyOf(key, keyLen);
        if (Arrays.equals(i, identity) && Arrays.equals(k, psk)) {
            Arrays.fill(k, (byte) 0);
            return;
        }
        Arrays.fill(psk, (byte) 0);
        identity = i;
        psk = k;
        version++;
    }

    @Override
    public int request(int method, byte[] path, int pathLen, byte[] payload, int payloadOff, int payloadLen,
                       byte[] response, int responseOff, int responseMax) throws TransportException {
        DtlsTransport t = current();
        long cap = clientsOf().options().responseTimeoutMs();
        if (deadlineMs != Long.MAX_VALUE && !useDirect) {
            long left = deadlineMs - relay.nowMs();
            if (left <= 0) {
                throw new TransportException(HalException.REASON_TIMEOUT, "rotation deadline passed");
            }
            cap = Math.min(cap, left);
        }
        t.setResponseTimeout(cap);
        try {
            return t.request(method, path, pathLen, payload, payloadOff, payloadLen, response, responseOff, responseMax);
        } finally {
            lastCode = t.lastResponseCode();
        }
    }

    private DtlsClients clientsOf() {
        return useDirect ? directClients : clients.get(timing);
    }

    private DtlsTransport current() throws TransportException {
        if (useDirect) {
            if (direct == null) {
                direct = directClients.connect(gateway);
            }
            if (directApplied != version) {
                direct.usePsk(identity, identity.length, psk, psk.length);
                directApplied = version;
            }
            return direct;
        }
        DtlsTransport t = open.get(timing);
        if (t == null) {
            t = clients.get(timing).connect(relay.address());
            relay.assign(t.localAddress(), deviceClass.link(), deviceIndex * 16L + timing.ordinal(), phaseMs);
            open.put(timing, t);
        }
        Long done = applied.get(timing);
        if (done == null || done != version) {
            t.usePsk(identity, identity.length, psk, psk.length);
            applied.put(timing, version);
        }
        return t;
    }

    @Override
    public int lastResponseCode() {
        return lastCode;
    }

    @Override
    public void close() {
        for (DtlsTransport t : open.values()) {
            t.close();
        }
        open.clear();
        if (direct != null) {
            direct.close();
        }
        Arrays.fill(psk, (byte) 0);
    }

    @Override
    public String toString() {
        return "LabTransport[" + deviceClass.name() + " device " + deviceIndex + "]";
    }
}
