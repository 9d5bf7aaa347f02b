package io.dynakey.gateway.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP load balancer in front of a gateway cluster, as a test needs it: one public address; a
 * record without connection id (a handshake) goes to a node chosen by the client's address among
 * the live ones (affinity, so a handshake stays on one node); a record with a connection id
 * (content type 25) goes to a random live node, so most arrive at a node that does not own the
 * connection and must forward them. Replies from any node reach the client. {@link #remove}
 * takes a node out, as a health check would.
 */
final class ClusterFront implements AutoCloseable {

    private static final int TLS12_CID = 25;
    /** Offset of the connection id in a DTLS 1.2 CID record: type, version, epoch, sequence number. */
    private static final int CID_OFFSET = 1 + 2 + 2 + 6;

    private final DatagramSocket front;
    private final List<InetSocketAddress> live = new CopyOnWriteArrayList<>();
    private final Map<Integer, InetSocketAddress> byNodeId = new ConcurrentHashMap<>();
    private final Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();
    private final Random random = new Random(7);
    private final AtomicLong cidRecords = new AtomicLong();
    private final AtomicLong cidToOtherNode = new AtomicLong();
    private final Thread pump;
    private volatile boolean open = true;

    /** Nodes by node id (1..n) and their public DTLS addresses. */
    ClusterFront(Map<Integer, InetSocketAddress> nodes) throws SocketException {
        front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        byNodeId.putAll(nodes);
        live.addAll(nodes.values());
        pump = new Thread(this::fromClients, "cluster-front");
        pump.setDaemon(true);
        pump.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** Stops sending to node {@code nodeId}. */
    void remove(int nodeId) {
        live.remove(byNodeId.get(nodeId));
    }

    /** Sends to node {@code nodeId} (again) at {@code address}. */
    void add(int nodeId, InetSocketAddress address) {
        InetSocketAddress old = byNodeId.put(nodeId, address);
        if (old != null) {
            live.remove(old);
        }
        live.add(address);
    }

    /** Records with a connection id seen, and how many of them were sent to a node that does not own the connection. */
    long[] cidCounts() {
        return new long[] {cidRecords.get(), cidToOtherNode.get()};
    }

    private void fromClients() {
        byte[] buf = new byte[65_535];
        while (open) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                front.receive(p);
                SocketAddress client = p.getSocketAddress();
                DatagramSocket up = upstream.computeIfAbsent(client, this::openUpstream);
                InetSocketAddress to = choose(client, buf, p.getLength());
                if (to != null) {
                    up.send(new DatagramPacket(buf, 0, p.getLength(), to));
                }
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    private InetSocketAddress choose(SocketAddress client, byte[] d, int length) {
        List<InetSocketAddress> nodes = live;
        if (nodes.isEmpty()) {
            return null;
        }
        if (length > CID_OFFSET && (d[0] & 0xff) == TLS12_CID) {
            InetSocketAddress to;
            synchronized (random) {
                to = nodes.get(random.nextInt(nodes.size()));
            }
            cidRecords.incrementAndGet();
            if (!to.equals(byNodeId.get(d[CID_OFFSET] & 0xff))) {
                cidToOtherNode.incrementAndGet();
            }
            return to;
        }
        return nodes.get(Math.floorMod(client.hashCode(), nodes.size()));
    }

    private DatagramSocket openUpstream(SocketAddress client) {
        try {
            DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(() -> toClient(s, client), "cluster-front-up");
            t.setDaemon(true);
            t.start();
            return s;
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private void toClient(DatagramSocket up, SocketAddress client) {
        byte[] buf = new byte[65_535];
        while (open) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                up.receive(p);
                front.send(new DatagramPacket(buf, 0, p.getLength(), client));
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        open = false;
        front.close();
        for (DatagramSocket s : upstream.values()) {
            s.close();
        }
    }
}
