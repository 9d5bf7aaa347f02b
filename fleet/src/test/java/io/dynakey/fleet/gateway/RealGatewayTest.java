package io.dynakey.fleet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.fleet.FleetGateway.Device;
import io.dynakey.fleet.FleetGateway.StolenKey;
import io.dynakey.fleet.GatewayCounters;
import io.dynakey.fleet.RotationReason;
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
            gw.rotate(b, RotationReason.SCHEDULE, 0, 86_400_000L);
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
