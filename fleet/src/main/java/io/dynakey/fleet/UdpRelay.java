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
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback UDP relay between simulated devices and the gateway that counts every datagram's
 * bytes in both directions, so that the bytes a policy costs are measured on the wire (DTLS
 * handshakes, records and CoAP included) rather than estimated. Each client address gets its own
 * upstream socket, so the gateway sees one peer per client as it would without the relay.
 *
 * <p>A client {@linkplain #assign assigned} a {@link LinkProfile} has its datagrams, in both
 * directions, lost, delayed, duplicated and reordered as the profile says, and nothing crosses while
 * its wake schedule has it asleep. The decisions come from one random stream per client and direction,
 * seeded from the relay's seed and the link key, so the same datagram sequence meets the same fate in
 * every run. Counted bytes are what the endpoints transmit (a datagram a sleeping device would send
 * never leaves it and is not counted; a datagram the gateway sends to a sleeping device is counted and
 * lost; a duplicate made by the network is not counted twice). Unassigned clients pass untouched.
 * One thread; {@link #close()} stops it.
 */
public final class UdpRelay implements AutoCloseable {

    /** IPv4 + UDP header bytes per datagram, added to the payload counts. */
    public static final int IP_UDP_HEADER = 28;

    private final DatagramChannel front;
    private final InetSocketAddress target;
    private final Selector selector;
    private final Map<SocketAddress, DatagramChannel> upstream = new HashMap<>();
    private final ConcurrentLinkedQueue<SocketAddress> forgotten = new ConcurrentLinkedQueue<>();
    private final AtomicInteger upstreamOpen = new AtomicInteger();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private final AtomicLong datagrams = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong slept = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();
    private final Map<SocketAddress, Link> links = new ConcurrentHashMap<>();
    private final PriorityQueue<Held> held = new PriorityQueue<>();
    private final long seed;
    private final long originNanos = System.nanoTime();
    private long heldSeq;
    private final Thread thread;
    private volatile boolean running = true;

    /** One client's link: its profile, wake phase, random streams and byte count. */
    private static final class Link {
        final LinkProfile profile;
        final long phaseMs;
        final SplittableRandom up;
        final SplittableRandom down;
        final AtomicLong bytes = new AtomicLong();

        Link(LinkProfile profile, long phaseMs, long seed, long key) {
            this.profile = profile;
            this.phaseMs = phaseMs;
            SplittableRandom root = new SplittableRandom(seed ^ (key * 0x9E3779B97F4A7C15L));
            this.up = root.split();
            this.down = root.split();
        }
    }

    /** A datagram held back until {@code due} (delay, jitter or reordering). */
    private record Held(long due, long seq, byte[] data, DatagramChannel via, SocketAddress to) implements Comparable<Held> {
        @Override
        public int compareTo(Held o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Starts a relay on an ephemeral loopback port forwarding to {@code target}; every client passes untouched. */
    public UdpRelay(InetSocketAddress target, String name) throws IOException {
        this(target, name, 0L);
    }

    /**
     * Starts a relay whose {@linkplain #assign assigned} clients meet their link profile, the random
     * decisions derived from {@code seed}.
     */
    public UdpRelay(InetSocketAddress target, String name, long seed) throws IOException {
        this.target = target;
        this.seed = seed;
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

    /**
     * Puts the client at {@code client} (its local UDP address) on {@code profile}; {@code key} names
     * the link in the seed (a device index), {@code phaseMs} shifts its wake schedule. Call before the
     * client's first datagram; thread-safe.
     */
    public void assign(InetSocketAddress client, LinkProfile profile, long key, long phaseMs) {
        links.put(client, new Link(profile, phaseMs, seed, key));
    }

    /** Bytes the client at {@code client} and the gateway transmitted to each other (0 if unassigned). */
    public long bytesOf(InetSocketAddress client) {
        Link l = links.get(client);
        return l == null ? 0 : l.bytes.get();
    }

    /**
     * The client at {@code client} is gone (its socket closed): the relay closes the upstream socket
     * it opened for it, on the relay thread, soon after. Its link and byte counts stay. Without this
     * every client that ever sent keeps an open socket for the relay's life. Thread-safe.
     */
    public void forget(InetSocketAddress client) {
        forgotten.add(client);
        selector.wakeup();
    }

    /** Upstream sockets open now, one per client that sent and was not forgotten. */
    public int upstreamSockets() {
        return upstreamOpen.get();
    }

    /** Milliseconds since the relay started: the clock of every wake schedule. */
    public long nowMs() {
        return (System.nanoTime() - originNanos) / 1_000_000;
    }

    /** Datagrams of assigned clients dropped by loss. */
    public long lost() {
        return lost.get();
    }

    /** Datagrams dropped because the device was asleep. */
    public long slept() {
        return slept.get();
    }

    /** Extra copies delivered. */
    public long duplicated() {
        return duplicated.get();
    }

    /** Datagrams held back so that later ones overtake them. */
    public long reordered() {
        return reordered.get();
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
                closeForgotten();
                selector.select(flushDue());
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

    private void closeForgotten() throws IOException {
        for (SocketAddress gone; (gone = forgotten.poll()) != null; ) {
            DatagramChannel c = upstream.remove(gone);
            if (c != null) {
                c.close(); // also cancels its selection key
                upstreamOpen.decrementAndGet();
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
                upstreamOpen.incrementAndGet();
            }
            Link link = links.get(client);
            if (link == null) {
                bytesUp.addAndGet(buf.remaining() + IP_UDP_HEADER);
                datagrams.incrementAndGet();
                up.write(buf);
            } else if (!link.profile.awake(nowMs(), link.phaseMs)) {
                slept.incrementAndGet(); // the device's radio is off: nothing leaves it
            } else {
                bytesUp.addAndGet(buf.remaining() + IP_UDP_HEADER);
                link.bytes.addAndGet(buf.remaining() + IP_UDP_HEADER);
                datagrams.incrementAndGet();
                impair(link, link.up, buf, up, null);
            }
        }
    }

    /**
     * Applies the link's fate to one datagram: every datagram draws the same four numbers (loss,
     * duplicate, reorder, jitter) whatever the profile, so one profile change shifts no other decision.
     */
    private void impair(Link link, SplittableRandom r, ByteBuffer buf, DatagramChannel via, SocketAddress to)
            throws IOException {
        LinkProfile p = link.profile;
        double uLoss = r.nextDouble();
        double uDup = r.nextDouble();
        double uReorder = r.nextDouble();
        double uJitter = r.nextDouble();
        if (uLoss < p.loss()) {
            lost.incrementAndGet();
            return;
        }
        int copies = uDup < p.duplicate() ? 2 : 1;
        if (copies == 2) {
            duplicated.incrementAndGet();
        }
        long delayMs = p.delayMs() + (long) (uJitter * p.jitterMs());
        if (uReorder < p.reorder()) {
            reordered.incrementAndGet();
            delayMs += LinkProfile.REORDER_EXTRA_MS + 2L * p.delayMs();
        }
        if (delayMs == 0) {
            for (int i = 0; i < copies; i++) {
                send(buf.duplicate(), via, to);
            }
            return;
        }
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        long due = System.nanoTime() + delayMs * 1_000_000L;
        for (int i = 0; i < copies; i++) {
            held.add(new Held(due, heldSeq++, data, via, to));
        }
    }

    private void send(ByteBuffer b, DatagramChannel via, SocketAddress to) throws IOException {
        if (to == null) {
            via.write(b);
        } else {
            via.send(b, to);
        }
    }

    /** Sends every held datagram that is due; returns ms until the next one (1..200; 200 if none). */
    private long flushDue() throws IOException {
        long now = System.nanoTime();
        while (!held.isEmpty() && held.peek().due() <= now) {
            Held h = held.poll();
            send(ByteBuffer.wrap(h.data()), h.via(), h.to());
        }
        if (held.isEmpty()) {
            return 200;
        }
        long ms = (held.peek().due() - now + 999_999) / 1_000_000;
        return Math.max(1, Math.min(200, ms));
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
            Link link = links.get(client);
            if (link == null) {
                front.send(buf, client);
                continue;
            }
            link.bytes.addAndGet(buf.remaining() + IP_UDP_HEADER);
            if (!link.profile.awake(nowMs(), link.phaseMs)) {
                slept.incrementAndGet(); // sent by the gateway, lost at the sleeping device
                continue;
            }
            impair(link, link.down, buf, front, client);
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
