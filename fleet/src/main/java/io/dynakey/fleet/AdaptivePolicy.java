package io.dynakey.fleet;

import io.dynakey.device.wire.RotationReason;

/**
 * Model-driven rotation: each window the device's model scores its traffic, the window's risk is
 * smoothed (exponentially weighted, so one odd window does not rotate a key) and handed to the
 * device's rotation governor, whose hard limits, hysteresis and rate limit decide. It never sees
 * the compromise plan.
 */
public final class AdaptivePolicy implements RotationPolicy {

    /** One device's governor as the policy drives it. */
    public interface DeviceGovernor {
        /**
         * @return true to rotate now
         */
        boolean decide(long nowMillis, int riskPermille, long keyAgeSeconds, long messagesUnderKey);

        /** The {@link RotationReason} of the last positive decision: a hard limit's or {@code RISK}. */
        int lastReason();

        /** The rotation committed at {@code nowMillis}. */
        void rotated(long nowMillis);
    }

    /** Creates one governor per device. */
    public interface GovernorFactory {
        DeviceGovernor create(int device, int group);

        /** One line: the governor and its policy table. */
        String describe();

        /** The hard maximum key age, seconds (the oracle uses the same). */
        long maxKeyAgeSeconds();
    }

    private final GovernorFactory factory;
    private final int smoothingPermille;
    private final int messagesPerWindow;
    private DeviceGovernor[] governors;
    private int[] smoothed;
    private long[] keyBorn;
    private long[] messages;
    private int[] reason;
    private int groups;
    private boolean temporal;

    /**
     * @param smoothingPermille weight of the newest window in the smoothed risk, 1..1000 (1000: none)
     * @param messagesPerWindow messages a device protects under its key per window (for the messages-per-key limit)
     */
    public AdaptivePolicy(GovernorFactory factory, int smoothingPermille, int messagesPerWindow) {
        if (smoothingPermille < 1 || smoothingPermille > 1000) {
            throw new IllegalArgumentException("smoothing must be 1..1000 permille");
        }
        this.factory = factory;
        this.smoothingPermille = smoothingPermille;
        this.messagesPerWindow = messagesPerWindow;
    }

    /**
     * Reads the temporal student's risk when the model carries one (the default of {@code dynakey
     * fleet}); false keeps the row-only window risk.
     */
    public AdaptivePolicy temporal(boolean useTemporal) {
        this.temporal = useTemporal;
        return this;
    }

    @Override
    public boolean temporal() {
        return temporal;
    }

    @Override
    public String name() {
        return "adaptive";
    }

    @Override
    public String describe() {
        return "adaptive: " + (temporal ? "the temporal student's risk when the model carries one, else the model risk, "
                : "model risk, ") + "smoothed (newest window weighs " + smoothingPermille / 10.0 + " %), into " + factory.describe();
    }

    @Override
    public boolean usesRisk() {
        return true;
    }

    @Override
    public void start(Scenario scenario, int devices) {
        governors = new DeviceGovernor[devices];
        smoothed = new int[devices];
        keyBorn = new long[devices];
        messages = new long[devices];
        reason = new int[devices];
        groups = scenario.groups();
        long[] born = KeyAges.initialBirths(scenario, devices, factory.maxKeyAgeSeconds());
        for (int d = 0; d < devices; d++) {
            governors[d] = factory.create(d, d % groups);
            keyBorn[d] = born[d];
        }
    }

    @Override
    public long decide(int device, long windowStart, long windowEnd, int riskPermille) {
        int r = Math.max(0, riskPermille);
        smoothed[device] = (smoothed[device] * (1000 - smoothingPermille) + r * smoothingPermille + 500) / 1000;
        messages[device] += messagesPerWindow;
        long ageSeconds = (windowEnd - keyBorn[device]) / 1000;
        if (governors[device].decide(windowEnd, smoothed[device], ageSeconds, messages[device])) {
            reason[device] = governors[device].lastReason();
            return windowEnd;
        }
        return NO_ROTATION;
    }

    /** The smoothed risk the governor last saw for a device. */
    public int smoothedRisk(int device) {
        return smoothed[device];
    }

    @Override
    public int lastReason(int device) {
        return reason[device];
    }

    @Override
    public void rotated(int device, long atMillis) {
        keyBorn[device] = atMillis;
        messages[device] = 0;
        governors[device].rotated(atMillis);
    }
}
