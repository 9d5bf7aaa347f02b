package io.dynakey.fleet.run;

import io.dynakey.fleet.AdaptiveSettings;
import io.dynakey.fleet.LinkProfile;
import io.dynakey.fleet.Scenario;
import io.dynakey.trainer.data.Schema;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a fleet run is asked to do: the scenario, the adaptive policy's settings, which
 * gateway to run against and where its traffic and model come from. Immutable; build one with
 * {@link #builder()} (the CLI's options do).
 */
public final class FleetSettings {

    /** Which gateway a run talks to. */
    public enum GatewayKind {
        /** Californium + Scandium DTLS on loopback, SQLite key store, journal ledger. */
        REAL,
        /** The in-process key table: no network, no ledger. */
        SIMULATED
    }

    /** How a window's risk is made from its rows' risks. */
    public enum WindowRisk {
        MEAN, MAX
    }

    private final Scenario scenario;
    private final AdaptiveSettings adaptive;
    private final GatewayKind gateway;
    private final int threads;
    private final WindowRisk windowRisk;
    private final Path data;
    private final Schema schema;
    private final Path model;
    private final Path profile;
    private final boolean learned;
    private final boolean temporal;
    private final List<Integer> fixedSweepHours;
    private final LinkProfile link;
    private final int evadeEpsilon;
    private final double forceShare;
    private final int forceEpsilon;

    private FleetSettings(Builder b) {
        this.scenario = Objects.requireNonNull(b.scenario, "scenario");
        this.adaptive = Objects.requireNonNull(b.adaptive, "adaptive");
        this.gateway = Objects.requireNonNull(b.gateway, "gateway");
        this.windowRisk = Objects.requireNonNull(b.windowRisk, "windowRisk");
        if (b.threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, not " + b.threads);
        }
        this.threads = b.threads;
        this.data = b.data;
        this.schema = b.schema;
        this.model = b.model;
        this.profile = b.profile;
        this.learned = b.learned;
        this.temporal = b.temporal;
        for (int h : b.fixedSweepHours) {
            if (h < 1 || h > 24 * 366) {
                throw new IllegalArgumentException("a swept fixed interval must be 1 h .. 1 year, not " + h + " h");
            }
        }
        this.fixedSweepHours = List.copyOf(new java.util.TreeSet<>(b.fixedSweepHours));
        this.link = b.link;
        if (b.evadeEpsilon < 0 || b.forceEpsilon < 0 || !(b.forceShare >= 0 && b.forceShare <= 1)) {
            throw new IllegalArgumentException("--evade and --force-epsilon must be >= 0 and --force-rotations 0..1");
        }
        this.evadeEpsilon = b.evadeEpsilon;
        this.forceShare = b.forceShare;
        this.forceEpsilon = b.forceEpsilon;
        if (link != null && gateway != GatewayKind.REAL) {
            throw new IllegalArgumentException("a lossy link needs the real gateway (--gateway real): the simulated one has no network");
        }
        if (link != null && link.sleeps()) {
            throw new IllegalArgumentException("link profile " + link.name() + ": wake windows need one client per device; "
                    + "the fleet pools its DTLS clients, so use ./dynakey bench delivery for sleeping devices");
        }
    }

    /** A builder with the defaults of {@code dynakey fleet}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.scenario = scenario;
        b.adaptive = adaptive;
        b.gateway = gateway;
        b.threads = threads;
        b.windowRisk = windowRisk;
        b.data = data;
        b.schema = schema;
        b.model = model;
        b.profile = profile;
        b.link = link;
        b.learned = learned;
        b.temporal = temporal;
        b.fixedSweepHours = fixedSweepHours;
        b.evadeEpsilon = evadeEpsilon;
        b.forceShare = forceShare;
        b.forceEpsilon = forceEpsilon;
        return b;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Evader's budget in quantized steps (0: no evader). */
    public int evadeEpsilon() {
        return evadeEpsilon;
    }

    /** Share of benign devices the rotation forcer targets (0: none). */
    public double forceShare() {
        return forceShare;
    }

    /** Rotation forcer's budget in quantized steps. */
    public int forceEpsilon() {
        return forceEpsilon;
    }

    public AdaptiveSettings adaptive() {
        return adaptive;
    }

    public GatewayKind gateway() {
        return gateway;
    }

    /** Worker threads that drive the devices. */
    public int threads() {
        return threads;
    }

    public WindowRisk windowRisk() {
        return windowRisk;
    }

    /** Labelled CSV to replay, or {@code null} for the default (the shared IoT-23 sample when present). */
    public Path data() {
        return data;
    }

    /** Schema of {@link #data()}, or {@code null} for the trainer's IoT-23 schema. */
    public Schema schema() {
        return schema;
    }

    /** A signed model file to use instead of training one, or {@code null}. */
    public Path model() {
        return model;
    }

    /** A traffic profile to sample instead of replaying data, or {@code null}. */
    public Path profile() {
        return profile;
    }

    /**
     * Whether a model trained from the data carries a temporal student (format 1.2) that the
     * adaptive policy runs (default); false: the row-only model, as before.
     */
    public boolean temporal() {
        return temporal;
    }

    /** Whether the learned policy is learned and run (when a model and policy traffic exist). */
    public boolean learned() {
        return learned;
    }

    /** The link between every device and the real gateway (loss, delay, duplication, reordering), or null for a perfect one. */
    public LinkProfile link() {
        return link;
    }

    /** Further fixed intervals, hours, each run as policy {@code fixed-<h>h}: the exposure-versus-rotations curve. */
    public List<Integer> fixedSweepHours() {
        return fixedSweepHours;
    }

    /** Builds {@link FleetSettings}; every setter returns this builder. */
    public static final class Builder {
        private Scenario scenario = Scenario.defaults();
        private AdaptiveSettings adaptive = AdaptiveSettings.defaults();
        private GatewayKind gateway = GatewayKind.REAL;
        private int threads = Runtime.getRuntime().availableProcessors();
        private WindowRisk windowRisk = WindowRisk.MEAN;
        private Path data;
        private Schema schema;
        private Path model;
        private Path profile;
        private boolean learned = true;
        private boolean temporal = true;
        private List<Integer> fixedSweepHours = List.of();
        private LinkProfile link;

        private Builder() {
        }

        /** The link every device's key-management and telemetry datagrams cross (null: perfect). */
        private int evadeEpsilon;
        private double forceShare;
        private int forceEpsilon = 8192;

        /** Evader's budget, quantized steps; 0 = none. */
        public Builder evade(int epsilon) {
            this.evadeEpsilon = epsilon;
            return this;
        }

        /** Rotation forcer: share of benign devices targeted and its budget in quantized steps. */
        public Builder forceRotations(double share, int epsilon) {
            this.forceShare = share;
            this.forceEpsilon = epsilon;
            return this;
        }

        public Builder link(LinkProfile l) {
            this.link = l;
            return this;
        }

        public Builder scenario(Scenario s) {
            this.scenario = s;
            return this;
        }

        public Builder adaptive(AdaptiveSettings a) {
            this.adaptive = a;
            return this;
        }

        public Builder gateway(GatewayKind g) {
            this.gateway = g;
            return this;
        }

        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        public Builder windowRisk(WindowRisk w) {
            this.windowRisk = w;
            return this;
        }

        public Builder data(Path p) {
            this.data = p;
            return this;
        }

        public Builder schema(Schema p) {
            this.schema = p;
            return this;
        }

        public Builder model(Path p) {
            this.model = p;
            return this;
        }

        public Builder profile(Path p) {
            this.profile = p;
            return this;
        }

        /** Trains and runs the temporal student (default true). */
        public Builder temporal(boolean on) {
            this.temporal = on;
            return this;
        }

        public Builder learned(boolean on) {
            this.learned = on;
            return this;
        }

        public Builder fixedSweepHours(List<Integer> hours) {
            this.fixedSweepHours = List.copyOf(hours);
            return this;
        }

        public FleetSettings build() {
            return new FleetSettings(this);
        }
    }
}
