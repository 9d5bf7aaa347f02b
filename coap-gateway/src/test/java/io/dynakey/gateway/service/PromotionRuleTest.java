package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.gateway.service.PromotionRule.Cohort;
import io.dynakey.gateway.service.PromotionRule.Decision;
import org.junit.jupiter.api.Test;

class PromotionRuleTest {

    static final long DAY = 86_400_000L;
    final PromotionRule rule = new PromotionRule(DAY, 0.05);

    @Test
    void nothing_is_decided_before_the_minimum_time_even_for_a_bad_canary() {
        assertEquals(Decision.WAIT, rule.decide(DAY - 1, new Cohort(10, 10, 100), new Cohort(90, 0, 0)));
    }

    @Test
    void a_canary_no_worse_than_the_rest_is_promoted_once_all_its_devices_run_it() {
        assertEquals(Decision.PROMOTE, rule.decide(DAY, new Cohort(10, 10, 1), new Cohort(90, 0, 9)));
        assertEquals(Decision.WAIT, rule.decide(DAY, new Cohort(10, 9, 1), new Cohort(90, 0, 9)), "one canary device lags");
    }

    @Test
    void a_canary_worse_by_more_than_the_margin_is_rolled_back_even_if_not_all_run_it() {
        // canary 1 per device-day over 2 days against 0.1: worse by 0.9 > 0.05
        assertEquals(Decision.ROLL_BACK, rule.decide(2 * DAY, new Cohort(10, 3, 20), new Cohort(90, 0, 18)));
    }

    @Test
    void the_margin_is_the_boundary() {
        // rest 0; canary 0.05 per device-day exactly: not worse than the margin
        assertEquals(Decision.PROMOTE, rule.decide(2 * DAY, new Cohort(10, 10, 1), new Cohort(90, 0, 0)));
        // 0.1 per device-day: worse
        assertEquals(Decision.ROLL_BACK, rule.decide(2 * DAY, new Cohort(10, 10, 2), new Cohort(90, 0, 0)));
        assertEquals(Decision.ROLL_BACK, new PromotionRule(DAY, 0).decide(DAY, new Cohort(10, 10, 1), new Cohort(0, 0, 0)),
                "no margin, no rest: any false rotation rolls back");
    }

    @Test
    void an_empty_canary_waits_and_rates_are_per_device_day() {
        assertEquals(Decision.WAIT, rule.decide(5 * DAY, new Cohort(0, 0, 0), new Cohort(90, 0, 0)));
        assertEquals(0.5, new Cohort(4, 0, 6).ratePerDeviceDay(3 * DAY), 1e-12);
        assertEquals(0, new Cohort(0, 0, 0).ratePerDeviceDay(DAY));
    }

    @Test
    void bad_parameters_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> new PromotionRule(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new PromotionRule(DAY, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new PromotionRule(DAY, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Cohort(1, 2, 0));
        assertTrue(rule.toString().contains("margin"));
    }

    @Test
    void the_canary_share_is_deterministic_and_close_to_the_permille() {
        int in = 0;
        for (int i = 0; i < 10_000; i++) {
            String id = "dev-" + i;
            boolean c = ModelRollouts.inCanary(id, 250);
            assertEquals(c, ModelRollouts.inCanary(id, 250));
            if (c) {
                in++;
                assertTrue(ModelRollouts.inCanary(id, 500), "a larger share keeps the devices of a smaller one");
            }
            assertEquals(false, ModelRollouts.inCanary(id, 0));
            assertEquals(true, ModelRollouts.inCanary(id, 1000));
        }
        assertTrue(in > 2300 && in < 2700, in + " of 10000 in a 25 % canary");
    }
}
