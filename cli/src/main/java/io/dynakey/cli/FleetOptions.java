package io.dynakey.cli;

import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.fleet.AdaptiveSettings;
import io.dynakey.fleet.LinkProfile;
import io.dynakey.fleet.Scenario;
import io.dynakey.fleet.run.FleetSettings;
import io.dynakey.fleet.run.FleetSettings.GatewayKind;
import io.dynakey.fleet.run.FleetSettings.WindowRisk;
import io.dynakey.trainer.data.Schema;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options shared by {@code dynakey fleet} and {@code dynakey demo}. */
final class FleetOptions {

    private static final AdaptiveSettings DEFAULTS = AdaptiveSettings.defaults();

    @Option(names = "--devices", description = "number of simulated devices (default: ${DEFAULT-VALUE})")
    public int devices = Scenario.defaults().devices();

    @Option(names = "--days", description = "simulated days (default: ${DEFAULT-VALUE})")
    public int days = Scenario.defaults().days();

    @Option(names = "--window", paramLabel = "DURATION", description = "telemetry window, whole seconds, e.g. 300s or 5min (default: 5min)")
    public Duration window = Scenario.defaults().window();

    @Option(names = "--rows-per-window", description = "traffic rows a device sees per window (default: ${DEFAULT-VALUE})")
    public int rowsPerWindow = Scenario.defaults().rowsPerWindow();

    @Option(names = "--groups", description = "security groups (default: ${DEFAULT-VALUE})")
    public int groups = Scenario.defaults().groups();

    @Option(names = "--seed", description = "scenario seed (default: ${DEFAULT-VALUE})")
    public long seed = Scenario.defaults().seed();

    @Option(names = "--compromise-probability", description = "chance a device is compromised during the run (default: ${DEFAULT-VALUE})")
    public double compromiseProbability = Scenario.defaults().compromiseProbability();

    @Option(names = "--attack", description = "attack class the traffic turns to, or 'mixed' (default: ${DEFAULT-VALUE})")
    public String attack = Scenario.defaults().attackType();

    @Option(names = "--attack-share", description = "fraction of a compromised device's rows that are attack rows (default: ${DEFAULT-VALUE})")
    public double attackShare = Scenario.defaults().attackShare();

    @Option(names = "--fixed-interval", paramLabel = "DURATION", description = "interval of the fixed policy, whole hours, e.g. 12h or 2d (default: 24h)")
    public Duration fixedInterval = Scenario.defaults().fixedInterval();

    @Option(names = "--telemetry-interval", paramLabel = "DURATION", description = "telemetry batch interval per device, whole hours; 0h = none (default: 24h)")
    public Duration telemetryInterval = Scenario.defaults().telemetryInterval();

    @Option(names = "--data", description = "labelled CSV to replay (default: ../shared/data/train/iot23/iot23_zeek_conn_sample.csv when present)")
    public Path data;

    @Option(names = "--schema", converter = SchemaConverter.class, description = "the " + SchemaConverter.HELP
            + " of --data (default: iot23)")
    public Schema schema;

    @Option(names = "--model", description = "signed model file to use instead of training one from --data")
    public Path model;

    @Option(names = "--profile", description = "traffic profile to sample instead of replaying --data (default: the shipped one when there is no data)")
    public Path profile;

    @Option(names = "--gateway", description = "${COMPLETION-CANDIDATES}: real is DTLS on loopback, simulated is in-process with no network (default: ${DEFAULT-VALUE})")
    public GatewayKind gateway = GatewayKind.REAL;

    @Option(names = "--threads", description = "worker threads (default: number of cores)")
    public int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-key-age-hours", description = "adaptive and oracle: hard maximum key age (default: ${DEFAULT-VALUE})")
    public int maxKeyAgeHours = (int) (DEFAULTS.groupPolicy().maxKeyAgeSeconds() / 3600);

    @Option(names = "--smoothing", description = "adaptive: weight of the newest window in the smoothed risk, permille (default: ${DEFAULT-VALUE})")
    public int smoothing = DEFAULTS.smoothingPermille();

    @Option(names = "--rotate-now", description = "adaptive: governor ROTATE_NOW threshold, permille (default: ${DEFAULT-VALUE})")
    public int rotateNow = DEFAULTS.groupPolicy().nowPermille();

    @Option(names = "--rotate-soon", description = "adaptive: governor ROTATE_SOON threshold, permille (default: ${DEFAULT-VALUE})")
    public int rotateSoon = DEFAULTS.groupPolicy().soonPermille();

    @Option(names = "--window-risk", description = "adaptive: the window's risk from its rows' risks, ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    public WindowRisk windowRisk = WindowRisk.MEAN;

    @Option(names = "--fixed-hours", split = ",", paramLabel = "HOURS", description = "further fixed intervals to run, "
            + "e.g. 6,12,36,48: the fixed schedule's exposure-versus-rotations curve, with the adaptive and learned "
            + "points on it (plot in the report)")
    public java.util.List<Integer> fixedHours = new java.util.ArrayList<>();

    @Option(names = "--no-temporal", description = "train and run the row-only model: no temporal student "
            + "(by default a model trained from --data carries one, distilled on training rows only)")
    boolean noTemporal;

    @Option(names = "--no-learned", description = "skip learning and running the learned policy "
            + "(learned on training traffic only, at the fixed interval's rotation budget)")
    public boolean noLearned;

    @Option(names = "--link-loss", description = "real gateway: share of datagrams lost on every device's link, each "
            + "direction, 0..<1 (applied to --link-profile when both are given)")
    public Double linkLoss;

    @Option(names = "--link-profile", paramLabel = "SPEC", description = "real gateway: every device's link, "
            + "NAME:loss=0.2,delay=60,jitter=40,dup=0.01,reorder=0.02 (delays in ms; wake windows only in bench delivery)")
    public String linkProfile;

    @Option(names = "--evade", paramLabel = "EPS", description = "evader: after a theft the attacker shapes each attack "
            + "row within the schema's attacker bounds and EPS quantized steps (L-inf) to look benign to the deployed "
            + "model (exact search; 0 = none, default)")
    public int evade;

    @Option(names = "--force-rotations", paramLabel = "SHARE", description = "rotation forcer: share 0..1 of benign "
            + "devices into whose traffic an attacker without a key spoofs rows shaped to look risky (default: 0)")
    public double forceRotations;

    @Option(names = "--force-epsilon", paramLabel = "EPS", description = "rotation forcer's budget, quantized steps (default: ${DEFAULT-VALUE})")
    public int forceEpsilon = 8192;

    /** The link these options describe, or null for a perfect one. */
    public LinkProfile link() {
        if (linkProfile == null && linkLoss == null) {
            return null;
        }
        LinkProfile p = linkProfile == null ? LinkProfile.perfect("all") : LinkProfile.parse(linkProfile);
        return linkLoss == null ? p : p.withLoss(linkLoss);
    }

    /** The scenario these options describe. */
    public Scenario scenario() {
        return Scenario.builder().seed(seed).devices(devices).days(days).window(window).rowsPerWindow(rowsPerWindow)
                .groups(groups).compromiseProbability(compromiseProbability).attackType(attack).attackShare(attackShare)
                .fixedInterval(fixedInterval).telemetryInterval(telemetryInterval).build();
    }

    /** The adaptive policy's settings: the defaults with these options' smoothing, thresholds and key age. */
    public AdaptiveSettings adaptive() {
        GroupPolicy d = DEFAULTS.groupPolicy();
        return new AdaptiveSettings(smoothing, d.toBuilder()
                .thresholds(Math.min(rotateSoon, rotateNow), rotateNow, d.quarantinePermille())
                .hardLimits(maxKeyAgeHours * 3600L, d.maxMessagesPerKey())
                .build());
    }

    /** The settings of the run these options describe. */
    public FleetSettings settings() {
        return FleetSettings.builder().scenario(scenario()).adaptive(adaptive()).gateway(gateway).threads(threads)
                .windowRisk(windowRisk).data(data).schema(schema).model(model).profile(profile).learned(!noLearned).temporal(!noTemporal)
                .fixedSweepHours(fixedHours).link(link()).evade(evade).forceRotations(forceRotations, forceEpsilon).build();
    }
}
