package io.dynakey.fleet;

/**
 * What to simulate. Immutable; every random choice of a run derives from {@link #seed()}, so the
 * same scenario gives the same traffic and the same compromises under every policy.
 *
 * @param seed master seed
 * @param devices number of devices
 * @param days simulated days
 * @param windowSeconds length of one telemetry window (one virtual-time step)
 * @param rowsPerWindow traffic rows (connections) a device sees per window
 * @param groups number of security groups (devices are spread evenly)
 * @param compromiseProbability chance that a device is compromised once during the run
 * @param attackType attack class the traffic turns to, or {@code "mixed"} for a random one per compromise
 * @param attackShare fraction of a compromised device's rows that are attack rows (0..1]
 * @param fixedIntervalHours rotation interval of the fixed policy
 * @param telemetryBatchHours how often each device posts a telemetry batch to the gateway (0: never)
 */
public record Scenario(long seed, int devices, int days, int windowSeconds, int rowsPerWindow, int groups,
                       double compromiseProbability, String attackType, double attackShare,
                       int fixedIntervalHours, int telemetryBatchHours) {

    /** Mixed attack types: one drawn per compromise. */
    public static final String MIXED = "mixed";

    public Scenario {
        if (devices < 1 || days < 1 || windowSeconds < 10 || rowsPerWindow < 1 || groups < 1) {
            throw new IllegalArgumentException("scenario needs devices, days, rows per window, groups >= 1 and windows >= 10 s");
        }
        if (compromiseProbability < 0 || compromiseProbability > 1 || attackShare <= 0 || attackShare > 1) {
            throw new IllegalArgumentException("compromise probability must be 0..1 and attack share (0..1]");
        }
        if (fixedIntervalHours < 1 || telemetryBatchHours < 0) {
            throw new IllegalArgumentException("fixed interval must be >= 1 h, telemetry batch interval >= 0");
        }
        if ((long) days * 86_400 % windowSeconds != 0) {
            throw new IllegalArgumentException("the window length must divide the simulated time");
        }
    }

    /** The defaults of {@code dynakey fleet}: 300 devices, 7 days, 5-minute windows. */
    public static Scenario defaults() {
        return new Scenario(42, 300, 7, 300, 4, 3, 0.3, MIXED, 1.0, 24, 24);
    }

    /** Number of windows in the run. */
    public int windows() {
        return (int) ((long) days * 86_400 / windowSeconds);
    }

    /** Window length in milliseconds. */
    public long windowMillis() {
        return windowSeconds * 1000L;
    }

    /** Simulated time span in milliseconds. */
    public long horizonMillis() {
        return days * 86_400_000L;
    }

    public Scenario withDevices(int n) {
        return new Scenario(seed, n, days, windowSeconds, rowsPerWindow, groups, compromiseProbability, attackType,
                attackShare, fixedIntervalHours, telemetryBatchHours);
    }

    public Scenario withDays(int d) {
        return new Scenario(seed, devices, d, windowSeconds, rowsPerWindow, groups, compromiseProbability, attackType,
                attackShare, fixedIntervalHours, telemetryBatchHours);
    }

    public Scenario withSeed(long s) {
        return new Scenario(s, devices, days, windowSeconds, rowsPerWindow, groups, compromiseProbability, attackType,
                attackShare, fixedIntervalHours, telemetryBatchHours);
    }
}
