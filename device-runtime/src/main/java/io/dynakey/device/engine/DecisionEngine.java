package io.dynakey.device.engine;

import io.dynakey.device.features.FeatureLayout;
import io.dynakey.device.features.FeatureWindows;
import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.governor.RotationGovernor;
import io.dynakey.device.governor.RotationSchedule;
import io.dynakey.device.governor.ScheduleGovernor;
import io.dynakey.device.hal.Telemetry;
import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.device.model.TemporalDetector;
import io.dynakey.models.TinyModel;

/**
 * One decision per sample period: {@link FeatureWindows#sample} the board's counters, fill the
 * model's input in its feature order, evaluate the model, and let the governor decide: the
 * {@link RotationGovernor} with the group's policy table, or, when the signed model file carries a
 * learned rotation schedule ({@link #forModel}), a {@link ScheduleGovernor} running it inside the
 * device's own shield. Features the windows do not compute (connection-level or application ids) keep the
 * value last given to {@link #setFeature}, 0 at first.
 *
 * <p>{@link #tick} allocates nothing. {@link #useModel} (after the model's signature is checked)
 * allocates the new model's tables. Not thread-safe.
 */
public final class DecisionEngine {

    private final FeatureWindows windows;
    private final RotationGovernor governor;
    private final ScheduleGovernor schedule;
    private TinyModel model;
    private ForestEvaluator evaluator;
    private FeatureLayout layout;
    private long[] input;
    /** Both stages when the model carries a temporal section (format 1.2), else null. */
    private TemporalDetector temporal;
    private int lastRisk;
    private int lastRowRisk;
    private int lastClass;

    /**
     * @param model the current model (signature already verified)
     * @param windows the device's feature windows
     * @param governor the device's rotation governor
     */
    public DecisionEngine(TinyModel model, FeatureWindows windows, RotationGovernor governor) {
        this(model, windows, governor, null);
    }

    /**
     * An engine whose decisions come from a learned rotation schedule.
     *
     * @param schedule the schedule's governor (see {@link RotationSchedule#fromModel})
     */
    public DecisionEngine(TinyModel model, FeatureWindows windows, ScheduleGovernor schedule) {
        this(model, windows, null, schedule);
    }

    private DecisionEngine(TinyModel model, FeatureWindows windows, RotationGovernor governor, ScheduleGovernor schedule) {
        if (windows == null || (governor == null && schedule == null)) {
            throw new IllegalArgumentException("windows and a governor are required");
        }
        this.windows = windows;
        this.governor = governor;
        this.schedule = schedule;
        useModel(model);
    }

    /**
     * The engine a model file asks for: its learned rotation schedule inside {@code shield} when the
     * file carries one (format 1.1), else {@code fallback}, the device's default governor. The
     * schedule is read once here; {@link #useModel} later swaps the model, not the governor.
     *
     * @param keyBornMillis when the current key was made
     * @param startTokens risk rotations available at once (0 for a device an attacker could reboot at will)
     */
    public static DecisionEngine forModel(TinyModel model, FeatureWindows windows, RotationGovernor fallback,
                                          GroupPolicy shield, long keyBornMillis, int startTokens) {
        if (model != null && model.hasRotationSchedule()) {
            return new DecisionEngine(model, windows,
                    new ScheduleGovernor(RotationSchedule.fromModel(model, shield), keyBornMillis, startTokens));
        }
        return new DecisionEngine(model, windows, fallback);
    }

    /**
     * Tells the engine the key rotated at {@code nowMillis}: a learned schedule restarts its
     * calendar from the new key (the policy-table governor reads the key age at every tick) and a
     * temporal model's state starts over.
     */
    public void rotated(long nowMillis) {
        if (schedule != null) {
            schedule.rotated(nowMillis);
        }
        if (temporal != null) {
            // the evidence was about the key that is gone: the temporal state starts over
            temporal.reset();
        }
    }

    /** True when a learned rotation schedule decides (else the policy-table governor). */
    public boolean runsSchedule() {
        return schedule != null;
    }

    /** Swaps in another model; features set with {@link #setFeature} are kept where the new model has them. */
    public void useModel(TinyModel next) {
        if (next == null) {
            throw new IllegalArgumentException("model is required");
        }
        int n = next.featureCount();
        int[] ids = new int[n];
        long[] nextInput = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = next.featureId(i);
            int old = model == null ? -1 : model.featureIndexOf(ids[i]);
            nextInput[i] = old >= 0 ? input[old] : 0;
        }
        FeatureLayout nextLayout = new FeatureLayout(ids, 0, n);
        ForestEvaluator nextEvaluator = new ForestEvaluator(next);
        TemporalDetector nextTemporal = next.hasTemporal() ? new TemporalDetector(next) : null;
        this.temporal = nextTemporal;
        this.model = next;
        this.layout = nextLayout;
        this.evaluator = nextEvaluator;
        this.input = nextInput;
    }

    /**
     * Sets a feature the windows do not compute (e.g. an application sensor reading).
     *
     * @return false when the current model does not use this feature id
     */
    public boolean setFeature(int featureId, long value) {
        int i = model.featureIndexOf(featureId);
        if (i < 0) {
            return false;
        }
        input[i] = value;
        return true;
    }

    /**
     * One period: sample, evaluate, decide.
     *
     * @param keyAgeSeconds age of the current key (from the key store)
     * @param messagesUnderKey messages protected under the current key
     * @param secondsSinceRotation time since the last successful rotation
     * @return the governor's action ({@code Decision.*}); {@link #reason()} says why
     */
    public int tick(Telemetry telemetry, long nowMillis, long keyAgeSeconds, long messagesUnderKey,
                    long secondsSinceRotation) {
        windows.sample(telemetry, nowMillis);
        windows.fill(layout, keyAgeSeconds, messagesUnderKey, secondsSinceRotation, input, 0);
        int result = evaluator.evaluate(input, 0);
        lastRowRisk = ForestEvaluator.riskOf(result);
        lastClass = ForestEvaluator.classOf(result);
        if (temporal != null) {
            // one sample period is one window of one row: the second stage decides from the history
            if (temporal.state().needsFeatureMeans()) {
                temporal.addRow(input, 0);
            } else {
                temporal.addRisk(lastRowRisk);
            }
            temporal.endWindow(nowMillis);
            // the second stage, or the first stage alone when the window is blatant (the fast path)
            lastRisk = temporal.lastDecisionRisk();
        } else {
            lastRisk = lastRowRisk;
        }
        if (schedule != null) {
            return schedule.decide(lastRisk, nowMillis);
        }
        return governor.decide(lastRisk, keyAgeSeconds, messagesUnderKey, nowMillis);
    }

    /** Reason code of the last decision ({@code Decision.REASON_*}). */
    public int reason() {
        return schedule != null ? schedule.reason() : governor.reason();
    }

    /** The first stage's risk of the last tick's window, permille (equal to {@link #lastRisk} without a temporal section). */
    public int lastRowRisk() {
        return lastRowRisk;
    }

    /** The temporal detector of a format 1.2 model, or null (for its state's size and values). */
    public TemporalDetector temporal() {
        return temporal;
    }

    /** The model's risk at the last tick, permille (for a model with a temporal section: the second stage's, or the first stage's on a blatant window, {@link TemporalDetector#lastDecisionRisk}). */
    public int lastRisk() {
        return lastRisk;
    }

    /** The model's class at the last tick. */
    public int lastClass() {
        return lastClass;
    }

    /** The model input of the last tick, slot {@code i} (the model's feature order). */
    public long input(int i) {
        return input[i];
    }
}
