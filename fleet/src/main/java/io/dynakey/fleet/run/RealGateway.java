package io.dynakey.fleet.run;

import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.device.keys.TwoSlotKeyStore;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.ledger.OutboxEventSource;
import io.dynakey.gateway.server.GatewayServer;
import io.dynakey.gateway.store.Secret;
import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.FleetGateway;
import io.dynakey.fleet.GatewayCounters;
import io.dynakey.fleet.RotationReason;
import io.dynakey.fleet.UdpRelay;
import io.dynakey.hardware.hal.MemorySecureStorage;
import io.dynakey.hardware.hal.SecureRandomEntropy;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import io.dynakey.ledger.Bridge;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real gateway for a fleet run: {@link GatewayServer} (Californium + Scandium DTLS-PSK on a
 * loopback port, SQLite key store) on a virtual clock, its outbox drained into an embedded
 * journal ledger, and simulated devices that run the device runtime's {@link RotationClient}
 * over the host {@link DtlsTransport}. Devices reach the gateway through counting UDP relays, so
 * the bytes of key management (enrolment and rotations, handshakes included) and of telemetry
 * are measured on the wire. Each worker thread keeps its own DTLS clients and switches them
 * between devices (a new handshake per exchange).
 */
final class RealGateway implements FleetGateway {

    /** Virtual time 0 of a run, as the gateway's clock sees it (2026-01-05T00:00:00Z). */
    static final long EPOCH_MILLIS = 1_767_571_200_000L;

    private final GatewayServer server;
    private final Gateway gateway;
    private final Path journalFile;
    private final Journal journal;
    private final Bridge bridge;
    private final UdpRelay keyRelay;
    private final UdpRelay telemetryRelay;
    private final UdpRelay probeRelay;
    private final DtlsClients clients;
    private final DtlsClients quickClients;
    private final AtomicLong virtualNow = new AtomicLong();
    private final String runName;
    private final int serverPort;
    private final SecureRandomEntropy entropy = new SecureRandomEntropy();
    private final SecureRandom random = new SecureRandom();
    private final Map<Thread, Lanes> lanes = new ConcurrentHashMap<>();
    private final List<DtlsTransport> allTransports = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<Long, Long> cpuAtStart;
    private final byte[] gatewayPublic;

    /** A simulated device: its key slots, identity and rotation client. */
    private final class Dev implements Device {
        final int index;
        final String id;
        final TwoSlotKeyStore keys;
        final RotationClient client;
        final DeviceTransport transport;

        Dev(int index, String id, TwoSlotKeyStore keys, RotationClient client, DeviceTransport transport) {
            this.index = index;
            this.id = id;
            this.keys = keys;
            this.client = client;
            this.transport = transport;
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public long epoch() {
            return keys.activeEpoch();
        }
    }

    private record Stolen(int device, long epoch, byte[] identity, byte[] psk, Dev owner) implements StolenKey {
        @Override
        public String toString() {
            return "StolenKey[device " + device + ", epoch " + epoch + "]";
        }
    }

    /**
     * Requests after which a pooled DTLS client (its own UDP socket, DTLS connector and CoAP
     * endpoint) is replaced by a fresh one. A client that serves thousands of devices otherwise
     * runs out of per-peer state: Scandium keeps counting handshake message sequence numbers
     * across the handshakes of one connection and fails past 65,535, and exchanges stall.
     */
    static final int RECYCLE_AFTER_REQUESTS = 400;

    /**
     * Real milliseconds after which the gateway may evict an idle DTLS connection when its store is
     * full. Scandium's default (30 min) outlives a whole run: at 10,000 devices the ~50,000 handshakes
     * of enrolment, rotations, telemetry and probes filled the store and every new handshake was
     * dropped (the run stalled).
     */
    static final long STALE_CONNECTION_MS = 60_000L;

    /** Per worker thread: one DTLS client per relay, and who it currently talks for. */
    private final class Lanes {
        DtlsTransport key = connect(keyRelay);
        DtlsTransport telemetry = connect(telemetryRelay);
        DtlsTransport probe = connectQuick(probeRelay);
        DtlsTransport probeSlow = connect(probeRelay);
        Object keyOwner;
        long keyOwnerVersion;
        Object telemetryOwner;
        long telemetryOwnerVersion;
        int keyUses;
        int telemetryUses;
        int probeUses;

        /** Replaces clients that have served many requests (their next request makes a new handshake anyway). */
        void recycle() {
            if (keyUses > RECYCLE_AFTER_REQUESTS) {
                key = replace(key, keyRelay, false);
                keyOwner = null;
                keyUses = 0;
            }
            if (telemetryUses > RECYCLE_AFTER_REQUESTS) {
                telemetry = replace(telemetry, telemetryRelay, false);
                telemetryOwner = null;
                telemetryUses = 0;
            }
            if (probeUses > RECYCLE_AFTER_REQUESTS) {
                probe = replace(probe, probeRelay, true);
                probeSlow = replace(probeSlow, probeRelay, false);
                probeUses = 0;
            }
        }

        private DtlsTransport replace(DtlsTransport old, UdpRelay relay, boolean quick) {
            old.close();
            allTransports.remove(old);
            return quick ? connectQuick(relay) : connect(relay);
        }
    }

    private DtlsTransport connect(UdpRelay relay) {
        DtlsTransport t = clients.connect(relay.address());
        allTransports.add(t);
        return t;
    }

    private DtlsTransport connectQuick(UdpRelay relay) {
        DtlsTransport t = quickClients.connect(relay.address());
        allTransports.add(t);
        return t;
    }

    private Lanes lanes() {
        Lanes l = lanes.computeIfAbsent(Thread.currentThread(), t -> new Lanes());
        l.recycle();
        return l;
    }

    /**
     * The device's view of its transport: it keeps the device's PSK and, on each request, puts it
     * on the worker thread's pooled DTLS client if another device used that client last.
     */
    private final class DeviceTransport implements Transport {
        private byte[] identity = new byte[0];
        private byte[] psk = new byte[0];
        private long version;
        private boolean telemetryLane;
        private int lastCode;

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
            DtlsTransport t = telemetryLane ? l.telemetry : l.key;
            if (telemetryLane) {
                l.telemetryUses++;
                if (l.telemetryOwner != this || l.telemetryOwnerVersion != version) {
                    t.usePsk(identity, identity.length, psk, psk.length);
                    l.telemetryOwner = this;
                    l.telemetryOwnerVersion = version;
                }
            } else if (l.keyUses++ >= 0 && (l.keyOwner != this || l.keyOwnerVersion != version)) {
                t.usePsk(identity, identity.length, psk, psk.length);
                l.keyOwner = this;
                l.keyOwnerVersion = version;
            }
            try {
                return t.request(method, path, pathLen, payload, payloadOff, payloadLen, response, responseOff, responseMax);
            } finally {
                lastCode = t.lastResponseCode();
            }
        }

        @Override
        public int lastResponseCode() {
            return lastCode;
        }
    }

    private RealGateway(Path dir, String runName, int maxRotationsPerHour) throws IOException, FleetException {
        this.runName = runName;
        Files.createDirectories(dir);
        GatewayServer.registerCaliforniumModules();
        GatewayConfig cfg = GatewayConfig.builder()
                .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1")
                .set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, dir.toString())
                .set(GatewaySettings.GRACE_WINDOW, 0L)
                .set(GatewaySettings.RETIRE_INTERVAL, 1_000L)
                .set(GatewaySettings.ROTATIONS_PER_HOUR, maxRotationsPerHour)
                .set(GatewaySettings.DURABLE_COMMITS, false)
                // every exchange of a pooled client is a fresh handshake, so a run makes ~25 connections per
                // device; none lives longer than one exchange, so let Scandium evict after a real minute
                .set(GatewaySettings.STALE_CONNECTION_THRESHOLD, STALE_CONNECTION_MS)
                .build();
        try {
            this.gateway = Gateway.open(cfg, () -> EPOCH_MILLIS + virtualNow.get());
        } catch (Exception e) {
            throw new FleetException("cannot open the gateway in " + dir + ": " + e.getMessage(), e);
        }
        this.gatewayPublic = gateway.signingPublicKey();
        this.cpuAtStart = threadCpu();
        this.server = GatewayServer.start(gateway);
        this.serverPort = server.address().getPort();
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", serverPort);
        this.keyRelay = new UdpRelay(target, runName + "-keys");
        this.telemetryRelay = new UdpRelay(target, runName + "-telemetry");
        this.probeRelay = new UdpRelay(target, runName + "-probe");
        this.clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(8_000));
        // a refused handshake is not reported to the client: it times out. Probes wait briefly and
        // confirm a refusal against the key store before believing it (see probe()).
        this.quickClients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(250));
        this.journalFile = dir.resolve("ledger.journal");
        try {
            this.journal = Journal.open(journalFile, FsyncPolicy.GROUP_COMMIT);
            this.bridge = new Bridge(new OutboxEventSource(gateway.store()), journal, 256, 1_000,
                    () -> EPOCH_MILLIS + virtualNow.get());
        } catch (Exception e) {
            throw new FleetException("cannot open the journal ledger " + journalFile + ": " + e.getMessage(), e);
        }
    }

    static boolean available() {
        return true;
    }

    static RealGateway start(Path dir) throws FleetException {
        try {
            return new RealGateway(dir, dir.getFileName().toString(), 60);
        } catch (IOException e) {
            throw new FleetException("cannot start the gateway: " + e.getMessage(), e);
        }
    }

    Path journal() {
        return journalFile;
    }

    @Override
    public String describe() {
        return "real gateway: Californium/Scandium DTLS 1.2 PSK (TLS_PSK_WITH_AES_128_CCM_8) on udp://127.0.0.1:"
                + serverPort + ", SQLite key store, journal ledger; devices run RotationClient over DtlsTransport; "
                + "bytes counted on the wire by UDP relays; gateway clock = virtual time";
    }

    @Override
    public boolean realNetwork() {
        return true;
    }

    private void advance(long virtualMillis) {
        virtualNow.accumulateAndGet(virtualMillis, Math::max);
    }

    @Override
    public Device enroll(int index, int group) throws FleetException {
        String id = "dev-" + runName.charAt(0) + "-" + index;
        byte[] identityPrivate = new byte[32];
        byte[] identityPublic = new byte[32];
        byte[] psk = new byte[TwoSlotKeyStore.PSK_LENGTH];
        random.nextBytes(identityPrivate);
        random.nextBytes(psk);
        try {
            Ed25519Signatures.publicKey(identityPrivate, 0, identityPublic, 0);
            gateway.store().registerDevice(id, identityPublic, Integer.toString(group), new Secret(psk),
                    EPOCH_MILLIS + virtualNow.get());
            TwoSlotKeyStore keys = new TwoSlotKeyStore(new MemorySecureStorage(6, 4096));
            keys.load();
            keys.provision(0, psk, 0);
            DeviceTransport transport = new DeviceTransport();
            RotationClient client = new RotationClient(transport, entropy, keys, id.getBytes(StandardCharsets.US_ASCII),
                    identityPrivate, gatewayPublic);
            if (client.settle() < 0) {
                throw new FleetException(id + ": the gateway answered on neither key after registration");
            }
            int r = client.enrol();
            if (r != RotationClient.RESULT_ROTATED) {
                throw new FleetException(id + ": enrolment failed, result " + r + ", CoAP " + client.lastResponseCode()
                        + ", error " + client.lastErrorCode());
            }
            return new Dev(index, id, keys, client, transport);
        } catch (FleetException e) {
            throw e;
        } catch (Exception e) {
            throw new FleetException("enrolment of " + id + " failed: " + e, e);
        } finally {
            Arrays.fill(identityPrivate, (byte) 0);
            Arrays.fill(psk, (byte) 0);
        }
    }

    @Override
    public void rotate(Device device, int reason, int riskPermille, long virtualMillis) throws FleetException {
        Dev d = (Dev) device;
        advance(virtualMillis);
        int wireReason = switch (reason) {
            case RotationReason.RISK -> io.dynakey.device.wire.RotationReason.RISK;
            case RotationReason.HARD_LIMIT -> io.dynakey.device.wire.RotationReason.KEY_AGE;
            case RotationReason.SCHEDULE -> io.dynakey.device.wire.RotationReason.POLICY;
            default -> io.dynakey.device.wire.RotationReason.MANUAL;
        };
        try {
            int r = d.client.rotate(wireReason, Math.max(0, Math.min(1000, riskPermille)), 1);
            if (r != RotationClient.RESULT_ROTATED) {
                throw new FleetException(d.id + ": rotation result " + r + ", CoAP " + d.client.lastResponseCode()
                        + ", error " + d.client.lastErrorCode());
            }
        } catch (FleetException e) {
            throw e;
        } catch (Exception e) {
            throw new FleetException(d.id + ": rotation failed: " + e, e);
        }
    }

    @Override
    public StolenKey steal(Device device) {
        Dev d = (Dev) device;
        byte[] psk = new byte[TwoSlotKeyStore.PSK_LENGTH];
        try {
            d.keys.copyActiveKey(psk, 0);
        } catch (Exception e) {
            throw new IllegalStateException(d.id + ": cannot read the active key", e);
        }
        int epoch = d.keys.activeEpoch();
        byte[] identity = ("dk:" + d.id + ":" + epoch).getBytes(StandardCharsets.US_ASCII);
        return new Stolen(d.index, epoch, identity, psk, d);
    }

    @Override
    public boolean accepts(StolenKey key) throws FleetException {
        Stolen s = (Stolen) key;
        if (probe(s)) {
            if (s.owner.keys.activeEpoch() != s.epoch) {
                // the gateway retires keys past their grace in a periodic sweep; run it at this virtual instant
                try {
                    gateway.store().retireExpired(EPOCH_MILLIS + virtualNow.get());
                } catch (Exception e) {
                    throw new FleetException("retire sweep failed: " + e.getMessage(), e);
                }
                return probe(s);
            }
            return true;
        }
        return false;
    }

    /**
     * A real handshake with the stolen PSK and one request: true when the gateway answers. A
     * refused DTLS handshake shows only as a timeout, so a short one is used; a timeout counts as
     * refused only when the key store agrees that the key no longer opens sessions, otherwise
     * the probe is repeated with the full timeout.
     */
    private boolean probe(Stolen s) throws FleetException {
        lanes().probeUses++;
        if (probeOnce(lanes().probe, s)) {
            return true;
        }
        try {
            for (io.dynakey.gateway.store.KeyRow row : gateway.store().keys(s.owner.id)) {
                if (row.epoch() == s.epoch && (row.state() == io.dynakey.gateway.store.KeyState.CURRENT
                        || row.state() == io.dynakey.gateway.store.KeyState.PENDING
                        || row.state() == io.dynakey.gateway.store.KeyState.RETIRING
                        && row.retireAfterMs() > EPOCH_MILLIS + virtualNow.get())) {
                    return probeOnce(lanes().probeSlow, s);
                }
            }
        } catch (Exception e) {
            throw new FleetException("cannot read the key store: " + e.getMessage(), e);
        }
        return false;
    }

    private boolean probeOnce(DtlsTransport t, Stolen s) {
        try {
            t.usePsk(s.identity, s.identity.length, s.psk, s.psk.length);
            t.dropSession();
            byte[] path = ".well-known/core".getBytes(StandardCharsets.US_ASCII);
            t.request(Transport.METHOD_GET, path, path.length, new byte[0], 0, 0, new byte[2048], 0, 2048);
            return true;
        } catch (TransportException refused) {
            return false;
        } finally {
            t.dropSession();
        }
    }

    @Override
    public void telemetry(Device device, int rows, int maxRiskPermille, long virtualMillis) throws FleetException {
        Dev d = (Dev) device;
        advance(virtualMillis);
        TelemetryReport r = new TelemetryReport();
        byte[] id = d.id.getBytes(StandardCharsets.US_ASCII);
        r.deviceId().set(id, 0, id.length);
        r.start(virtualMillis / 1000).addFeature(io.dynakey.models.FeatureIds.MESSAGES_UNDER_KEY, rows)
                .setRisk(Math.max(0, Math.min(1000, maxRiskPermille)), 1);
        byte[] buf = new byte[WireMessage.MAX_ENCODED_LENGTH];
        byte[] path = "telemetry".getBytes(StandardCharsets.US_ASCII);
        byte[] psk = new byte[TwoSlotKeyStore.PSK_LENGTH];
        try {
            int n = r.encode(WireMessage.newWriter(), buf, 0, buf.length);
            DeviceTransport t = new DeviceTransport();
            t.telemetryLane = true;
            d.keys.copyActiveKey(psk, 0);
            byte[] identity = ("dk:" + d.id + ":" + d.keys.activeEpoch()).getBytes(StandardCharsets.US_ASCII);
            t.usePsk(identity, identity.length, psk, psk.length);
            t.request(Transport.METHOD_POST, path, path.length, buf, 0, n, new byte[1024], 0, 1024);
        } catch (TransportException e) {
            throw new FleetException(d.id + ": telemetry got no answer: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new FleetException(d.id + ": telemetry failed: " + e, e);
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
    }

    @Override
    public GatewayCounters counters() {
        return new GatewayCounters(gatewayCpuNanos(), keyRelay.bytes(), telemetryRelay.bytes(), true);
    }

    /**
     * CPU time of the gateway's own threads since it started: Californium's CoapServer executors,
     * Scandium's receiver, worker and timer threads of the server's address, the retire task.
     * Client threads, relays and GC are not counted.
     */
    private long gatewayCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti != null && isGatewayThread(ti.getThreadName())) {
                long cpu = mx.getThreadCpuTime(ti.getThreadId());
                if (cpu > 0) {
                    sum += cpu - cpuAtStart.getOrDefault(ti.getThreadId(), 0L);
                }
            }
        }
        return sum;
    }

    private boolean isGatewayThread(String name) {
        return name.startsWith("CoapServer") || name.startsWith("dynakey-retire") || name.startsWith("dynakey-gateway")
                || name.endsWith(":" + serverPort) || name.contains(":" + serverPort + "#");
    }

    private static Map<Long, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> m = new java.util.HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            m.put(id, Math.max(0, mx.getThreadCpuTime(id)));
        }
        return m;
    }

    /** Drains the outbox into the journal (all events so far). */
    long drainLedger() throws FleetException {
        try {
            return bridge.drainAll();
        } catch (Exception e) {
            throw new FleetException("ledger drain failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws FleetException {
        try {
            drainLedger();
        } finally {
            for (DtlsTransport t : allTransports) {
                t.close();
            }
            clients.close();
            quickClients.close();
            keyRelay.close();
            telemetryRelay.close();
            probeRelay.close();
            server.close();
            try {
                journal.close();
            } catch (Exception e) {
                throw new FleetException("closing the journal failed: " + e.getMessage(), e);
            }
        }
    }
}
