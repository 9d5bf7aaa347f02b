package io.dynakey.fleet;

/** Public access to the synthetic test fixtures for tests in other packages. */
public final class TestFixtures {

    private TestFixtures() {
    }

    public static TrafficSource traffic() {
        return new SyntheticTraffic();
    }

    public static RiskModel model() {
        return SyntheticTraffic.model(true);
    }

    public static AdaptivePolicy.GovernorFactory governor(long maxAgeSeconds) {
        return SyntheticTraffic.thresholdGovernor(maxAgeSeconds);
    }
}
