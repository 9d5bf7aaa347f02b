package io.dynakey.device.governor;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class RotationGovernorPropertiesTest {

    @Property(tries = 200)
    boolean no_risk_sequence_buys_more_rotations_than_the_rate_limit_over_any_window(
            @ForAll @Size(min = 1, max = 3000) List<@IntRange(min = 0, max = 1000) Integer> risks,
            @ForAll @IntRange(min = 1, max = 5) int burst,
            @ForAll @LongRange(min = 1, max = 7200) long refillSeconds,
            @ForAll @LongRange(min = 0, max = 1800) long minIntervalSeconds,
            @ForAll @LongRange(min = 100, max = 120_000) long tickMillis) {
        GroupPolicy policy = GroupPolicy.builder()
            .rateLimit(burst, refillSeconds).minInterval(minIntervalSeconds)
            .escalateAfter(60).quarantineAfter(600)
            .hardLimits(10L * 365 * 24 * 3600, Long.MAX_VALUE).build();
        DeviceSimulation device = new DeviceSimulation(policy, tickMillis, 0);

        for (int risk : risks) {
            device.tick(risk);
        }

        return device.worstExcessOverRateLimit() <= 0;
    }

    @Property(tries = 200)
    boolean no_risk_sequence_keeps_a_key_past_its_hard_limits(
            @ForAll @Size(min = 1, max = 3000) List<@IntRange(min = 0, max = 1000) Integer> risks,
            @ForAll @LongRange(min = 1, max = 7200) long maxKeyAgeSeconds,
            @ForAll @LongRange(min = 1, max = 10_000) long maxMessages,
            @ForAll @LongRange(min = 0, max = 500) long messagesPerTick,
            @ForAll @LongRange(min = 100, max = 120_000) long tickMillis) {
        GroupPolicy policy = GroupPolicy.builder().rateLimit(1, 24 * 3600)
            .hardLimits(maxKeyAgeSeconds, maxMessages).build();
        DeviceSimulation device = new DeviceSimulation(policy, tickMillis, messagesPerTick);

        for (int risk : risks) {
            device.tick(risk);
            long keyAgeSeconds = (device.now - device.keyBornMillis) / 1000;
            if (keyAgeSeconds >= maxKeyAgeSeconds || device.messagesUnderKey >= maxMessages) {
                return false;
            }
        }
        return true;
    }

    @Property(tries = 100)
    boolean risk_dithering_inside_the_hysteresis_band_never_changes_the_answer(
            @ForAll @Size(min = 1, max = 500) List<@IntRange(min = -49, max = 49) Integer> noise,
            @ForAll @IntRange(min = 1, max = 3) int level) {
        GroupPolicy policy = GroupPolicy.builder().thresholds(400, 700, 950).hysteresis(100)
            .rateLimit(1, 366L * 24 * 3600).escalateAfter(0).quarantineAfter(10L * 365 * 24 * 3600)
            .hardLimits(10L * 365 * 24 * 3600, Long.MAX_VALUE).build();
        int threshold = level == 1 ? 400 : level == 2 ? 700 : 950;
        DeviceSimulation device = new DeviceSimulation(policy, 60_000, 0);
        device.tick(threshold);
        device.tick(threshold);
        int settled = device.lastAction;
        int settledReason = device.governor.reason();

        for (int n : noise) {
            if (device.tick(Math.min(1000, threshold - 50 + n)) != settled
                    || device.governor.reason() != settledReason) {
                return false;
            }
        }
        return true;
    }
}
