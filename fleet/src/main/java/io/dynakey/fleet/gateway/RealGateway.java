package io.dynakey.fleet.gateway;

import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.device.keys.TwoSlotKeyStore;
import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.FleetGateway;
import io.dynakey.fleet.GatewayCounters;
import io.dynakey.fleet.LinkProfile;
import io.dynakey.fleet.UdpRelay;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.server.GatewayServer;
import io.dynakey.gateway.store.KeyFiles;
import io.dynakey.hardware.hal.SecureRandomEntropy;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.models.FeatureIds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real gateway for a fleet run: {@link GatewayServer} (Californium + Scandium DTLS-PSK on a
 * loopback port, SQLite key store) on a virtual clock, its outbox drained into an embedded journal
 * ledger ({@link LedgerDrain}), and simulated devices that run the device runtime's
 * {@link RotationClient} over pooled host DTLS clients ({@link DtlsLanes}). Devices reach the
 * gateway through counting UDP relays, so the bytes of key management (enrolment and rotations,
 * handshakes included) and of telemetry are measured on the wire; stolen keys are tested with real
 * handshakes ({@link StolenKeyProbe}); the gateway's own CPU time is counted by thread
 * ({@link GatewayCpu}).
 */
public final class RealGateway implements FleetGateway {

    /** Virtual time 0 of a run, as the gateway's clock sees it (2026-01-05T00:00:00Z). */
    public static final long EPOCH_MILLIS = 1_767_571_200_000L;

    /**
     * Real milliseconds after which the gateway may evict an idle DTLS connection when its store is
     * full. Scandium's default (30 min) outlives a whole run: at 10,000 devices the ~50,000 handshakes
     * of enrolment, rotations, telemetry and probes filled the store and every new handshake was
     * dropped (the run stalled).
     */
    static final Duration STALE_CONNECTION = Duration.ofMinutes(1);

    /** Rotations per device and hour the gateway's rate limit allows in a fleet run. */
    static final int MAX_ROTATIONS_PER_HOUR = 60;

    private final String runName;
    private final Gateway gateway;
    private final GatewayServer server;
    private final int serverPort;
    private final byte[] gatewayPublic;
    private final AtomicLong virtualNow = new AtomicLong();
    private final GatewayCpu cpu;
    private final LedgerDrain ledger;
    private final UdpRelay keyRelay;
    private final UdpRelay telemetryRelay;
    private final UdpRelay probeRelay;
    private final DtlsClients clients;
    private final DtlsClients quickClients;
    private final DtlsLanes lanes;
    private final StolenKeyProbe probe;
    private final SecureRandomEntropy entropy = new SecureRandomEntropy();
    private final SecureRandom random = new SecureRandom();

    /** A simulated device: its key slots, identity and rotation client. */
    private record Dev(int index, String id, TwoSlotKeyStore keys, RotationClient client) implements Device {
        @Override
        public long epoch() {
            return keys.activeEpoch();
        }

        @Override
        public String toString() {
            return "Device[" + id + "]";
        }
    }

    private record Stolen(int device, long epoch, byte[] identity, byte[] psk, Dev owner) implements StolenKey {
        @Override
        public String toString() {
            return "StolenKey[device " + device + ", epoch " + epoch + "]";
        }
    }

    /** Rotation attempts (each settling a staged key first) before a rotation over a lossy link fails the run. */
    static final int LOSSY_ATTEMPTS = 30;

    private final LinkProfile link;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong lostTelemetry = new AtomicLong();

    private RealGateway(Path dir, String runName, LinkProfile link, long seed) throws IOException, FleetException {
        this.runName = runName;
        this.link = link;
        KeyFiles.createPrivateDirectories(dir); // mode 700: the gateway's data folder holds its key files
        GatewayServer.registerCaliforniumModules();
        GatewayConfig cfg = GatewayConfig.builder()
                .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1")
                .set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, dir)
                .set(GatewaySettings.GRACE_WINDOW, Duration.ZERO)
                .set(GatewaySettings.RETIRE_INTERVAL, Duration.ofSeconds(1))
                .set(GatewaySettings.ROTATIONS_PER_HOUR, MAX_ROTATIONS_PER_HOUR)
                .set(GatewaySettings.DURABLE_COMMITS, false)
                // every exchange of a pooled client is a fresh handshake, so a run makes ~25 connections per
                // device; none lives longer than one exchange, so let Scandium evict after a real minute
                .set(GatewaySettings.STALE_CONNECTION_THRESHOLD, STALE_CONNECTION)
                .build();
        try {
            this.gateway = Gateway.open(cfg, this::gatewayNow);
        } catch (Exception e) {
            throw new FleetException("cannot open the gateway in " + dir + ": " + e.getMessage(), e);
        }
        this.gatewayPublic = gateway.signingPublicKey();
        GatewayCpu before = GatewayCpu.baseline();
        this.server = GatewayServer.start(gateway);
        this.serverPort = server.address().getPort();
        this.cpu = before.forPort(serverPort);
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", serverPort);
        this.keyRelay = new UdpRelay(target, runName + "-keys", seed);
        this.telemetryRelay = new UdpRelay(target, runName + "-telemetry", seed + 1);
        this.probeRelay = new UdpRelay(target, runName + "-probe");
        this.clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(8_000));
        // a refused handshake is not reported to the client: it times out. Probes wait briefly and
        // confirm a refusal against the key store before believing it (see StolenKeyProbe).
        this.quickClients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(250));
        this.lanes = new DtlsLanes(clients, quickClients, keyRelay, telemetryRelay, probeRelay,
                DtlsLanes.RECYCLE_AFTER_REQUESTS, link);
        this.probe = new StolenKeyProbe(lanes, gateway.store(), this::gatewayNow);
        this.ledger = LedgerDrain.open(gateway, dir.resolve("ledger.journal"), this::gatewayNow);
    }

    /** Starts a gateway whose key store and journal live in {@code dir}; the directory's name names the run. */
    public static RealGateway start(Path dir) throws FleetException {
        return start(dir, null, 0);
    }

    /**
     * Starts a gateway as {@link #start(Path)} does, with every device's key-management and telemetry
     * datagrams crossing {@code link} (null: a perfect link), its random fates seeded by {@code seed}.
     * Over a lossy link a rotation that does not commit is retried through the protocol (a staged key
     * settled first) up to {@value #LOSSY_ATTEMPTS} times, and lost telemetry is counted, not fatal.
     */
    public static RealGateway start(Path dir, LinkProfile link, long seed) throws FleetException {
        try {
            return new RealGateway(dir, dir.getFileName().toString(), link, seed);
        } catch (IOException e) {
            throw new FleetException("cannot start the gateway: " + e.getMessage(), e);
        }
    }

    /** The journal ledger this gateway's outbox drains into. */
    public Path journal() {
        return ledger.file();
    }

    private long gatewayNow() {
        return EPOCH_MILLIS + virtualNow.get();
    }

    private void advance(long virtualMillis) {
        virtualNow.accumulateAndGet(virtualMillis, Math::max);
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

    @Override
    public Device enroll(int index, int group) throws FleetException {
        String id = "dev-" + runName.charAt(0) + "-" + index;
        FactoryDevice made = null;
        try {
            made = FactoryDevice.register(gateway.store(), id, Integer.toString(group), random, gatewayNow());
            TwoSlotKeyStore keys = made.keys();
            RotationClient client = new RotationClient(lanes.keyTransport(), entropy, keys,
                    id.getBytes(StandardCharsets.US_ASCII), made.identityPrivate(), gatewayPublic);
            int attempts = link == null ? 1 : LOSSY_ATTEMPTS;
            int settled = -1;
            for (int a = 0; a < attempts && settled < 0; a++) {
                settled = client.settle();
            }
            if (settled < 0) {
                throw new FleetException(id + ": the gateway answered on neither key after registration");
            }
            int r = client.enrol();
            for (int a = 1; a < attempts && r == RotationClient.RESULT_NO_ANSWER; a++) {
                retries.incrementAndGet();
                r = client.enrol();
            }
            if (r != RotationClient.RESULT_ROTATED) {
                throw new FleetException(id + ": enrolment failed, result " + r + ", CoAP " + client.lastResponseCode()
                        + ", error " + client.lastErrorCode());
            }
            return new Dev(index, id, keys, client);
        } catch (FleetException e) {
            throw e;
        } catch (Exception e) {
            throw new FleetException("enrolment of " + id + " failed: " + e, e);
        } finally {
            if (made != null) {
                made.wipe();
            }
        }
    }

    @Override
    public void rotate(Device device, int reason, int riskPermille, long virtualMillis) throws FleetException {
        Dev d = (Dev) device;
        advance(virtualMillis);
        try {
            int target = d.keys().activeEpoch() + 1;
            int r = d.client().rotate(reason, clampPermille(riskPermille), 1);
            for (int a = 1; link != null && a < LOSSY_ATTEMPTS && d.keys().activeEpoch() < target; a++) {
                retries.incrementAndGet();
                if (d.keys().hasStagedKey()) {
                    d.client().settle(); // the gateway may have committed the staged key already
                } else {
                    r = d.client().rotate(reason, clampPermille(riskPermille), 1);
                }
            }
            if (d.keys().activeEpoch() >= target) {
                r = RotationClient.RESULT_ROTATED;
            }
            if (r != RotationClient.RESULT_ROTATED) {
                throw new FleetException(d.id() + ": rotation result " + r + ", CoAP " + d.client().lastResponseCode()
                        + ", error " + d.client().lastErrorCode());
            }
        } catch (FleetException e) {
            throw e;
        } catch (Exception e) {
            throw new FleetException(d.id() + ": rotation failed: " + e, e);
        }
    }

    @Override
    public StolenKey steal(Device device) {
        Dev d = (Dev) device;
        byte[] psk = new byte[TwoSlotKeyStore.PSK_LENGTH];
        try {
            d.keys().copyActiveKey(psk, 0);
        } catch (Exception e) {
            throw new IllegalStateException(d.id() + ": cannot read the active key", e);
        }
        int epoch = d.keys().activeEpoch();
        return new Stolen(d.index(), epoch, PskIdentity.of(d.id(), epoch), psk, d);
    }

    @Override
    public boolean accepts(StolenKey key) throws FleetException {
        Stolen s = (Stolen) key;
        try {
            if (!probe.accepted(s.owner().id(), s.epoch(), s.identity(), s.psk())) {
                return false;
            }
            if (s.owner().keys().activeEpoch() == s.epoch()) {
                return true;
            }
            // the gateway retires keys past their grace in a periodic sweep; run it at this virtual instant
            gateway.store().retireExpired(gatewayNow());
            return probe.accepted(s.owner().id(), s.epoch(), s.identity(), s.psk());
        } catch (Exception e) {
            throw new FleetException("probing a stolen key failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void telemetry(Device device, int rows, int maxRiskPermille, long virtualMillis) throws FleetException {
        Dev d = (Dev) device;
        advance(virtualMillis);
        TelemetryReport r = new TelemetryReport();
        byte[] id = d.id().getBytes(StandardCharsets.US_ASCII);
        r.deviceId().set(id, 0, id.length);
        r.start(virtualMillis / 1000).addFeature(FeatureIds.MESSAGES_UNDER_KEY, rows)
                .setRisk(clampPermille(maxRiskPermille), 1);
        byte[] buf = new byte[WireMessage.MAX_ENCODED_LENGTH];
        byte[] path = "telemetry".getBytes(StandardCharsets.US_ASCII);
        byte[] psk = new byte[TwoSlotKeyStore.PSK_LENGTH];
        DtlsLanes.DeviceTransport t = lanes.telemetryTransport();
        try {
            int n = r.encode(WireMessage.newWriter(), buf, 0, buf.length);
            d.keys().copyActiveKey(psk, 0);
            byte[] identity = PskIdentity.of(d.id(), d.keys().activeEpoch());
            t.usePsk(identity, identity.length, psk, psk.length);
            int attempts = link == null ? 1 : 3;
            for (int a = 0; ; a++) {
                try {
                    t.request(Transport.METHOD_POST, path, path.length, buf, 0, n, new byte[1024], 0, 1024);
                    break;
                } catch (TransportException e) {
                    if (a + 1 >= attempts) {
                        throw e;
                    }
                }
            }
        } catch (TransportException e) {
            if (link != null) {
                lostTelemetry.incrementAndGet(); // a lossy link may eat a report; the next one carries on
                return;
            }
            throw new FleetException(d.id() + ": telemetry got no answer: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new FleetException(d.id() + ": telemetry failed: " + e, e);
        } finally {
            Arrays.fill(psk, (byte) 0);
            t.wipe();
        }
    }

    private static int clampPermille(int permille) {
        return Math.max(0, Math.min(1000, permille));
    }

    @Override
    public GatewayCounters counters() {
        return new GatewayCounters(cpu.nanos(), keyRelay.bytes(), telemetryRelay.bytes(), true);
    }

    /** Rotation and enrolment attempts repeated because a lossy link ate them. */
    public long retries() {
        return retries.get();
    }

    /** Telemetry reports a lossy link ate (after three tries each). */
    public long lostTelemetry() {
        return lostTelemetry.get();
    }

    /** Drains the outbox into the journal (all events so far); returns how many were anchored. */
    public long drainLedger() throws FleetException {
        return ledger.drainAll();
    }

    @Override
    public void close() throws FleetException {
        try {
            ledger.drainAll();
        } finally {
            lanes.close();
            clients.close();
            quickClients.close();
            keyRelay.close();
            telemetryRelay.close();
            probeRelay.close();
            server.close();
            ledger.close();
        }
    }
}
