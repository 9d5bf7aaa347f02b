package io.dynakey.fleet.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeliveryBanditTest {

    private static final List<DeliveryStrategy> ARMS = List.of(DeliveryStrategy.DEFAULT, DeliveryStrategy.RETRY_FAST,
            DeliveryStrategy.RETRY_PATIENT, DeliveryStrategy.PIGGYBACK);

    @Test
    void each_arm_is_tried_in_turn_before_any_is_exploited() {
        DeliveryBandit b = new DeliveryBandit(0.0, 2, 1.0, DeliveryStrategy.DEFAULT, 1);
        b.offer("radio", ARMS);
        for (int round = 0; round < 2; round++) {
            for (DeliveryStrategy s : ARMS) {
                assertEquals(s, b.choose("radio"));
            }
        }
    }

    @Test
    void it_learns_a_different_best_strategy_per_class_from_noisy_costs() {
        // given two classes where different arms are cheapest (mean cost in seconds, noisy)
        Map<DeliveryStrategy, Double> mains = new EnumMap<>(Map.of(DeliveryStrategy.DEFAULT, 6.0,
                DeliveryStrategy.RETRY_FAST, 1.5, DeliveryStrategy.RETRY_PATIENT, 3.0, DeliveryStrategy.PIGGYBACK, 4.0));
        Map<DeliveryStrategy, Double> radio = new EnumMap<>(Map.of(DeliveryStrategy.DEFAULT, 7.0,
                DeliveryStrategy.RETRY_FAST, 4.5, DeliveryStrategy.RETRY_PATIENT, 2.5, DeliveryStrategy.PIGGYBACK, 5.0));
        DeliveryBandit b = new DeliveryBandit(0.1, 2, 1.0, DeliveryStrategy.DEFAULT, 7);
        b.offer("mains", ARMS);
        b.offer("radio", ARMS);
        SplittableRandom noise = new SplittableRandom(3);
        int fastLate = 0;
        for (int i = 0; i < 300; i++) {
            for (String c : List.of("mains", "radio")) {
                DeliveryStrategy s = b.choose(c);
                double mean = (c.equals("mains") ? mains : radio).get(s);
                b.record(c, s, mean * (0.5 + noise.nextDouble()), 2_000, true);
                if (i >= 200 && c.equals("mains") && s == DeliveryStrategy.RETRY_FAST) {
                    fastLate++;
                }
            }
        }
        // then each class's best arm is its cheapest, and late choices mostly exploit it
        assertEquals(DeliveryStrategy.RETRY_FAST, b.best("mains"));
        assertEquals(DeliveryStrategy.RETRY_PATIENT, b.best("radio"));
        assertTrue(fastLate >= 80, "mains chose retry-fast " + fastLate + " times in its last 100 rotations");
    }

    @Test
    void an_arm_over_the_byte_budget_is_not_chosen_however_fast() {
        DeliveryBandit b = new DeliveryBandit(0.0, 1, 1.0, DeliveryStrategy.DEFAULT, 1);
        b.offer("c", List.of(DeliveryStrategy.DEFAULT, DeliveryStrategy.RETRY_FAST, DeliveryStrategy.PIGGYBACK));
        b.record("c", DeliveryStrategy.DEFAULT, 10.0, 3_000, true);
        b.record("c", DeliveryStrategy.RETRY_FAST, 1.0, 4_000, true); // fastest, but more bytes than the default
        b.record("c", DeliveryStrategy.PIGGYBACK, 3.0, 2_500, true);
        assertEquals(DeliveryStrategy.PIGGYBACK, b.best("c"));
    }

    @Test
    void an_abandoned_rotation_charges_its_bytes_to_the_committed_ones_and_the_baseline_stays_when_nothing_fits() {
        DeliveryBandit b = new DeliveryBandit(0.0, 1, 1.0, DeliveryStrategy.DEFAULT, 1);
        b.offer("c", List.of(DeliveryStrategy.DEFAULT, DeliveryStrategy.RETRY_FAST));
        b.record("c", DeliveryStrategy.DEFAULT, 60.0, 500, false); // abandoned: few bytes, but no key
        b.record("c", DeliveryStrategy.DEFAULT, 20.0, 3_000, true); // 3,500 bytes per committed rotation
        b.record("c", DeliveryStrategy.RETRY_FAST, 2.0, 3_400, true);
        assertEquals(DeliveryStrategy.RETRY_FAST, b.best("c"));
        b.record("c", DeliveryStrategy.RETRY_FAST, 2.0, 3_700, true); // 3,550 per committed: over the budget
        assertEquals(DeliveryStrategy.DEFAULT, b.best("c"));
        DeliveryBandit.ArmStats fast = b.stats().get(1);
        assertEquals(2, fast.committed());
        assertEquals(3_550.0, fast.bytesPerCommitted(), 1e-9);
    }

    @Test
    void misuse_is_refused() {
        DeliveryBandit b = new DeliveryBandit(0.1, 1, 1.0, DeliveryStrategy.DEFAULT, 1);
        assertThrows(IllegalArgumentException.class, () -> b.choose("unknown"));
        b.offer("c", List.of(DeliveryStrategy.DEFAULT, DeliveryStrategy.RETRY_FAST));
        assertThrows(IllegalStateException.class, () -> b.offer("c", ARMS));
        assertThrows(IllegalArgumentException.class, () -> b.record("c", DeliveryStrategy.PIGGYBACK, 1, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryBandit(1.5, 1, 1.0, DeliveryStrategy.DEFAULT, 1));
        assertThrows(IllegalArgumentException.class, () -> b.offer("d", List.of(DeliveryStrategy.RETRY_FAST)));
    }
}
