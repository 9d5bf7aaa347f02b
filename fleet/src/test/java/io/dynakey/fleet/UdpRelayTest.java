package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class UdpRelayTest {

    @Test
    void the_relay_forwards_both_ways_and_counts_every_byte() throws Exception {
        // given an echo server behind the relay
        try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             UdpRelay relay = new UdpRelay((InetSocketAddress) echo.getLocalSocketAddress(), "test");
             DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Thread t = new Thread(() -> {
                try {
                    byte[] b = new byte[2048];
                    for (int i = 0; i < 3; i++) {
                        DatagramPacket p = new DatagramPacket(b, b.length);
                        echo.receive(p);
                        echo.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                    }
                } catch (Exception ignored) {
                    // test thread
                }
            });
            t.start();
            client.setSoTimeout(5000);
            // when
            for (int i = 1; i <= 3; i++) {
                byte[] msg = new byte[100 * i];
                client.send(new DatagramPacket(msg, msg.length, relay.address()));
                DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
                client.receive(reply);
                assertEquals(100 * i, reply.getLength());
            }
            t.join(5000);
            // then
            long expected = 600 + 3 * UdpRelay.IP_UDP_HEADER;
            assertEquals(expected, relay.bytesUp());
            assertEquals(expected, relay.bytesDown());
            assertEquals(6, relay.datagrams());
        }
    }

    /** What a sink behind the relay saw of numbered datagrams: arrival order and, per datagram, the relay time it was sent at. */
    private record Received(List<Integer> order, List<Long> sentAt, List<Long> arrivedAt) {
    }

    /** Sends {@code count} numbered datagrams from one assigned client through the relay and collects them at a sink. */
    private static Received sendThrough(LinkProfile profile, long seed, int count, long spacingMicros) throws Exception {
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             UdpRelay relay = new UdpRelay((InetSocketAddress) sink.getLocalSocketAddress(), "impaired", seed);
             DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            sink.setReceiveBufferSize(4 << 20);
            relay.assign((InetSocketAddress) client.getLocalSocketAddress(), profile, 1, 0);
            List<Integer> order = new ArrayList<>();
            List<Long> sentAt = new ArrayList<>();
            List<Long> arrivedAt = new ArrayList<>();
            Thread rx = new Thread(() -> {
                try {
                    sink.setSoTimeout(600);
                    byte[] b = new byte[64];
                    while (true) {
                        DatagramPacket p = new DatagramPacket(b, b.length);
                        sink.receive(p);
                        ByteBuffer bb = ByteBuffer.wrap(p.getData(), 0, p.getLength());
                        order.add(bb.getInt());
                        sentAt.add(bb.getLong());
                        arrivedAt.add(relay.nowMs());
                    }
                } catch (SocketTimeoutException done) {
                    // no more datagrams
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            rx.start();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                byte[] msg = ByteBuffer.allocate(12).putInt(i).putLong(relay.nowMs()).array();
                client.send(new DatagramPacket(msg, msg.length, relay.address()));
                long due = start + (i + 1) * spacingMicros * 1_000;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            rx.join(10_000);
            return new Received(order, sentAt, arrivedAt);
        }
    }

    @Test
    void measured_loss_duplication_and_reordering_match_the_profile() throws Exception {
        // given a link that loses 20 %, duplicates 5 % and reorders 5 % of datagrams
        LinkProfile p = new LinkProfile("lossy", 0.2, 0, 0, 0.05, 0.05, 0, 0);
        int n = 5_000;
        // when 5,000 numbered datagrams cross it, one every 100 microseconds
        Received r = sendThrough(p, 42, n, 100);
        // then the rates seen at the far end are the set ones, within 3.5 standard deviations
        BitSet seen = new BitSet(n);
        int duplicates = 0;
        int late = 0;
        int highest = -1;
        for (int seq : r.order()) {
            if (seen.get(seq)) {
                duplicates++;
                continue;
            }
            seen.set(seq);
            if (seq < highest) {
                late++;
            }
            highest = Math.max(highest, seq);
        }
        int distinct = seen.cardinality();
        double loss = 1.0 - distinct / (double) n;
        assertEquals(0.2, loss, 0.025, "loss");
        assertEquals(0.05, duplicates / (double) distinct, 0.012, "duplication");
        assertEquals(0.05, late / (double) distinct, 0.012, "reordering");
    }

    @Test
    void the_same_seed_loses_the_same_datagrams_and_another_seed_others() throws Exception {
        LinkProfile p = new LinkProfile("lossy", 0.3, 0, 0, 0, 0, 0, 0);
        BitSet a = delivered(sendThrough(p, 7, 1_000, 100));
        BitSet b = delivered(sendThrough(p, 7, 1_000, 100));
        BitSet c = delivered(sendThrough(p, 8, 1_000, 100));
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    private static BitSet delivered(Received r) {
        BitSet s = new BitSet();
        r.order().forEach(s::set);
        return s;
    }

    @Test
    void a_sleeping_device_gets_nothing_across_outside_its_wake_window() throws Exception {
        // given a device whose radio is on 100 ms of every 400 ms (no loss)
        LinkProfile p = new LinkProfile("sleepy", 0, 0, 0, 0, 0, 400, 100);
        // when it sends every 2 ms for 1.6 s
        Received r = sendThrough(p, 1, 800, 2_000);
        // then only what it sent while awake arrived (3 ms allowed at the window's edges), about a quarter
        for (long sent : r.sentAt()) {
            long in = Math.floorMod(sent, 400L);
            assertTrue(in < 103 || in > 397, "a datagram sent " + in + " ms into the period crossed");
        }
        assertEquals(0.25, r.order().size() / 800.0, 0.05);
    }

    @Test
    void delay_holds_every_datagram_back() throws Exception {
        LinkProfile p = new LinkProfile("slow", 0, 80, 0, 0, 0, 0, 0);
        Received r = sendThrough(p, 1, 20, 1_000);
        assertEquals(20, r.order().size());
        for (int i = 0; i < 20; i++) {
            long took = r.arrivedAt().get(i) - r.sentAt().get(i);
            assertTrue(took >= 79 && took < 400, "datagram " + i + " took " + took + " ms");
        }
    }

    @Test
    void a_bad_profile_is_refused_by_name() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkProfile.parse("radio:loss=1.5"));
        assertTrue(e.getMessage().contains("loss"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinkProfile.parse("radio:speed=3"));
        assertThrows(IllegalArgumentException.class, () -> LinkProfile.parse("radio:wake=500/100"));
        LinkProfile ok = LinkProfile.parse("radio:loss=0.2,delay=60,jitter=40,dup=0.01,reorder=0.02,wake=2000/6000");
        assertEquals(new LinkProfile("radio", 0.2, 60, 40, 0.01, 0.02, 6_000, 2_000), ok);
        assertEquals(ok, LinkProfile.parse(ok.toString()));
    }

    @Test
    void a_forgotten_client_s_upstream_socket_is_closed_so_recycled_clients_leak_none() throws Exception {
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             UdpRelay relay = new UdpRelay((InetSocketAddress) sink.getLocalSocketAddress(), "recycle")) {
            List<DatagramSocket> clients = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                DatagramSocket c = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                clients.add(c);
                c.send(new DatagramPacket(new byte[8], 8, relay.address()));
            }
            sink.setSoTimeout(5000);
            for (int i = 0; i < 40; i++) {
                sink.receive(new DatagramPacket(new byte[64], 64));
            }
            assertEquals(40, relay.upstreamSockets(), "one upstream socket per client that sent");

            for (DatagramSocket c : clients.subList(0, 30)) {
                relay.forget((InetSocketAddress) c.getLocalSocketAddress());
                c.close();
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (relay.upstreamSockets() > 10 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }

            assertEquals(10, relay.upstreamSockets(), "the 30 forgotten clients' sockets are closed");
            DatagramSocket live = clients.get(35);
            live.send(new DatagramPacket(new byte[8], 8, relay.address()));
            sink.receive(new DatagramPacket(new byte[64], 64));
            assertEquals(10, relay.upstreamSockets(), "a remaining client still uses its own socket");
            for (DatagramSocket c : clients.subList(30, 40)) {
                c.close();
            }
        }
    }
}
