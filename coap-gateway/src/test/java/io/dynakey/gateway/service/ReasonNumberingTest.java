package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.wire.RotateRequest;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.ledger.OutboxEventSource;
import io.dynakey.gateway.store.CommitOutcome;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.GroupRekeyed;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.Revoked;
import io.dynakey.ledger.event.Rotated;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One numbering of reasons: the number a device or operator gives is the number the ledger keeps. */
class ReasonNumberingTest {

    @TempDir
    Path dir;

    private static List<LedgerEvent> ledger(Gateway g) throws Exception {
        List<LedgerEvent> events = new OutboxEventSource(g.store()).readAfter(0, 1000);
        for (LedgerEvent e : events) {
            assertEquals(e, EventCodec.decode(e.encode()), "ledger encoding of " + e.body().type());
        }
        return events;
    }

    @Test
    void every_rotation_reason_goes_from_the_wire_into_the_ledger_with_the_same_number() throws Exception {
        Map<String, Integer> sent = new HashMap<>();
        try (Gateway g = DeviceKit.gateway(dir)) {
            for (int reason = RotationReason.RISK; reason <= RotationReason.RECOVERY; reason++) {
                // given a device's signed request naming the reason
                DeviceKit dev = new DeviceKit(g, "dev-" + RotationReason.name(reason).replace('_', '-'));
                byte[] request = dev.rotateRequest(0, dev.identityPrivate, reason);
                RotateRequest onWire = new RotateRequest();
                onWire.decode(WireMessage.newReader(), request, 0, request.length);
                assertEquals(reason, onWire.reason());
                // when the gateway agrees and the new key is committed
                assertEquals(Reply.Code.CHANGED, g.rotations().start(dev.caller(0), request).code());
                assertEquals(CommitOutcome.COMMITTED, g.store().commit(dev.id, 1, System.currentTimeMillis(), 60_000));
                sent.put(dev.id, reason);
            }
            // then each Rotated event carries the number the device sent
            Map<String, Integer> recorded = new HashMap<>();
            for (LedgerEvent e : ledger(g)) {
                if (e.body() instanceof Rotated r) {
                    recorded.put(r.deviceId(), r.reason());
                }
            }
            assertEquals(sent, recorded);
        }
    }

    @Test
    void a_code_that_is_not_a_rotation_reason_is_recorded_as_unspecified() {
        for (int code = 0; code <= 255; code++) {
            int recorded = RotationService.recordedReason(code);
            assertEquals(RotationReason.isRotation(code) ? code : RotationReason.UNSPECIFIED, recorded, "code " + code);
        }
        assertEquals(RotationReason.UNSPECIFIED, RotationService.recordedReason(RotationReason.DECOMMISSIONED));
    }

    @Test
    void revocation_and_group_rekey_reasons_reach_the_ledger_unchanged() throws Exception {
        int[] revocations = {RotationReason.MANUAL, RotationReason.COMPROMISE, RotationReason.DECOMMISSIONED};
        int[] rekeys = {RotationReason.MEMBER_JOINED, RotationReason.MEMBER_LEFT, RotationReason.COMPROMISE,
            RotationReason.POLICY};
        try (Gateway g = DeviceKit.gateway(dir)) {
            for (int reason : revocations) {
                DeviceKit dev = new DeviceKit(g, "rev-" + reason);
                assertEquals(Reply.Code.CHANGED,
                        g.enrolment().revoke(Caller.operator(), new Revocation(dev.id, reason).encode()).code());
            }
            g.store().groupKey("g-7", 1000);
            for (int reason : rekeys) {
                g.store().rekeyGroup("g-7", reason, 2000);
            }

            Map<String, Integer> revoked = new HashMap<>();
            List<Integer> rekeyed = new ArrayList<>();
            for (LedgerEvent e : ledger(g)) {
                if (e.body() instanceof Revoked r) {
                    revoked.put(r.deviceId(), r.reason());
                } else if (e.body() instanceof GroupRekeyed r && r.groupId().equals("g-7")) {
                    rekeyed.add(r.reason());
                }
            }
            for (int reason : revocations) {
                assertEquals(reason, revoked.get("rev-" + reason));
            }
            assertEquals(List.of(RotationReason.UNSPECIFIED, RotationReason.MEMBER_JOINED, RotationReason.MEMBER_LEFT,
                    RotationReason.COMPROMISE, RotationReason.POLICY), rekeyed);
        }
    }

    @Test
    void every_defined_code_has_its_own_name_and_the_pinned_numbers_never_move() {
        Set<String> names = new HashSet<>();
        for (int code = 0; code <= RotationReason.MAX_DEFINED; code++) {
            assertTrue(names.add(RotationReason.name(code)), "name of " + code);
        }
        // numbers persisted in journals, pending keys and device firmware: a change here breaks them
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), List.of(RotationReason.UNSPECIFIED, RotationReason.RISK,
                RotationReason.KEY_AGE, RotationReason.MESSAGE_LIMIT, RotationReason.GATEWAY_REQUEST, RotationReason.MANUAL,
                RotationReason.POLICY, RotationReason.RECOVERY, RotationReason.COMPROMISE, RotationReason.DECOMMISSIONED,
                RotationReason.MEMBER_JOINED, RotationReason.MEMBER_LEFT));
        assertNull(RotationReason.name(RotationReason.MAX_DEFINED + 1));
    }
}
