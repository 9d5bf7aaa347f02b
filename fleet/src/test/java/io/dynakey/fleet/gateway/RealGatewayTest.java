package io.dynakey.fleet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.wire.RotationReason;
import io.dynakey.fleet.FleetGateway.Device;
import io.dynakey.fleet.FleetGateway.StolenKey;
import io.dynakey.fleet.GatewayCounters;
import io.dynakey.fleet.LinkProfile;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet's real gateway end to end: DTLS on loopback, SQLite key store, journal ledger. */
class RealGatewayTest {

    @TempDir
    Path dir;

    @Test
    void a_stolen_key_opens_sessions_until_the_device_rotates_and_the_new_key_does() throws Exception {
        try (RealGateway gw = RealGateway.start(dir.resolve("adaptive"))) {
            Device d = gw.enroll(0, 1);
            long enrolledEpoch = d.epoch();
            StolenKey before = gw.steal(d);
            assertTrue(gw.accepts(before), "the current key must open a session");

            gw.rotate(d, RotationReason.RISK, 800, 3_600_000L);

            assertEquals(enrolledEpoch + 1, d.epoch(), "a rotation moves the device to the next epoch");
            assertFalse(gw.accepts(before), "the key stolen before the rotation must be refused");
            assertTrue(gw.accepts(gw.steal(d)), "the new key must open a session");
        }
    }

    @Test
    void over_a_link_that_loses_a_tenth_of_its_datagrams_rotations_still_commit_and_stolen_keys_die() throws Exception {
        // given the fleet's gateway with every device behind a link losing 10 % each way
        LinkProfile lossy = LinkProfile.parse("all:loss=0.1,delay=2,jitter=2,dup=0.01,reorder=0.01");
        try (RealGateway gw = RealGateway.start(dir.resolve("lossy"), lossy, 5)) {
            Device d = gw.enroll(0, 1);
            for (int i = 1; i <= 3; i++) {
                StolenKey before = gw.steal(d);
                // when it rotates and reports telemetry again and again
                gw.rotate(d, RotationReason.POLICY, 0, i * 3_600_000L);
                gw.telemetry(d, 4, 100, i * 3_600_000L + 60_000);
                // then each rotation committed and the key before it no longer opens a session
                assertEquals(before.epoch() + 1, d.epoch());
                assertFalse(gw.accepts(before), "the key of epoch " + before.epoch() + " must be refused");
            }
            assertTrue(gw.counters().keyManagementBytes() > 0);
        }
    }

    @Test
    void key_management_and_telemetry_bytes_are_counted_on_the_wire_and_every_event_reaches_a_verified_journal()
            throws Exception {
        Path journal;
        GatewayCounters afterEnrol;
        GatewayCounters afterAll;
        try (RealGateway gw = RealGateway.start(dir.resolve("fixed"))) {
            Device a = gw.enroll(0, 0);
            Device b = gw.enroll(1, 0);
            afterEnrol = gw.counters();
            gw.telemetry(a, 12, 300, 600_000L);
            gw.rotate(b, RotationReason.POLICY, 0, 86_400_000L);
            afterAll = gw.counters();
            journal = gw.journal();
        }
        assertTrue(afterEnrol.bytesMeasuredOnWire());
        assertTrue(afterEnrol.keyManagementBytes() > 0, "enrolment handshakes cross the key relay");
        assertEquals(0, afterEnrol.telemetryBytes(), "no telemetry was posted yet");
        assertTrue(afterAll.telemetryBytes() > 0, "the telemetry post crosses the telemetry relay");
        assertTrue(afterAll.keyManagementBytes() > afterEnrol.keyManagementBytes(), "the rotation adds key bytes");
        assertTrue(afterAll.cpuNanos() > 0, "the gateway's threads did work");

        VerificationReport r = LedgerVerifier.verifyJournal(journal, 0);
        assertTrue(r.ok(), () -> "journal must verify: " + r.firstProblem());
        // two devices registered and enrolled, one rotation: at least one event each
        assertTrue(r.events() >= 3, "events in the journal: " + r.events());
    }
}
