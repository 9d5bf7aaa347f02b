package io.dynakey.fleet;

import java.time.Duration;
import java.util.Objects;

/**
 * What to simulate. Immutable; every random choice of a run derives from {@link #seed()}, so the
 * same scenario gives the same traffic and the same compromises under every policy. Built with
 * {@link #builder()} (the defaults of {@code dynakey fleet}) or {@link #toBuilder()}:
 * {@code Scenario.builder().devices(300).days(7).window(Duration.ofMinutes(5)).build()}.
 */
public final class Scenario {

    /** Mixed attack types: one drawn per compromise. */
    public static final String MIXED = "mixed";

    private static final long DAY_SECONDS = 86_400;

    private final long seed;
    private final int devices;
    private final int days;
    private final Duration window;
    private final int rowsPerWindow;
    private final int groups;
    private final double compromiseProbability;
    private final String attackType;
    private final double attackShare;
    private final Duration fixedInterval;
    private final Duration telemetryInterval;

    private Scenario(Builder b) {
        if (b.devices < 1 || b.days < 1 || b.rowsPerWindow < 1 || b.groups < 1) {
            throw new IllegalArgumentException("scenario needs devices, days, rows per window and groups >= 1");
        }
        if (b.window.compareTo(Duration.ofSeconds(10)) < 0 || b.window.getNano() != 0) {
            throw new IllegalArgumentException("the window must be whole seconds, at least 10 s, not " + b.window);
        }
        if (b.compromiseProbability < 0 || b.compromiseProbability > 1 || b.attackShare <= 0 || b.attackShare > 1) {
            throw new IllegalArgumentException("compromise probability must be 0..1 and attack share (0..1]");
        }
        if (b.fixedInterval.compareTo(Duration.ofHours(1)) < 0 || !wholeHours(b.fixedInterval)) {
            throw new IllegalArgumentException("the fixed interval must be whole hours, at least 1 h, not " + b.fixedInterval);
        }
        if (b.telemetryInterval.isNegative() || !wholeHours(b.telemetryInterval)) {
            throw new IllegalArgumentException("the telemetry interval must be whole hours (0: none), not " + b.telemetryInterval);
        }
        if (b.days * DAY_SECONDS % b.window.getSeconds() != 0) {
            throw new IllegalArgumentException("the window length must divide the simulated time");
        }
        this.seed = b.seed;
        this.devices = b.devices;
        this.days = b.days;
        this.window = b.window;
        this.rowsPerWindow = b.rowsPerWindow;
        this.groups = b.groups;
        this.compromiseProbability = b.compromiseProbability;
        this.attackType = Objects.requireNonNull(b.attackType, "attack type");
        this.attackShare = b.attackShare;
        this.fixedInterval = b.fixedInterval;
        this.telemetryInterval = b.telemetryInterval;
    }

    private static boolean wholeHours(Duration d) {
        return d.getNano() == 0 && d.getSeconds() % 3600 == 0;
    }

    /** A builder holding the defaults of {@code dynakey fleet}: 300 devices, 7 days, 5-minute windows. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults of {@code dynakey fleet}. */
    public static Scenario defaults() {
        return builder().build();
    }

    /** A builder holding this scenario's values. */
    public Builder toBuilder() {
        return new Builder().seed(seed).devices(devices).days(days).window(window).rowsPerWindow(rowsPerWindow)
                .groups(groups).compromiseProbability(compromiseProbability).attackType(attackType)
                .attackShare(attackShare).fixedInterval(fixedInterval).telemetryInterval(telemetryInterval);
    }

    /** Master seed. */
    public long seed() {
        return seed;
    }

    /** Number of devices. */
    public int devices() {
        return devices;
    }

    /** Simulated days. */
    public int days() {
        return days;
    }

    /** Length of one telemetry window (one virtual-time step), whole seconds. */
    public Duration window() {
        return window;
    }

    /** {@link #window()} in seconds. */
    public int windowSeconds() {
        return (int) window.getSeconds();
    }

    /** Traffic rows (connections) a device sees per window. */
    public int rowsPerWindow() {
        return rowsPerWindow;
    }

    /** Number of security groups (devices are spread evenly). */
    public int groups() {
        return groups;
    }

    /** Chance that a device is compromised once during the run. */
    public double compromiseProbability() {
        return compromiseProbability;
    }

    /** Attack class the traffic turns to, or {@link #MIXED} for a random one per compromise. */
    public String attackType() {
        return attackType;
    }

    /** Fraction of a compromised device's rows that are attack rows, (0..1]. */
    public double attackShare() {
        return attackShare;
    }

    /** Rotation interval of the fixed policy, whole hours. */
    public Duration fixedInterval() {
        return fixedInterval;
    }

    /** {@link #fixedInterval()} in hours. */
    public int fixedIntervalHours() {
        return (int) fixedInterval.toHours();
    }

    /** How often each device posts a telemetry batch to the gateway, whole hours; zero: never. */
    public Duration telemetryInterval() {
        return telemetryInterval;
    }

    /** {@link #telemetryInterval()} in hours. */
    public int telemetryBatchHours() {
        return (int) telemetryInterval.toHours();
    }

    /** Number of windows in the run. */
    public int windows() {
        return (int) (days * DAY_SECONDS / window.getSeconds());
    }

    /** Window length in milliseconds. */
    public long windowMillis() {
        return window.toMillis();
    }

    /** Simulated time span in milliseconds. */
    public long horizonMillis() {
        return days * 86_400_000L;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scenario s && seed == s.seed && devices == s.devices && days == s.days
                && window.equals(s.window) && rowsPerWindow == s.rowsPerWindow && groups == s.groups
                && Double.compare(compromiseProbability, s.compromiseProbability) == 0
                && attackType.equals(s.attackType) && Double.compare(attackShare, s.attackShare) == 0
                && fixedInterval.equals(s.fixedInterval) && telemetryInterval.equals(s.telemetryInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, devices, days, window, rowsPerWindow, groups, compromiseProbability, attackType,
                attackShare, fixedInterval, telemetryInterval);
    }

    @Override
    public String toString() {
        return "Scenario[seed=" + seed + ", devices=" + devices + ", days=" + days + ", window=" + window
                + ", rowsPerWindow=" + rowsPerWindow + ", groups=" + groups + ", compromiseProbability="
                + compromiseProbability + ", attackType=" + attackType + ", attackShare=" + attackShare
                + ", fixedInterval=" + fixedInterval + ", telemetryInterval=" + telemetryInterval + "]";
    }

    /** Builds a {@link Scenario}; starts from the defaults of {@code dynakey fleet}. Not thread-safe. */
    public static final class Builder {
        private long seed = 42;
        private int devices = 300;
        private int days = 7;
        private Duration window = Duration.ofMinutes(5);
        private int rowsPerWindow = 4;
        private int groups = 3;
        private double compromiseProbability = 0.3;
        private String attackType = MIXED;
        private double attackShare = 1.0;
        private Duration fixedInterval = Duration.ofHours(24);
        private Duration telemetryInterval = Duration.ofHours(24);

        private Builder() {
        }

        /** Master seed (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Number of devices (default 300). */
        public Builder devices(int devices) {
            this.devices = devices;
            return this;
        }

        /** Simulated days (default 7). */
        public Builder days(int days) {
            this.days = days;
            return this;
        }

        /** Telemetry window, whole seconds, at least 10 s, dividing the simulated time (default 5 min). */
        public Builder window(Duration window) {
            this.window = Objects.requireNonNull(window);
            return this;
        }

        /** Traffic rows a device sees per window (default 4). */
        public Builder rowsPerWindow(int rows) {
            this.rowsPerWindow = rows;
            return this;
        }

        /** Security groups (default 3). */
        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        /** Chance a device is compromised during the run, 0..1 (default 0.3). */
        public Builder compromiseProbability(double p) {
            this.compromiseProbability = p;
            return this;
        }

        /** Attack class, or {@link #MIXED} (the default). */
        public Builder attackType(String type) {
            this.attackType = type;
            return this;
        }

        /** Fraction of a compromised device's rows that are attack rows, (0..1] (default 1). */
        public Builder attackShare(double share) {
            this.attackShare = share;
            return this;
        }

        /** Interval of the fixed policy, whole hours, at least 1 h (default 24 h). */
        public Builder fixedInterval(Duration interval) {
            this.fixedInterval = Objects.requireNonNull(interval);
            return this;
        }

        /** Telemetry batch interval per device, whole hours; zero for none (default 24 h). */
        public Builder telemetryInterval(Duration interval) {
            this.telemetryInterval = Objects.requireNonNull(interval);
            return this;
        }

        /**
         * The scenario.
         *
         * @throws IllegalArgumentException when a value is out of its range
         */
        public Scenario build() {
            return new Scenario(this);
        }
    }
}
