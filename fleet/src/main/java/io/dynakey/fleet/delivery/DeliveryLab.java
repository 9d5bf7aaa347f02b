package io.dynakey.fleet.delivery;

import io.dynakey.device.hal.Transport;
import io.dynakey.device.keys.TwoSlotKeyStore;
import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.UdpRelay;
import io.dynakey.fleet.gateway.FactoryDevice;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.server.GatewayServer;
import io.dynakey.gateway.store.KeyState;
import io.dynakey.gateway.store.UsableKey;
import io.dynakey.hardware.hal.SecureRandomEntropy;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.models.FeatureIds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Real rotations over lossy links: the real gateway ({@link GatewayServer}: Californium + Scandium
 * DTLS-PSK on loopback, SQLite key store, a grace window of 10 minutes, on the real clock), one lossy
 * {@link UdpRelay} in front of it, and devices of several {@link DeviceClass}es, each running the
 * device runtime's {@link RotationClient} over DTLS clients with the retransmission timing of the
 * strategy chosen for each rotation. Every device rotates in its own thread, one rotation after
 * another, each becoming due a seeded random gap after the last one ended.
 *
 * <p>A rotation counts as committed when the device holds the new key as active (the gateway
 * committed it on the first request under it); it is retried through the protocol (a new request,
 * after settling a staged key) until then, and abandoned when it is not committed within the
 * deadline. Time-to-commit runs from the instant it became due, so waiting for a telemetry exchange
 * or a wake window counts. Bytes are the device's and gateway's datagrams through the relay between
 * the start and the commit (IP/UDP headers included; for a piggybacked rotation, after the telemetry
 * exchange it rides on). Not thread-safe: one {@link #run} at a time.
 */
public final class DeliveryLab implements AutoCloseable {

    /**
     * @param classes         the device classes (their links)
     * @param devicesPerClass devices of each class, >= 1
     * @param seed            fixes the links' fates, the wake phases and the gaps between rotations
     * @param abandonAfterMs  a rotation not committed this long after it became due is abandoned, ms
     * @param maxGapMs        the gap before each rotation is uniform in 0..maxGapMs, ms
     * @param gatewayRetransmission the gateway's own DTLS flight retransmission timeout
     *                        ({@code gateway.dtls.retransmission-timeout}; Scandium's default is 2 s)
     */
    public record Settings(List<DeviceClass> classes, int devicesPerClass, long seed, long abandonAfterMs, int maxGapMs,
                           Duration gatewayRetransmission) {
        /** Validates the bounds. */
        public Settings {
            if (classes.isEmpty() || devicesPerClass < 1) {
                throw new IllegalArgumentException("a lab needs at least one class and one device per class");
            }
            if (abandonAfterMs < 1_000 || maxGapMs < 0) {
                throw new IllegalArgumentException("abandonAfterMs must be >= 1000 and maxGapMs >= 0");
            }
            classes = List.copyOf(classes);
            if (gatewayRetransmission == null) {
                throw new IllegalArgumentException("the gateway's retransmission timeout is required");
            }
        }
    }

    /** Chooses a strategy for each rotation and learns from its outcome. */
    public interface Chooser {
        /** The strategy for the next rotation of a device of {@code c}. */
        DeliveryStrategy choose(DeviceClass c);

        /** Called once per finished rotation. */
        void learn(Outcome outcome);

        /** Always {@code s}. */
        static Chooser fixed(DeliveryStrategy s) {
            return new Chooser() {
                @Override
                public DeliveryStrategy choose(DeviceClass c) {
                    return s;
                }

                @Override
                public void learn(Outcome outcome) {
                    // nothing to learn
                }
            };
        }

        /** The bandit's choice, learning from every outcome; {@link #offer}s the classes first. */
        static Chooser learned(DeliveryBandit bandit) {
            return new Chooser() {
                @Override
                public DeliveryStrategy choose(DeviceClass c) {
                    return bandit.choose(c.name());
                }

                @Override
                public void learn(Outcome o) {
                    bandit.record(o.deviceClass(), o.strategy(), o.timeToCommitMs() / 1000.0, o.bytes(), o.committed());
                }
            };
        }
    }

    /**
     * One rotation's outcome.
     *
     * @param timeToCommitMs from due to commit, ms (to the deadline when abandoned)
     * @param bytes          bytes on the wire it cost
     * @param attempts       rotation requests started (1 when nothing was lost badly)
     */
    public record Outcome(String deviceClass, DeliveryStrategy strategy, boolean committed, long timeToCommitMs,
                          long bytes, int attempts) {
    }

    /** What a key check after a run found. */
    public record KeyCheck(int devices, int lockedOut, int settledStaged, List<String> problems) {
    }

    private static final byte[] PATH_TELEMETRY = "telemetry".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PATH_GROUP_KEY = "group-key".getBytes(StandardCharsets.US_ASCII);
    private static final int CODE_CONTENT = 69;
    private static final long PAUSE_AFTER_FAILURE_MS = 100;
    /** Worker threads of each strategy's shared DTLS clients (many devices wait on retransmission timers at once). */
    private static final int CLIENT_THREADS = 6;

    private final Settings settings;
    private final Gateway gateway;
    private final GatewayServer server;
    private final UdpRelay relay;
    private final Map<DeliveryStrategy, DtlsClients> clients = new EnumMap<>(DeliveryStrategy.class);
    private final DtlsClients directClients;
    private final List<LabDevice> devices = new ArrayList<>();
    private final SecureRandomEntropy entropy = new SecureRandomEntropy();
    private int round;

    /** One device: its class, wake phase, telemetry phase, key slots, transport and rotation client. */
    private record LabDevice(int index, String id, DeviceClass deviceClass, long phaseMs, long telemetryPhaseMs,
                             TwoSlotKeyStore keys, LabTransport transport, RotationClient client) {
    }

    private DeliveryLab(Path dir, Settings settings) throws IOException, FleetException {
        this.settings = settings;
        Files.createDirectories(dir);
        GatewayServer.registerCaliforniumModules();
        GatewayConfig cfg = GatewayConfig.builder()
                .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1")
                .set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, dir)
                .set(GatewaySettings.GRACE_WINDOW, Duration.ofMinutes(10))
                // a lab device rotates every few seconds: the per-hour and per-second limits are not under test here
                .set(GatewaySettings.ROTATIONS_PER_HOUR, 1_000_000)
                .set(GatewaySettings.REQUESTS_PER_SECOND, 1_000)
                .set(GatewaySettings.REQUEST_BURST, 1_000)
                .set(GatewaySettings.DURABLE_COMMITS, false)
                .set(GatewaySettings.STALE_CONNECTION_THRESHOLD, Duration.ofMinutes(1))
                .set(GatewaySettings.DTLS_RETRANSMISSION_TIMEOUT, settings.gatewayRetransmission())
                .build();
        try {
            this.gateway = Gateway.open(cfg);
        } catch (Exception e) {
            throw new FleetException("cannot open the gateway in " + dir + ": " + e.getMessage(), e);
        }
        this.server = GatewayServer.start(gateway);
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.address().getPort());
        this.relay = new UdpRelay(target, "delivery", settings.seed());
        for (DeliveryStrategy s : DeliveryStrategy.values()) {
            DtlsClients.Retransmission r = s.retransmission();
            long wait = r.maxTransmitWaitMs() + 10_000;
            clients.put(s, DtlsClients.create(new DtlsClients.Options(wait, r.ackTimeoutMs(), r.maxRetransmit(), CLIENT_THREADS, false), r));
        }
        this.directClients = DtlsClients.create(DtlsClients.Options.defaults());
        enrolAll(target);
    }

    /** Starts the gateway (store in {@code dir}) and enrols every device over a loss-free path. */
    public static DeliveryLab start(Path dir, Settings settings) throws FleetException {
        try {
            return new DeliveryLab(dir, settings);
        } catch (IOException e) {
            throw new FleetException("cannot start the delivery lab: " + e.getMessage(), e);
        }
    }

    private void enrolAll(InetSocketAddress target) throws FleetException {
        SecureRandom random = new SecureRandom();
        SplittableRandom phases = new SplittableRandom(settings.seed() * 31 + 7);
        byte[] gatewayPublic = gateway.signingPublicKey();
        int index = 0;
        for (DeviceClass c : settings.classes()) {
            for (int i = 0; i < settings.devicesPerClass(); i++, index++) {
                String id = "dl-" + c.name() + "-" + i;
                long phase = c.link().sleeps() ? phases.nextLong(c.link().wakePeriodMs()) : 0;
                long telemetryPhase = phases.nextLong(c.telemetryPeriodMs());
                FactoryDevice made = null;
                try {
                    made = FactoryDevice.register(gateway.store(), id, "1", random, System.currentTimeMillis());
                    TwoSlotKeyStore keys = made.keys();
                    LabTransport t = new LabTransport(clients, relay, target, directClients, c, index, phase);
                    t.useDirect();
                    RotationClient client = new RotationClient(t, entropy, keys, id.getBytes(StandardCharsets.US_ASCII),
                            made.identityPrivate(), gatewayPublic);
                    if (client.settle() < 0 || client.enrol() != RotationClient.RESULT_ROTATED) {
                        throw new FleetException(id + ": enrolment failed (CoAP " + client.lastResponseCode() + ")");
                    }
                    devices.add(new LabDevice(index, id, c, phase, telemetryPhase, keys, t, client));
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
        }
    }

    /** The relay (its counters: lost, slept, duplicated, reordered). */
    public UdpRelay relay() {
        return relay;
    }

    /** Devices in the lab. */
    public int devices() {
        return devices.size();
    }

    /**
     * Every device makes {@code rotationsPerDevice} rotations, all devices at once, with the strategy
     * {@code chooser} picks for each; returns every outcome (in no particular order).
     */
    public List<Outcome> run(Chooser chooser, int rotationsPerDevice) throws FleetException {
        if (rotationsPerDevice < 1) {
            throw new IllegalArgumentException("rotationsPerDevice must be >= 1");
        }
        int thisRound = round++;
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(devices.size(), r -> {
            Thread t = new Thread(r, "delivery-device");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            for (LabDevice d : devices) {
                // the same gaps in every round of a lab: strategies compare on the same schedule
                SplittableRandom gaps = new SplittableRandom(settings.seed() ^ (d.index() * 0x9E3779B97F4A7C15L));
                done.add(pool.submit(() -> {
                    for (int k = 0; k < rotationsPerDevice; k++) {
                        long due = relay.nowMs() + (settings.maxGapMs() == 0 ? 0 : gaps.nextInt(settings.maxGapMs() + 1));
                        sleepUntil(due);
                        DeliveryStrategy s = chooser.choose(d.deviceClass());
                        Outcome o = rotate(d, s, due);
                        outcomes.add(o);
                        chooser.learn(o);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("delivery round " + thisRound + " interrupted", e);
        } catch (ExecutionException e) {
            throw new FleetException("delivery round " + thisRound + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(outcomes);
    }

    private Outcome rotate(LabDevice d, DeliveryStrategy s, long due) throws Exception {
        long start = startOf(d, s, due);
        sleepUntil(start);
        LabTransport t = d.transport();
        t.use(s);
        t.dropSession();
        if (s.start() == DeliveryStrategy.Start.NEXT_TELEMETRY) {
            telemetry(d); // the rotation then rides on this exchange's session
        }
        long bytesBefore = t.bytes();
        int target = d.keys().activeEpoch() + 1;
        long deadline = due + settings.abandonAfterMs();
        t.deadline(deadline);
        int attempts = 0;
        while (d.keys().activeEpoch() < target && relay.nowMs() < deadline) {
            if (d.keys().hasStagedKey()) {
                d.client().settle(); // the gateway may hold the staged key already: commit, or discard it
                if (d.keys().activeEpoch() >= target) {
                    break;
                }
                if (d.keys().hasStagedKey()) {
                    pauseAfterFailure(d, s);
                    continue;
                }
            }
            attempts++;
            int r = d.client().rotate(RotationReason.POLICY, 0, 0);
            if (r != RotationClient.RESULT_ROTATED && d.keys().activeEpoch() < target) {
                pauseAfterFailure(d, s);
            }
        }
        t.deadline(Long.MAX_VALUE);
        boolean committed = d.keys().activeEpoch() >= target;
        long end = committed ? relay.nowMs() : deadline;
        return new Outcome(d.deviceClass().name(), s, committed, end - due, t.bytes() - bytesBefore, attempts);
    }

    /** When a strategy starts a rotation due at {@code due}. */
    private long startOf(LabDevice d, DeliveryStrategy s, long due) {
        DeviceClass c = d.deviceClass();
        return switch (s.start()) {
            case NOW -> due;
            case NEXT_TELEMETRY -> {
                if (c.link().sleeps()) {
                    long wake = c.link().nextWake(due, d.phaseMs());
                    yield c.link().awake(due, d.phaseMs()) ? due : wake;
                }
                long period = c.telemetryPeriodMs();
                yield due + Math.floorMod(d.telemetryPhaseMs() - due, period);
            }
            case NEXT_WAKE -> c.link().awakeLeft(due, d.phaseMs()) >= c.link().awakeMs() * 3L / 4
                    ? due : c.link().nextWake(due, d.phaseMs());
        };
    }

    /** After a failed attempt: a short pause; a device that knows it sleeps waits for its radio. */
    private void pauseAfterFailure(LabDevice d, DeliveryStrategy s) throws InterruptedException {
        long now = relay.nowMs();
        long next = now + PAUSE_AFTER_FAILURE_MS;
        if (s.start() != DeliveryStrategy.Start.NOW && !d.deviceClass().link().awake(next, d.phaseMs())) {
            next = d.deviceClass().link().nextWake(next, d.phaseMs());
        }
        sleepUntil(next);
    }

    private void telemetry(LabDevice d) throws Exception {
        TelemetryReport r = new TelemetryReport();
        byte[] id = d.id().getBytes(StandardCharsets.US_ASCII);
        r.deviceId().set(id, 0, id.length);
        r.start(relay.nowMs() / 1000).addFeature(FeatureIds.MESSAGES_UNDER_KEY, 1).setRisk(0, 1);
        byte[] buf = new byte[WireMessage.MAX_ENCODED_LENGTH];
        int n = r.encode(WireMessage.newWriter(), buf, 0, buf.length);
        usePskOf(d, d.keys().activeEpoch());
        try {
            d.transport().request(Transport.METHOD_POST, PATH_TELEMETRY, PATH_TELEMETRY.length, buf, 0, n, new byte[1024],
                    0, 1024);
        } catch (io.dynakey.device.hal.TransportException e) {
            // lost telemetry: the rotation still goes, on whatever session the exchange left
        }
    }

    private void usePskOf(LabDevice d, int epoch) throws Exception {
        byte[] psk = new byte[TwoSlotKeyStore.PSK_LENGTH];
        try {
            d.keys().copyActiveKey(psk, 0);
            byte[] identity = PskIdentity.of(d.id(), epoch);
            d.transport().usePsk(identity, identity.length, psk, psk.length);
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
    }

    /**
     * Checks every device's key over a loss-free direct path: a staged key is settled through the
     * protocol first ({@link RotationClient#settle()}); then the device's active key must be usable at
     * the gateway (current there) and open a session that answers {@code GET /group-key} with 2.05. A
     * device that fails is locked out.
     */
    public KeyCheck checkKeys() throws FleetException {
        int locked = 0;
        int settled = 0;
        List<String> problems = new ArrayList<>();
        for (LabDevice d : devices) {
            try {
                d.transport().useDirect();
                if (d.keys().hasStagedKey()) {
                    settled++;
                    if (d.client().settle() < 0) {
                        locked++;
                        problems.add(d.id() + ": neither its active nor its staged key is answered");
                        continue;
                    }
                }
                int epoch = d.keys().activeEpoch();
                Optional<UsableKey> k = gateway.store().usableKey(d.id(), epoch, System.currentTimeMillis());
                usePskOf(d, epoch);
                byte[] resp = new byte[256];
                boolean answered;
                try {
                    d.transport().request(Transport.METHOD_GET, PATH_GROUP_KEY, PATH_GROUP_KEY.length, resp, 0, 0, resp, 0,
                            resp.length);
                    answered = d.transport().lastResponseCode() == CODE_CONTENT;
                } catch (io.dynakey.device.hal.TransportException e) {
                    answered = false;
                }
                if (k.isEmpty() || k.get().state() != KeyState.CURRENT || !answered) {
                    locked++;
                    problems.add(d.id() + ": active epoch " + epoch + " is " + k.map(u -> u.state().toString()).orElse("unknown")
                            + " at the gateway" + (answered ? "" : ", no session answered"));
                }
            } catch (Exception e) {
                locked++;
                problems.add(d.id() + ": key check failed: " + e);
            }
        }
        return new KeyCheck(devices.size(), locked, settled, problems);
    }

    private static void sleepUntil(long relayMs, UdpRelay relay) throws InterruptedException {
        long wait = relayMs - relay.nowMs();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private void sleepUntil(long relayMs) throws InterruptedException {
        sleepUntil(relayMs, relay);
    }

    @Override
    public void close() {
        for (LabDevice d : devices) {
            d.transport().close();
        }
        for (DtlsClients c : clients.values()) {
            c.close();
        }
        directClients.close();
        relay.close();
        server.close();
        gateway.close();
    }
}
