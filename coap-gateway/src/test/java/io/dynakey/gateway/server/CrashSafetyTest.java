package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.KeyRow;
import io.dynakey.gateway.store.KeyState;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.SqliteDeviceKeyStore;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.ledger.event.Enrolled;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.Rotated;
import io.dynakey.gateway.ledger.OutboxEventSource;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as a separate process under a storm of rotations from many devices, killed with
 * SIGKILL at random moments and restarted. Afterwards every device still has a working key, no
 * epoch of a device was committed twice, every committed key has its outbox event, and the
 * store checks out.
 */
class CrashSafetyTest {

    private static final int DEVICES = 12;
    private static final int KILLS = 4;

    @TempDir
    Path dir;

    @Test
    void kill_nine_during_a_rotation_storm_loses_no_key_and_no_event() throws Exception {
        // given a gateway process with registered devices whose key slots live in files
        Path data = dir.resolve("gw");
        Path config = dir.resolve("gateway.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            GatewayConfig.builder()
                    .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1").set(GatewaySettings.PORT, 0)
                    .set(GatewaySettings.DATA_DIR, data)
                    .set(GatewaySettings.ROTATIONS_PER_HOUR, 1_000_000)
                    .set(GatewaySettings.REQUESTS_PER_SECOND, 10_000).set(GatewaySettings.REQUEST_BURST, 10_000)
                    .set(GatewaySettings.GRACE_WINDOW, Duration.ofMinutes(2))
                    .build().writeTemplate(w);
        }
        Path log = dir.resolve("gateway.log");
        GatewayProcess gw = GatewayProcess.start(config, log);
        DtlsClients clients = DtlsClients.create(new DtlsClients.Options(1_500, 400, 1, 2, false));
        List<SimulatedDevice> devices = new ArrayList<>();
        try (SqliteDeviceKeyStore store = GatewayProcess.openStore(data)) {
            for (int i = 0; i < DEVICES; i++) {
                SimulatedDevice d = new SimulatedDevice("storm-" + i, clients, gw.address, gw.signingPublicKey,
                        dir.resolve("dev-" + i));
                store.registerDevice(d.id, d.identityPublic, "1", new Secret(d.factoryPsk), System.currentTimeMillis());
                devices.add(d);
            }
        }

        // when the devices rotate as fast as they can while the gateway is killed again and again
        AtomicReference<GatewayProcess> current = new AtomicReference<>(gw);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger rotated = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (SimulatedDevice d0 : devices) {
            Thread t = new Thread(() -> storm(d0, clients, current, stop, rotated), "storm-" + d0.id);
            t.start();
            threads.add(t);
        }
        Random random = new Random(42);
        int before = 0;
        for (int k = 0; k < KILLS; k++) {
            Thread.sleep(2_000 + random.nextInt(3_000));
            current.get().kill();
            System.out.println("kill -9 #" + (k + 1) + " after " + (rotated.get() - before) + " rotations");
            before = rotated.get();
            Thread.sleep(random.nextInt(300));
            current.set(GatewayProcess.start(config, log));
        }
        Thread.sleep(2_000);
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertTrue(rotated.get() > DEVICES, "the storm rotated keys: " + rotated.get());

        // then every device settles on a working key and can talk
        GatewayProcess last = current.get();
        for (SimulatedDevice d : devices) {
            d.close();
        }
        Map<String, Integer> deviceEpochs = new HashMap<>();
        for (int i = 0; i < DEVICES; i++) {
            SimulatedDevice d = devices.get(i);
            SimulatedDevice again = SimulatedDevice.reopen(d, clients, last.address, last.signingPublicKey, dir.resolve("dev-" + i));
            int epoch = again.client.settle();
            assertTrue(epoch >= 0, d.id + " has a working key");
            again.telemetry(1, 0);
            assertEquals(68, again.transport.lastResponseCode(), d.id + " talks on epoch " + epoch);
            deviceEpochs.put(d.id, epoch);
            again.close();
        }
        last.close();
        clients.close();

        // and the store is sound: no epoch committed twice, every committed key has its event
        try (SqliteDeviceKeyStore store = GatewayProcess.openStore(data)) {
            assertEquals(List.of(), store.check());
            List<LedgerEvent> events = new OutboxEventSource(store).readAfter(0, 1_000_000);
            Map<String, byte[]> committed = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (LedgerEvent e : events) {
                String key = null;
                byte[] commitment = null;
                if (e.body() instanceof Rotated r) {
                    key = r.deviceId() + "@" + r.epoch();
                    commitment = r.key().toBytes();
                } else if (e.body() instanceof Enrolled en) {
                    key = en.deviceId() + "@" + en.epoch();
                    commitment = en.key().toBytes();
                }
                if (key != null) {
                    assertTrue(seen.add(key), "epoch committed twice: " + key);
                    committed.put(key, commitment);
                }
            }
            for (SimulatedDevice d : devices) {
                long current0 = store.device(d.id).orElseThrow().currentEpoch();
                assertTrue(deviceEpochs.get(d.id) == current0, d.id + " device and gateway agree on the epoch");
                for (KeyRow row : store.keys(d.id)) {
                    if (row.state() != KeyState.PENDING) {
                        byte[] c = committed.get(d.id + "@" + row.epoch());
                        assertTrue(c != null && Arrays.equals(c, row.commitment()),
                                "committed key " + d.id + "@" + row.epoch() + " has its outbox event");
                    }
                }
            }
            System.out.println("crash test: " + rotated.get() + " rotations, " + KILLS + " kills, " + events.size() + " events");
        }
    }

    private static void storm(SimulatedDevice d0, DtlsClients clients, AtomicReference<GatewayProcess> current,
                              AtomicBoolean stop, AtomicInteger rotated) {
        SimulatedDevice d = d0;
        GatewayProcess seen = current.get();
        int i = 0;
        while (!stop.get()) {
            try {
                GatewayProcess now = current.get();
                if (now != seen) {
                    d.transport.close();
                    d = SimulatedDevice.reopen(d, clients, now.address, now.signingPublicKey, null);
                    seen = now;
                }
                int result = d.client.rotate(RotationReason.RISK, 900, 1);
                if (result == RotationClient.RESULT_ROTATED) {
                    rotated.incrementAndGet();
                } else {
                    Thread.sleep(50);
                }
                if (++i % 5 == 0) {
                    d.telemetry(i, 10);
                }
            } catch (Exception e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

}
