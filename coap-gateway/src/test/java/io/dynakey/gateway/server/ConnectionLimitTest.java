package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DTLS connection store is bounded: each handshake (each rotation opens one on the new key)
 * takes a place, and Scandium frees a place only for a connection older than the stale threshold.
 * This is what stalled the 10,000-device fleet: the store filled and new handshakes were dropped.
 */
class ConnectionLimitTest {

    @TempDir
    Path dir;

    private static final int LIMIT = 16;

    /** A fresh peer (own socket) handshakes and asks for discovery. */
    private static void discover(TestGateway gw, DtlsClients clients) throws Exception {
        try (DtlsTransport t = clients.connect(gw.address())) {
            discover(gw, t);
        }
    }

    /** A new handshake on {@code t} (its old session dropped) and a discovery request. */
    private static void discover(TestGateway gw, DtlsTransport t) throws Exception {
        byte[] id = gw.operatorIdentity();
        byte[] key = gw.operatorPsk();
        t.dropSession();
        t.usePsk(id, id.length, key, key.length);
        byte[] path = ".well-known/core".getBytes(StandardCharsets.US_ASCII);
        t.request(Transport.METHOD_GET, path, path.length, new byte[0], 0, 0, new byte[2048], 0, 2048);
        assertEquals(69, t.lastResponseCode(), "2.05 Content");
    }

    @Test
    void new_handshakes_succeed_after_the_store_filled_once_old_connections_are_stale() throws Exception {
        // given a gateway whose store holds 16 connections, evictable after 1 s idle
        try (DtlsClients clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(3_000));
             TestGateway gw = TestGateway.start(TestGateway.config(dir)
                     .set(GatewaySettings.MAX_CONNECTIONS, LIMIT)
                     .set(GatewaySettings.STALE_CONNECTION_THRESHOLD, Duration.ofSeconds(1)).build(), dir)) {
            // when three rounds of handshakes from distinct peers each fill the store, a second apart
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < LIMIT; i++) {
                    // then every one is answered: the previous round's connections are evicted as stale
                    discover(gw, clients);
                }
                Thread.sleep(1_300);
            }
            // (Scandium also refuses more than max(max-connections, 50) handshakes started within its
            // CLIENT_HELLO timeout; 48 stay below that)
        }
    }

    @Test
    void re_handshakes_from_one_peer_fill_the_store_and_then_new_handshakes_are_dropped() throws Exception {
        // given a gateway whose store holds 16 connections, none stale for 30 minutes
        try (DtlsClients clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(1_500));
             TestGateway gw = TestGateway.start(TestGateway.config(dir)
                     .set(GatewaySettings.MAX_CONNECTIONS, LIMIT).build(), dir);
             DtlsTransport pooled = clients.connect(gw.address())) {
            // when one pooled client re-handshakes 16 times from the same address (as the fleet's
            // workers do for each device and each new key): every handshake keeps its own place
            for (int i = 0; i < LIMIT; i++) {
                discover(gw, pooled);
            }
            // then a new peer's handshake is dropped and it times out (the fleet's stall, in miniature)
            assertThrows(TransportException.class, () -> discover(gw, clients));
        }
    }
}
