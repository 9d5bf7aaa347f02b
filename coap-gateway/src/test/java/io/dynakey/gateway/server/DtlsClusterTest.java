package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.ledger.LedgerEventBodies;
import io.dynakey.gateway.ledger.OutboxEventSource;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.KeyEncryptionKeys;
import io.dynakey.gateway.store.KeyRow;
import io.dynakey.gateway.store.KeyState;
import io.dynakey.gateway.store.KeyWrapper;
import io.dynakey.gateway.store.PostgresDeviceKeyStore;
import io.dynakey.gateway.store.PostgresUrl;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.TestDatabase;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.ledger.event.Enrolled;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.Rotated;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway processes, nodes of a Scandium DTLS connection-ID cluster on one PostgreSQL store,
 * behind a front that sprays records with a connection id over the nodes: devices rotate through
 * any node (the owner gets forwarded records), and when a node is killed (-9) mid-storm its
 * devices handshake again on the others: none is locked out, no epoch is issued twice, each
 * committed key has its one ledger event. Node 2 is killed, restarted and rejoins; then node 3 is
 * killed (and so on for more kills). A longer run: {@code -Dtest=DtlsClusterTest
 * -Ddynakey.cluster.devices=300 -Ddynakey.cluster.kills=5}.
 */
class DtlsClusterTest {

    private static final int NODES = 3;
    /** Devices in the storm; a longer run sets {@code -Ddynakey.cluster.devices}. */
    private static final int DEVICES = Integer.getInteger("dynakey.cluster.devices", 18);
    /** Nodes killed (-9) one after another, each restarted but the last; {@code -Ddynakey.cluster.kills}. */
    private static final int KILLS = Integer.getInteger("dynakey.cluster.kills", 2);

    @TempDir
    Path dir;

    @Test
    void devices_rotate_through_any_node_and_a_node_killed_mid_storm_locks_none_out() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cluster")) {
            PostgresUrl url = db.url().orElseThrow();
            int[] clusterPorts = freeUdpPorts(NODES);
            StringJoiner nodesSetting = new StringJoiner(",");
            for (int n = 1; n <= NODES; n++) {
                nodesSetting.add(n + "=127.0.0.1:" + clusterPorts[n - 1]);
            }
            Map<Integer, GatewayProcess> nodes = new LinkedHashMap<>();
            DtlsClients clients = DtlsClients.create(new DtlsClients.Options(1_500, 400, 1, 2, false));
            ClusterFront front = null;
            try {
                for (int n = 1; n <= NODES; n++) {
                    nodes.put(n, startNode(n, url, clusterPorts, nodesSetting.toString()));
                }
                Map<Integer, InetSocketAddress> publicAddresses = new LinkedHashMap<>();
                nodes.forEach((n, p) -> publicAddresses.put(n, p.address));
                byte[] gatewayKey = nodes.get(1).signingPublicKey;
                front = new ClusterFront(publicAddresses);
                List<SimulatedDevice> devices = new ArrayList<>();
                try (DeviceKeyStore store = openStore(url)) {
                    for (int i = 0; i < DEVICES; i++) {
                        SimulatedDevice d = new SimulatedDevice("cl-" + i, clients, front.address(), gatewayKey,
                                dir.resolve("dev-" + i));
                        store.registerDevice(d.id, d.identityPublic, "1", new Secret(d.factoryPsk), System.currentTimeMillis());
                        devices.add(d);
                    }
                }

                // when every device rotates as fast as it can through the front, while node 2 is killed (-9),
                // restarted, and then node 3 is killed
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger rotated = new AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                for (SimulatedDevice d : devices) {
                    Thread t = new Thread(() -> storm(d, stop, rotated), "storm-" + d.id);
                    t.start();
                    threads.add(t);
                }
                long warmUp = System.nanoTime() + 120_000_000_000L;
                while (rotated.get() < DEVICES && System.nanoTime() < warmUp) {
                    Thread.sleep(50); // as many rotations as devices before the first kill
                }
                List<Integer> counts = new ArrayList<>();
                for (int k = 0; k < KILLS; k++) {
                    Thread.sleep(3_000);
                    counts.add(rotated.get());
                    int victim = 1 + (k + 1) % NODES; // 2, 3, 1, 2, ...: one node down at a time
                    kill(nodes, front, victim);
                    if (k < KILLS - 1) {
                        Thread.sleep(1_500);
                        nodes.put(victim, startNode(victim, url, clusterPorts, nodesSetting.toString()));
                        front.add(victim, nodes.get(victim).address);
                    }
                }
                Thread.sleep(3_000);
                stop.set(true);
                for (Thread t : threads) {
                    t.join(30_000);
                }
                counts.add(rotated.get());
                System.out.println("cluster: " + DEVICES + " devices, " + KILLS + " kills (-9), rotations by each kill and at the end "
                        + counts + "; CID records " + front.cidCounts()[0]
                        + ", sent to a node not owning them " + front.cidCounts()[1]);
                assertTrue(counts.get(0) >= DEVICES, "the storm rotated before the first kill: " + counts);
                assertTrue(counts.get(KILLS) > counts.get(KILLS - 1), "and after the last: " + counts);
                assertTrue(front.cidCounts()[1] > 0, "records reached a node that did not own their connection");

                // then every device settles on a working key through the surviving nodes
                Map<String, Integer> deviceEpochs = new HashMap<>();
                for (SimulatedDevice d : devices) {
                    d.transport.dropSession();
                    int epoch = d.client.settle();
                    assertTrue(epoch >= 0, d.id + " has a working key");
                    d.telemetry(1, 0);
                    assertEquals(68, d.transport.lastResponseCode(), d.id + " talks on epoch " + epoch);
                    deviceEpochs.put(d.id, epoch);
                    d.close();
                }
                // and the store is sound: no epoch committed twice, every committed key has its one event
                try (DeviceKeyStore store = openStore(url)) {
                    assertEquals(List.of(), store.check());
                    Map<String, byte[]> committed = committedKeys(store);
                    for (SimulatedDevice d : devices) {
                        assertEquals((long) deviceEpochs.get(d.id), store.device(d.id).orElseThrow().currentEpoch(),
                                d.id + ": device and store agree on the epoch");
                        for (KeyRow row : store.keys(d.id)) {
                            if (row.state() != KeyState.PENDING) {
                                byte[] c = committed.get(d.id + "@" + row.epoch());
                                assertTrue(c != null && Arrays.equals(c, row.commitment()), d.id + "@" + row.epoch() + " has its event");
                            }
                        }
                    }
                }
            } finally {
                if (front != null) {
                    front.close();
                }
                clients.close();
                for (GatewayProcess n : nodes.values()) {
                    n.close();
                }
            }
        }
    }

    private GatewayProcess startNode(int n, PostgresUrl url, int[] clusterPorts, String nodesSetting) throws Exception {
        Path config = dir.resolve("node-" + n + ".properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            GatewayConfig.builder()
                    .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1").set(GatewaySettings.PORT, 0)
                    .set(GatewaySettings.DATA_DIR, dir.resolve("node-" + n))
                    .set(GatewaySettings.STORE, url.toString())
                    .set(GatewaySettings.KEK_FILE, dir.resolve("kek.hex"))
                    .set(GatewaySettings.CLUSTER_NODE_ID, n)
                    .set(GatewaySettings.CLUSTER_ADDRESS, "127.0.0.1:" + clusterPorts[n - 1])
                    .set(GatewaySettings.CLUSTER_NODES, nodesSetting)
                    .set(GatewaySettings.ROTATIONS_PER_HOUR, 1_000_000)
                    .set(GatewaySettings.REQUESTS_PER_SECOND, 10_000).set(GatewaySettings.REQUEST_BURST, 10_000)
                    .set(GatewaySettings.GRACE_WINDOW, Duration.ofMinutes(2))
                    .build().writeTemplate(w);
        }
        return GatewayProcess.start(config, dir.resolve("node-" + n + ".log"));
    }

    /** SIGKILL to node {@code n}; the front's health check notices a moment later. */
    private static void kill(Map<Integer, GatewayProcess> nodes, ClusterFront front, int n) throws InterruptedException {
        nodes.get(n).kill();
        Thread.sleep(200);
        front.remove(n);
    }

    private DeviceKeyStore openStore(PostgresUrl url) throws Exception {
        return PostgresDeviceKeyStore.open(url, new KeyWrapper(KeyEncryptionKeys.load(dir.resolve("kek.hex"), true)),
                new LedgerEventBodies());
    }

    /** Every Enrolled and Rotated event's commitment by device@epoch; fails on an epoch committed twice. */
    private static Map<String, byte[]> committedKeys(DeviceKeyStore store) throws Exception {
        Map<String, byte[]> committed = new HashMap<>();
        for (LedgerEvent e : new OutboxEventSource(store).readAfter(0, 1_000_000)) {
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
                assertTrue(committed.put(key, commitment) == null, "epoch committed twice: " + key);
            }
        }
        return committed;
    }

    private static void storm(SimulatedDevice d, AtomicBoolean stop, AtomicInteger rotated) {
        int i = 0;
        while (!stop.get()) {
            try {
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
                // the node holding the session is gone, or a record was lost: handshake again (on a live node)
                try {
                    d.transport.dropSession();
                    d.client.settle();
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    return;
                } catch (Exception ignored) {
                    // the next round tries again
                }
            }
        }
    }

    private static int[] freeUdpPorts(int n) throws Exception {
        int[] ports = new int[n];
        List<DatagramSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (DatagramSocket s : held) {
                s.close();
            }
        }
        return ports;
    }
}
