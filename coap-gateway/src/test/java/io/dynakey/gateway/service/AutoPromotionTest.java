package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynakey.device.model.SignedModelFiles;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.OutboxEvent;
import io.dynakey.gateway.store.PendingKey;
import io.dynakey.gateway.store.Secret;
import io.dynakey.ledger.event.EventBody;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.ModelRollout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelRollouts#evaluate} on a real store: a canary whose devices run the new version and
 * rotate no more than the rest is promoted after the minimum time; one whose devices rotate for
 * RISK far more often is rolled back; both land on the ledger.
 */
class AutoPromotionTest {

    static final long DAY = 86_400_000L;
    static final String GROUP = "5";

    @TempDir
    Path dir;

    @Test
    void a_quiet_canary_is_promoted_and_a_noisy_one_rolled_back() throws Exception {
        Path key = Files.writeString(dir.resolve("model.pub"), HexFormat.of().formatHex(SignedModelFiles.PUBLIC) + "\n",
                StandardCharsets.US_ASCII);
        AtomicLong now = new AtomicLong(1_000 * DAY);
        PromotionRule rule = new PromotionRule(DAY, 0.05);
        try (Gateway g = Gateway.open(GatewayConfig.builder().set(GatewaySettings.DATA_DIR, dir.resolve("gw"))
                .set(GatewaySettings.MODEL_PUBLIC_KEY_FILE, key).build(), now::get)) {
            List<String> canary = new ArrayList<>();
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "ap-" + i;
                g.store().registerDevice(id, new byte[32], GROUP, new Secret(new byte[16]), now.get());
                (ModelRollouts.inCanary(id, 300) ? canary : rest).add(id);
            }
            ModelRollouts ro = g.rollouts();

            g.publishToGroup(GROUP, SignedModelFiles.signed("forest-10", 2), 300);
            now.addAndGet(DAY / 2);
            canary.forEach(id -> ro.reported(id, 2));
            assertEquals(PromotionRule.Decision.WAIT, ro.evaluate(GROUP, rule), "before the minimum time");
            now.addAndGet(DAY);
            ro.reported(canary.get(0), 1); // one canary device still runs the old model
            assertEquals(PromotionRule.Decision.WAIT, ro.evaluate(GROUP, rule));
            ro.reported(canary.get(0), 2);
            assertEquals(PromotionRule.Decision.PROMOTE, ro.evaluate(GROUP, rule));
            assertEquals(2, ro.versionFor(rest.get(0)), "promoted to the whole group");

            g.publishToGroup(GROUP, SignedModelFiles.signed("forest-10", 3), 300);
            canary.forEach(id -> ro.reported(id, 3));
            now.addAndGet(DAY / 4);
            for (String id : canary) { // every canary device rotates once for RISK in 1.5 days: ~0.67 per device-day
                g.store().putPending(new PendingKey(id, 0, 1, new Secret(new byte[16]), new byte[32], new byte[32], new byte[] {1},
                        RotationReason.RISK, 800, 3), now.get());
                g.store().commit(id, 1, now.get(), 0);
            }
            now.addAndGet(DAY + DAY / 4);
            assertEquals(PromotionRule.Decision.ROLL_BACK, ro.evaluate(GROUP, rule));
            assertEquals(2, ro.versionFor(canary.get(0)), "the canary is told the previous version again");
            assertEquals(2, ro.status(GROUP).state().stableVersion());

            List<Integer> actions = new ArrayList<>();
            for (OutboxEvent e : g.store().eventsAfter(0, 1000)) {
                EventBody b = EventCodec.decodeBody(e.body());
                if (b instanceof ModelRollout m) {
                    actions.add(m.action());
                }
            }
            assertEquals(List.of(ModelRollout.CANARY, ModelRollout.PROMOTED, ModelRollout.CANARY, ModelRollout.ROLLED_BACK), actions);
        }
    }

    @Test
    void with_auto_promote_the_gateway_promotes_by_itself() throws Exception {
        Path key = Files.writeString(dir.resolve("model.pub"), HexFormat.of().formatHex(SignedModelFiles.PUBLIC) + "\n",
                StandardCharsets.US_ASCII);
        AtomicLong now = new AtomicLong(1_000 * DAY);
        try (Gateway g = Gateway.open(GatewayConfig.builder().set(GatewaySettings.DATA_DIR, dir.resolve("gw"))
                .set(GatewaySettings.MODEL_PUBLIC_KEY_FILE, key).set(GatewaySettings.MODEL_AUTO_PROMOTE, true)
                .set(GatewaySettings.MODEL_ROLLOUT_CHECK_INTERVAL, java.time.Duration.ofMillis(100)).build(), now::get)) {
            List<String> canary = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = "aa-" + i;
                g.store().registerDevice(id, new byte[32], GROUP, new Secret(new byte[16]), now.get());
                if (ModelRollouts.inCanary(id, 500)) {
                    canary.add(id);
                }
            }
            g.publishToGroup(GROUP, SignedModelFiles.signed("forest-10", 2), 500);
            canary.forEach(id -> g.rollouts().reported(id, 2));
            Thread.sleep(300);
            assertEquals(0, g.rollouts().status(GROUP).state().stableVersion(), "not before gateway.model.canary-min-time (1 d)");
            now.addAndGet(2 * DAY);
            long until = System.nanoTime() + 5_000_000_000L;
            while (g.rollouts().status(GROUP).state().stableVersion() != 2 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(2, g.rollouts().status(GROUP).state().stableVersion(), "promoted by the housekeeping check");
        }
    }
}
