package io.dynakey.fleet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.fleet.UdpRelay;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.hardware.transport.DtlsTransport;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pooling and recycling of the per-thread DTLS clients (no request is sent, so no server is needed). */
class DtlsLanesTest {

    private DtlsClients clients;
    private UdpRelay relay;

    @BeforeEach
    void open() throws Exception {
        clients = DtlsClients.create(DtlsClients.Options.defaults());
        relay = new UdpRelay(new InetSocketAddress("127.0.0.1", 9), "lanes-test");
    }

    @AfterEach
    void close() {
        clients.close();
        relay.close();
    }

    @Test
    void each_thread_gets_its_own_four_clients_and_keeps_them_between_calls() throws Exception {
        try (DtlsLanes lanes = new DtlsLanes(clients, clients, relay, relay, relay, 100)) {
            DtlsTransport mine = lanes.slowProbe();
            assertEquals(4, lanes.openClients(), "key, telemetry, quick probe, slow probe");
            assertSame(mine, lanes.slowProbe(), "the same thread keeps its client");

            AtomicInteger otherCount = new AtomicInteger();
            DtlsTransport[] other = new DtlsTransport[1];
            Thread t = new Thread(() -> {
                other[0] = lanes.slowProbe();
                otherCount.set(lanes.openClients());
            });
            t.start();
            t.join();
            assertNotSame(mine, other[0], "another thread gets clients of its own");
            assertEquals(8, otherCount.get());
        }
    }

    @Test
    void a_client_past_its_request_budget_is_replaced_and_the_old_one_closed() throws Exception {
        try (DtlsLanes lanes = new DtlsLanes(clients, clients, relay, relay, relay, 3)) {
            DtlsTransport first = lanes.quickProbe();
            for (int i = 0; i < 3; i++) {
                assertSame(first, lanes.quickProbe(), "within the budget the client stays");
            }
            DtlsTransport next = lanes.quickProbe();
            assertNotSame(first, next, "past the budget a fresh client replaces it");
            assertEquals(4, lanes.openClients(), "the replaced clients are closed, not leaked");
            lanes.close();
            assertEquals(0, lanes.openClients());
        }
    }

    @Test
    void a_budget_below_one_request_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new DtlsLanes(clients, clients, relay, relay, relay, 0));
    }
}
