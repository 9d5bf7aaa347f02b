package io.dynakey.fleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback UDP relay between simulated devices and the gateway that counts every datagram's
 * bytes in both directions, so that the bytes a policy costs are measured on the wire (DTLS
 * handshakes, records and CoAP included) rather than estimated. Each client address gets its own
 * upstream socket, so the gateway sees one peer per client as it would without the relay.
 * One thread; {@link #close()} stops it.
 */
public final class UdpRelay implements AutoCloseable {

    /** IPv4 + UDP header bytes per datagram, added to the payload counts. */
    public static final int IP_UDP_HEADER = 28;

    private final DatagramChannel front;
    private final InetSocketAddress target;
    private final Selector selector;
    private final Map<SocketAddress, DatagramChannel> upstream = new HashMap<>();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private final AtomicLong datagrams = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts a relay on an ephemeral loopback port forwarding to {@code target}. */
    public UdpRelay(InetSocketAddress target, String name) throws IOException {
        this.target = target;
        this.selector = Selector.open();
        this.front = DatagramChannel.open();
        front.bind(new InetSocketAddress("127.0.0.1", 0));
        front.configureBlocking(false);
        front.register(selector, SelectionKey.OP_READ, null);
        this.thread = new Thread(this::loop, "udp-relay-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The address clients should send to. */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) front.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("relay socket closed", e);
        }
    }

    /** Bytes from clients to the gateway (payload + IP/UDP headers). */
    public long bytesUp() {
        return bytesUp.get();
    }

    /** Bytes from the gateway to clients. */
    public long bytesDown() {
        return bytesDown.get();
    }

    /** Both directions. */
    public long bytes() {
        return bytesUp.get() + bytesDown.get();
    }

    /** Datagrams relayed. */
    public long datagrams() {
        return datagrams.get();
    }

    /** The relay thread's CPU time, ns (so it can be left out of the gateway's figure). */
    public long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
        while (running) {
            try {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid() || !key.isReadable()) {
                        continue;
                    }
                    if (key.attachment() == null) {
                        fromClient(buf);
                    } else {
                        fromGateway(buf, (DatagramChannel) key.channel(), (SocketAddress) key.attachment());
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                if (running) {
                    // a single bad datagram must not stop the relay; the client will retransmit
                    continue;
                }
            }
        }
    }

    private void fromClient(ByteBuffer buf) throws IOException {
        SocketAddress client;
        while (true) {
            buf.clear();
            client = front.receive(buf);
            if (client == null) {
                return;
            }
            buf.flip();
            DatagramChannel up = upstream.get(client);
            if (up == null) {
                up = DatagramChannel.open();
                up.bind(new InetSocketAddress("127.0.0.1", 0));
                up.connect(target);
                up.configureBlocking(false);
                up.register(selector, SelectionKey.OP_READ, client);
                upstream.put(client, up);
            }
            bytesUp.addAndGet(buf.remaining() + IP_UDP_HEADER);
            datagrams.incrementAndGet();
            up.write(buf);
        }
    }

    private void fromGateway(ByteBuffer buf, DatagramChannel up, SocketAddress client) throws IOException {
        while (true) {
            buf.clear();
            if (up.read(buf) <= 0) {
                return;
            }
            buf.flip();
            bytesDown.addAndGet(buf.remaining() + IP_UDP_HEADER);
            datagrams.incrementAndGet();
            front.send(buf, client);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (DatagramChannel c : upstream.values()) {
                c.close();
            }
            front.close();
            selector.close();
        } catch (IOException ignored) {
            // closing sockets; nothing to recover
        }
    }
}
