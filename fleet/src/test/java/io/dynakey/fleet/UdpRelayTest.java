package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
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
}
