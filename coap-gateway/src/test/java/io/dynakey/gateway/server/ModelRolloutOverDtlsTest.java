package io.dynakey.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.hal.MemorySecureStorage;
import io.dynakey.device.model.ModelSlots;
import io.dynakey.device.model.ModelUpdater;
import io.dynakey.device.model.SignedModelFiles;
import io.dynakey.device.rotation.TelemetryAck;
import io.dynakey.device.wire.WireMessage;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.service.ModelRollouts;
import io.dynakey.gateway.store.OutboxEvent;
import io.dynakey.gateway.store.Secret;
import io.dynakey.hardware.transport.DtlsClients;
import io.dynakey.ledger.event.EventBody;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.ModelRollout;
import io.dynakey.ledger.journal.JournalCheck;
import io.dynakey.ledger.journal.JournalRecord;
import io.dynakey.ledger.journal.JournalScan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staged model rollout to a group over real DTLS: the canary device gets the new model and the
 * other keeps the old one; promotion gives it to both; a rollback tells the canary the previous
 * version, which its anti-rollback refuses, and the previous content re-signed under a higher
 * version brings both back; every step is a ledger event with the group and the model's digest,
 * and the rollout survives a gateway restart.
 */
class ModelRolloutOverDtlsTest {

    static DtlsClients clients;
    @TempDir
    Path dir;

    @BeforeAll
    static void clients() {
        clients = DtlsClients.create(DtlsClients.Options.defaults().withResponseTimeout(4_000));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    /** A device of the test: its DTLS client, its model slots and updater. */
    private record Dev(SimulatedDevice sim, ModelSlots slots, ModelUpdater updater) {

        /** One telemetry round: reports its active version; returns the ack and offers a newer model. */
        TelemetryAck round(int[] result) throws Exception {
            byte[] a = sim.telemetry(1, 0, updater.reportedVersion());
            TelemetryAck ack = new TelemetryAck();
            ack.decode(WireMessage.newReader(), a, 0, a.length);
            result[0] = updater.onAck(ack);
            return ack;
        }
    }

    private Dev device(TestGateway gw, String id, byte[] factoryModel) throws Exception {
        SimulatedDevice sim = new SimulatedDevice(id, clients, gw.address(), gw.gateway().signingPublicKey(), dir.resolve(id));
        gw.gateway().store().registerDevice(sim.id, sim.identityPublic, "7", new Secret(sim.factoryPsk), System.currentTimeMillis());
        sim.client.settle();
        ModelSlots slots = new ModelSlots(new MemorySecureStorage(), SignedModelFiles.PUBLIC, 16 * 1024, f -> true);
        slots.load();
        slots.provision(factoryModel, factoryModel.length);
        return new Dev(sim, slots, new ModelUpdater(sim.transport, slots));
    }

    private static String firstId(boolean inCanary) {
        for (int i = 0; ; i++) {
            if (ModelRollouts.inCanary("ro-" + i, 500) == inCanary) {
                return "ro-" + i;
            }
        }
    }

    @Test
    void canary_then_promotion_then_rollback_by_a_re_signed_previous_model() throws Exception {
        byte[] v1 = SignedModelFiles.signed("forest-10", 1);
        byte[] v2 = SignedModelFiles.signed("forest-10", 2);
        byte[] v3 = SignedModelFiles.signed("forest-10", 3);
        byte[] v4 = SignedModelFiles.signed("forest-10", 4); // v2's content re-signed under a version above v3
        Path file = Files.write(dir.resolve("default.dktm"), v1);
        Path key = Files.writeString(dir.resolve("model.pub"), HexFormat.of().formatHex(SignedModelFiles.PUBLIC) + "\n",
                StandardCharsets.US_ASCII);
        var cfg = TestGateway.config(dir).set(GatewaySettings.MODEL_FILE, file).set(GatewaySettings.MODEL_PUBLIC_KEY_FILE, key)
                .set(GatewaySettings.LEDGER_JOURNAL, dir.resolve("ledger.journal")).build();
        String canaryId = firstId(true);
        String otherId = firstId(false);
        int[] r = new int[1];
        try (TestGateway gw = TestGateway.start(cfg, dir)) {
            Dev canary = device(gw, canaryId, v1);
            Dev other = device(gw, otherId, v1);
            assertEquals(1, canary.round(r).modelVersion, "no rollout yet: the default model");

            // canary: half the group (by id hash) is told version 2
            gw.gateway().publishToGroup("7", v2, 500);
            assertEquals(2, canary.round(r).modelVersion);
            assertEquals(ModelSlots.RESULT_ACTIVATED, r[0], "code " + canary.updater.lastResponseCode());
            assertEquals(1, other.round(r).modelVersion);
            assertEquals(ModelUpdater.RESULT_UNCHANGED, r[0]);
            assertEquals(1, other.slots.activeVersion(), "outside the canary the old model stays");
            canary.round(r); // reports version 2
            assertEquals(2, gw.gateway().rollouts().reportedVersion(canaryId), "the version the canary device runs is tracked");
            assertEquals(1, gw.gateway().rollouts().reportedVersion(otherId));
            assertThrows(IllegalStateException.class, () -> gw.gateway().publishToGroup("7", v3, 500), "one canary at a time");

            // promote: everyone is told 2
            gw.gateway().promoteModel("7");
            assertEquals(2, other.round(r).modelVersion);
            assertEquals(ModelSlots.RESULT_ACTIVATED, r[0]);
            assertEquals(2, other.slots.activeVersion());

            // a bad canary of version 3, rolled back: the canary device is told 2 again, and refuses to go back
            gw.gateway().publishToGroup("7", v3, 500);
            canary.round(r);
            assertEquals(3, canary.slots.activeVersion());
            gw.gateway().rollbackModel("7", null);
            TelemetryAck told = canary.round(r);
            assertEquals(2, told.modelVersion, "the canary device is told the previous version");
            assertEquals(ModelUpdater.RESULT_UNCHANGED, r[0]);
            assertEquals(3, canary.slots.activeVersion(), "anti-rollback: the device keeps version 3");
            assertThrows(IllegalArgumentException.class, () -> gw.gateway().rollbackModel("7", v2),
                    "the old file itself cannot come back: it is not newer");

            // the usual fix: v2's content re-signed as version 4 serves the whole group
            gw.gateway().rollbackModel("7", v4);
            assertEquals(4, canary.round(r).modelVersion);
            assertEquals(ModelSlots.RESULT_ACTIVATED, r[0]);
            assertEquals(4, other.round(r).modelVersion);
            assertEquals(4, other.slots.activeVersion());
            canary.round(r); // both report version 4 now
            other.round(r);
            assertEquals(ModelUpdater.RESULT_UNCHANGED, r[0]);

            // every step on the ledger with the group and the digest of the file it concerns
            List<ModelRollout> steps = new ArrayList<>();
            for (OutboxEvent e : gw.gateway().store().eventsAfter(0, 1000)) {
                EventBody b = EventCodec.decodeBody(e.body());
                if (b instanceof ModelRollout m) {
                    steps.add(m);
                }
            }
            assertEquals(List.of(
                    new ModelRollout("7", ModelRollout.CANARY, 2, sha256(v2)),
                    new ModelRollout("7", ModelRollout.PROMOTED, 2, sha256(v2)),
                    new ModelRollout("7", ModelRollout.CANARY, 3, sha256(v3)),
                    new ModelRollout("7", ModelRollout.ROLLED_BACK, 2, sha256(v2)),
                    new ModelRollout("7", ModelRollout.ROLLED_BACK, 4, sha256(v4))), steps);
            canary.sim.close();
            other.sim.close();
        }
        long events;
        // after a restart the group is still served version 4, and every version is kept and verified again
        try (TestGateway gw = TestGateway.start(cfg, dir)) {
            ModelRollouts ro = gw.gateway().rollouts();
            assertEquals(4, ro.versionFor(canaryId));
            assertEquals(4, ro.versionFor(otherId));
            assertEquals(List.of(2L, 3L, 4L), ro.status("7").keptVersions());
            assertEquals(4, ro.reportedVersion(otherId));
            events = gw.gateway().store().eventsAfter(0, 10_000).size();
            assertTrue(ro.status("7").devicesByVersion().get(4L) == 2, "both devices report version 4");
        }
        // the gateway drained every event, the rollout steps among them, into a journal that verifies
        JournalScan scan = JournalScan.of(dir.resolve("ledger.journal"));
        assertNull(JournalCheck.firstProblem(scan));
        assertEquals(events, scan.records().stream().mapToLong(JournalRecord::count).sum());
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
