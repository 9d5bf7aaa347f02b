package io.dynakey.device.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class GroupPolicyTest {

    private static GroupPolicy unusual() {
        return GroupPolicy.builder().thresholds(300, 650, 1001).hysteresis(80).rateLimit(5, 720).minInterval(90)
                .quarantineAfter(600).escalateAfter(7200).hardLimits(86_400, 1L << 40).nearLimit(800).build();
    }

    @Test
    void a_policy_rebuilt_from_its_own_builder_is_equal_to_it() {
        GroupPolicy p = unusual();

        GroupPolicy copy = p.toBuilder().build();

        assertEquals(p, copy);
        assertEquals(p.hashCode(), copy.hashCode());
        assertEquals(7_200_000, copy.escalateAfterMillis());
        assertEquals(800, copy.nearLimitPermille());
        assertEquals(720_000, copy.refillMillis());
    }

    @Test
    void changing_one_value_through_to_builder_changes_only_that_value() {
        GroupPolicy p = unusual();

        GroupPolicy longer = p.toBuilder().hardLimits(2 * 86_400, 1L << 40).build();

        assertNotEquals(p, longer);
        assertEquals(2 * 86_400, longer.maxKeyAgeSeconds());
        assertEquals(p, longer.toBuilder().hardLimits(86_400, 1L << 40).build());
        assertEquals(GroupPolicy.builder().build(), GroupPolicy.builder().build().toBuilder().build());
    }
}
