package io.dynakey.device.governor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the governor over generated risk sequences. Each case is generated from its seed,
 * so a failure names the seed and replays exactly.
 */
class RotationGovernorPropertiesTest {

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    static LongStream fewerSeeds() {
        return LongStream.range(0, 100);
    }

    private static int[] risks(Random random, int maxLength, int min, int max) {
        int[] risks = new int[1 + random.nextInt(maxLength)];
        // mix steady runs, spikes and noise so that rate limits and hysteresis are both exercised
        int i = 0;
        while (i < risks.length) {
            int run = 1 + random.nextInt(40);
            int mode = random.nextInt(3);
            int level = min + random.nextInt(max - min + 1);
            for (int k = 0; k < run && i < risks.length; k++, i++) {
                risks[i] = mode == 0 ? level : mode == 1 ? (k % 2 == 0 ? max : min)
                        : min + random.nextInt(max - min + 1);
            }
        }
        return risks;
    }

    private static long between(Random random, long min, long max) {
        return min + (long) (random.nextDouble() * (max - min + 1));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void no_risk_sequence_buys_more_rotations_than_the_rate_limit_over_any_window(long seed) {
        Random random = new Random(seed);
        int[] risks = risks(random, 3000, 0, 1000);
        int burst = 1 + random.nextInt(5);
        long refillSeconds = between(random, 1, 7200);
        long minIntervalSeconds = between(random, 0, 1800);
        long tickMillis = between(random, 100, 120_000);
        GroupPolicy policy = GroupPolicy.builder()
            .rateLimit(burst, refillSeconds).minInterval(minIntervalSeconds)
            .escalateAfter(60).quarantineAfter(600)
            .hardLimits(10L * 365 * 24 * 3600, Long.MAX_VALUE).build();
        DeviceSimulation device = new DeviceSimulation(policy, tickMillis, 0);

        for (int risk : risks) {
            device.tick(risk);
        }

        assertTrue(device.worstExcessOverRateLimit() <= 0, "rotations beyond the rate limit");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void no_risk_sequence_keeps_a_key_past_its_hard_limits(long seed) {
        Random random = new Random(seed);
        int[] risks = risks(random, 3000, 0, 1000);
        long maxKeyAgeSeconds = between(random, 1, 7200);
        long maxMessages = between(random, 1, 10_000);
        long messagesPerTick = between(random, 0, 500);
        long tickMillis = between(random, 100, 120_000);
        GroupPolicy policy = GroupPolicy.builder().rateLimit(1, 24 * 3600)
            .hardLimits(maxKeyAgeSeconds, maxMessages).build();
        DeviceSimulation device = new DeviceSimulation(policy, tickMillis, messagesPerTick);

        for (int risk : risks) {
            device.tick(risk);
            long keyAgeSeconds = (device.now - device.keyBornMillis) / 1000;
            assertTrue(keyAgeSeconds < maxKeyAgeSeconds, "key age " + keyAgeSeconds + " s");
            assertTrue(device.messagesUnderKey < maxMessages, "messages " + device.messagesUnderKey);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("fewerSeeds")
    void risk_dithering_inside_the_hysteresis_band_never_changes_the_answer(long seed) {
        Random random = new Random(seed);
        int[] noise = risks(random, 500, -49, 49);
        int level = 1 + random.nextInt(3);
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
            assertTrue(device.tick(Math.min(1000, threshold - 50 + n)) == settled
                    && device.governor.reason() == settledReason, "answer changed at noise " + n);
        }
    }
}
