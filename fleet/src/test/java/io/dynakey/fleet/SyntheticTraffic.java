package io.dynakey.fleet;

import io.dynakey.device.wire.RotationReason;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic traffic for unit tests only: one feature, benign near 100, attacks near 1000 (type 0) or 120 (type 1, stealthy). */
final class SyntheticTraffic implements TrafficSource {

    @Override
    public int[] featureIds() {
        return new int[] {1, 2};
    }

    @Override
    public List<String> attackTypes() {
        return List.of("loud", "stealthy");
    }

    @Override
    public void benign(SplittableRandom rng, int group, long[] out) {
        out[0] = 90 + rng.nextInt(20);
        out[1] = group;
    }

    @Override
    public void attack(SplittableRandom rng, int attackType, long[] out) {
        out[0] = attackType == 0 ? 1000 + rng.nextInt(50) : 100 + rng.nextInt(20);
        out[1] = 0;
    }

    @Override
    public String describe() {
        return "synthetic test traffic";
    }

    /** Risk 900 above 500, else 0; with false positives, benign values 100..109 (half of them) score 900 too. */
    static RiskModel model(boolean falsePositivesOn109) {
        return new RiskModel() {
            @Override
            public int[] featureIds() {
                return new int[] {1};
            }

            @Override
            public int riskPermille(long[] f) {
                return f[0] > 500 || (falsePositivesOn109 && f[0] >= 100 && f[0] < 110) ? 900 : 0;
            }

            @Override
            public String describe() {
                return "threshold test model";
            }
        };
    }

    /** A governor for tests: rotate at smoothed risk >= 600 or at max key age. */
    static AdaptivePolicy.GovernorFactory thresholdGovernor(long maxAgeSeconds) {
        return new AdaptivePolicy.GovernorFactory() {
            @Override
            public AdaptivePolicy.DeviceGovernor create(int device, int group) {
                return new AdaptivePolicy.DeviceGovernor() {
                    boolean hard;

                    @Override
                    public boolean decide(long now, int risk, long keyAgeSeconds, long messages) {
                        hard = keyAgeSeconds >= maxAgeSeconds;
                        return hard || risk >= 600;
                    }

                    @Override
                    public int lastReason() {
                        return hard ? RotationReason.KEY_AGE : RotationReason.RISK;
                    }

                    @Override
                    public void rotated(long now) {
                    }
                };
            }

            @Override
            public String describe() {
                return "test threshold governor";
            }

            @Override
            public long maxKeyAgeSeconds() {
                return maxAgeSeconds;
            }
        };
    }
}
