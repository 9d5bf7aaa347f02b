package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.dynakey.device.rotation.GroupKeyClient;
import io.dynakey.device.rotation.TelemetryAck;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.ledger.event.GroupRekeyed;
import io.dynakey.ledger.event.LedgerEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group rekey over real DTLS: a newcomer gets no key from before it joined (it waits for the
 * batched rekey), a revoked member cannot get the key its group moves on to, and members that
 * missed rekeys (asleep, acknowledgements lost) converge at their next contact through the key
 * version every telemetry acknowledgement carries.
 */
class GroupRekeyTest {

    static DtlsClients clients;
    @TempDir
    Path dir;

    @BeforeAll
    static void clients() {
        clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(3_000));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private static final class Member implements AutoCloseable {
        final SimulatedDevice device;
        final GroupKeyClient groupKey;
        int seq;

        Member(TestGateway gw, String id, Path dir) throws Exception {
            device = new SimulatedDevice(id, clients, gw.address(), gw.gateway().signingPublicKey(), dir.resolve(id));
            gw.gateway().store().registerDevice(id, device.identityPublic, "5", new Secret(device.factoryPsk), System.currentTimeMillis());
            device.client.settle();
            groupKey = new GroupKeyClient(device.transport, device.keys);
        }

        /** One telemetry report; the ack's group key version drives the fetch. */
        int contact() throws Exception {
            byte[] a = device.telemetry(++seq, 0);
            TelemetryAck ack = new TelemetryAck();
            ack.decode(WireMessage.newReader(), a, 0, a.length);
            return groupKey.onAck(ack);
        }

        byte[] key() {
            byte[] k = new byte[16];
            groupKey.copyKey(k, 0);
            return k;
        }

        @Override
        public void close() {
            device.close();
        }
    }

    private static void awaitVersion(Member m, long version) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (m.groupKey.version() < version && System.currentTimeMillis() < deadline) {
            m.contact();
            Thread.sleep(100);
        }
        assertEquals(version, m.groupKey.version(), m.device.id);
    }

    @Test
    void newcomers_wait_for_the_batch_revoked_members_are_left_behind_and_sleepers_catch_up() throws Exception {
        var cfg = TestGateway.config(dir).set(GatewaySettings.GROUP_REKEY_DELAY, Duration.ofSeconds(1))
                .set(GatewaySettings.SESSION_SWEEP_INTERVAL, Duration.ofMillis(200)).build();
        try (TestGateway gw = TestGateway.start(cfg, dir);
             Member a = new Member(gw, "grp-a", dir);
             Member b = new Member(gw, "grp-b", dir);
             Member sleeper = new Member(gw, "grp-c", dir)) {
            // given three members holding version 0
            for (Member m : List.of(a, b, sleeper)) {
                assertEquals(GroupKeyClient.RESULT_UPDATED, m.groupKey.fetch());
                assertEquals(0, m.groupKey.version());
            }
            byte[] v0 = a.key();
            assertArrayEquals(v0, sleeper.key());

            // when a fourth device joins, it gets nothing until the group is rekeyed for it
            try (Member newcomer = new Member(gw, "grp-d", dir)) {
                assertEquals(GroupKeyClient.RESULT_PENDING, newcomer.groupKey.fetch());
                awaitVersion(newcomer, 1);
                assertFalse(Arrays.equals(v0, newcomer.key()), "the newcomer never held version 0");
                // and a member learns of version 1 from its next acknowledgement
                awaitVersion(a, 1);
                assertArrayEquals(newcomer.key(), a.key());

                // when b is revoked, the group moves on to version 2, which b cannot get
                gw.gateway().store().revoke("grp-b", RotationReason.MANUAL, System.currentTimeMillis());
                awaitVersion(a, 2);
                int refused = b.groupKey.fetch();
                assertNotEquals(GroupKeyClient.RESULT_UPDATED, refused);
                assertEquals(0, b.groupKey.version(), "b holds only the version 0 it had before");
                awaitVersion(newcomer, 2);
                assertArrayEquals(a.key(), newcomer.key());
            }

            // then the member that slept through both rekeys converges at its first contact, straight to version 2
            assertEquals(GroupKeyClient.RESULT_UPDATED, sleeper.contact());
            assertEquals(2, sleeper.groupKey.version());
            assertArrayEquals(a.key(), sleeper.key());

            // and every rekey is a ledger event: made, joined, left
            List<Integer> reasons = gw.gateway().events().readAfter(0, 1000).stream().map(LedgerEvent::body)
                    .filter(GroupRekeyed.class::isInstance).map(e -> ((GroupRekeyed) e).reason()).toList();
            assertEquals(List.of(RotationReason.UNSPECIFIED, RotationReason.MEMBER_JOINED, RotationReason.MEMBER_LEFT), reasons);
        }
    }
}
