package io.dynakey.fleet.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.fleet.LinkProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At 30 % loss in both directions, 1,000 real rotations (DTLS-PSK on loopback through the lossy relay)
 * never lock a device out: each one ends with a key the gateway accepts.
 */
class LossLockOutTest {

    static final int DEVICES_PER_CLASS = Integer.getInteger("dynakey.lockout.devices", 125);
    static final int ROTATIONS_PER_DEVICE = Integer.getInteger("dynakey.lockout.rotations", 4);

    @Test
    void no_device_is_locked_out_by_thirty_percent_loss_over_a_thousand_rotations(@TempDir Path dir) throws Exception {
        // given two classes of always-awake devices behind links that lose 30 % of datagrams each way
        List<DeviceClass> classes = List.of(
                new DeviceClass(new LinkProfile("mains", 0.3, 2, 3, 0, 0, 0, 0), 5_000),
                new DeviceClass(new LinkProfile("radio", 0.3, 20, 20, 0.01, 0.02, 0, 0), 5_000));
        DeliveryLab.Settings s = new DeliveryLab.Settings(classes, DEVICES_PER_CLASS, 12, 45_000, 0,
                Duration.ofMillis(300));
        long t0 = System.nanoTime();
        try (DeliveryLab lab = DeliveryLab.start(dir, s)) {
            // when every device rotates again and again with tuned retry timing
            List<DeliveryLab.Outcome> out = lab.run(DeliveryLab.Chooser.fixed(DeliveryStrategy.RETRY_FAST), ROTATIONS_PER_DEVICE);
            DeliveryLab.KeyCheck check = lab.checkKeys();
            long committed = out.stream().filter(DeliveryLab.Outcome::committed).count();
            System.out.printf("mean time-to-commit %.2f s, max %.2f s%n",
                    out.stream().mapToLong(DeliveryLab.Outcome::timeToCommitMs).average().orElse(0) / 1000,
                    out.stream().mapToLong(DeliveryLab.Outcome::timeToCommitMs).max().orElse(0) / 1000.0);
            System.out.printf("lock-out test: %d rotations, %d committed, %d abandoned, lost %d datagrams, %d staged keys "
                            + "settled at the end, %.1f s%n", out.size(), committed, out.size() - committed, lab.relay().lost(),
                    check.settledStaged(), (System.nanoTime() - t0) / 1e9);
            // then the loss was real, and no device lost its way back to the gateway
            assertEquals(2 * DEVICES_PER_CLASS * ROTATIONS_PER_DEVICE, out.size());
            assertTrue(out.size() >= 1_000, "1,000 rotations or more: " + out.size());
            assertTrue(lab.relay().lost() > 1_000, "the relay lost datagrams: " + lab.relay().lost());
            assertEquals(List.of(), check.problems());
            assertEquals(0, check.lockedOut());
        }
    }
}
