package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.rotation.RotationClient;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.ledger.OutboxEventSource;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.KeyRow;
import io.dynakey.gateway.store.KeyState;
import io.dynakey.gateway.store.PostgresUrl;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.TestDatabase;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.ledger.event.Enrolled;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.Rotated;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * Three gateway nodes of a Scandium DTLS connection-ID cluster on one PostgreSQL store, behind a
 * front that sprays records with a connection id over the nodes: devices rotate through any node
 * (the owner gets forwarded records), and when one node dies mid-storm its devices handshake
 * again on the others: none is locked out, no epoch is issued twice, each committed key has its
 * one ledger event.
 */
class DtlsClusterTest {

    private static final int NODES = 3;
    private static final int DEVICES = 18;

    @TempDir
    Path dir;

    @Test
    void devices_rotate_through_any_node_and_a_dead_node_locks_none_out() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cluster")) {
            PostgresUrl url = db.url().orElseThrow();
            int[] clusterPorts = freeUdpPorts(NODES);
            StringJoiner nodesSetting = new StringJoiner(",");
            for (int n = 1; n <= NODES; n++) {
                nodesSetting.add(n + "=127.0.0.1:" + clusterPorts[n - 1]);
            }
            List<TestGateway> nodes = new ArrayList<>();
            Map<Integer, InetSocketAddress> publicAddresses = new LinkedHashMap<>();
            DtlsClients clients = DtlsClients.create(new DtlsClients.Options(1_500, 400, 1, 2, false));
            ClusterFront front = null;
            try {
                for (int n = 1; n <= NODES; n++) {
                    GatewayConfig cfg = TestGateway.config(dir.resolve("node-" + n))
                            .set(GatewaySettings.STORE, url.toString())
                            .set(GatewaySettings.KEK_FILE, dir.resolve("kek.hex"))
                            .set(GatewaySettings.CLUSTER_NODE_ID, n)
                            .set(GatewaySettings.CLUSTER_ADDRESS, "127.0.0.1:" + clusterPorts[n - 1])
                            .set(GatewaySettings.CLUSTER_NODES, nodesSetting.toString())
                            .set(GatewaySettings.ROTATIONS_PER_HOUR, 1_000_000)
                            .set(GatewaySettings.REQUESTS_PER_SECOND, 10_000).set(GatewaySettings.REQUEST_BURST, 10_000)
                            .set(GatewaySettings.GRACE_WINDOW, Duration.ofMinutes(2))
                            .build();
                    TestGateway node = TestGateway.start(cfg, dir.resolve("node-" + n));
                    nodes.add(node);
                    publicAddresses.put(n, node.address());
                }
                byte[] gatewayKey = nodes.get(0).gateway().signingPublicKey();
                front = new ClusterFront(publicAddresses);
                DeviceKeyStore store = nodes.get(0).gateway().store();
                List<SimulatedDevice> devices = new ArrayList<>();
                for (int i = 0; i < DEVICES; i++) {
                    SimulatedDevice d = new SimulatedDevice("cl-" + i, clients, front.address(), gatewayKey, dir.resolve("dev-" + i));
                    store.registerDevice(d.id, d.identityPublic, "1", new Secret(d.factoryPsk), System.currentTimeMillis());
                    devices.add(d);
                }

                // when every device rotates as fast as it can through the front, and node 2 dies midway
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger rotated = new AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                for (SimulatedDevice d : devices) {
                    Thread t = new Thread(() -> storm(d, stop, rotated), "storm-" + d.id);
                    t.start();
                    threads.add(t);
                }
                Thread.sleep(3_000);
                int beforeKill = rotated.get();
                front.remove(2);
                nodes.get(1).close();
                Thread.sleep(3_000);
                stop.set(true);
                for (Thread t : threads) {
                    t.join(30_000);
                }
                System.out.println("cluster: " + beforeKill + " rotations before node 2 died, " + rotated.get() + " in all;"
                        + " CID records " + front.cidCounts()[0] + ", sent to a node not owning them " + front.cidCounts()[1]);
                assertTrue(beforeKill >= DEVICES, "the storm rotated before the kill: " + beforeKill);
                assertTrue(rotated.get() > beforeKill, "and after it: " + rotated.get());
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
                assertEquals(List.of(), store.check());
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
            } finally {
                if (front != null) {
                    front.close();
                }
                clients.close();
                for (TestGateway n : nodes) {
                    n.close();
                }
            }
        }
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
