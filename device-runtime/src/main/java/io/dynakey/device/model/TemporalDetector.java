package io.dynakey.device.model;

import io.dynakey.device.features.TemporalState;
import io.dynakey.models.FeatureIds;
import io.dynakey.models.TinyModel;

/**
 * Both stages of a format 1.2 model: the first stage scores each row (observation) of a window,
 * the window's first-stage outputs advance the {@link TemporalState}, and the second stage scores
 * the temporal features. The second stage's risk is the window's decision risk: the one the
 * governor sees. Rows are added with {@link #addRow} between two {@link #endWindow} calls; a window
 * without rows counts as a quiet one (risks 0).
 *
 * <p>Nothing is allocated after construction. Not thread-safe (one per device).
 */
public final class TemporalDetector {

    /**
     * The fast path: a window whose mean first-stage risk is at least this (permille) is blatant on
     * its own, and {@link #lastDecisionRisk} passes that mean on even when the second stage, which
     * weighs the history, is still quiet. A device rule, not a model field (the file format is
     * unchanged); {@code DecisionEngine} and the fleet simulator both read {@link #lastDecisionRisk}.
     */
    public static final int FAST_PATH_PERMILLE = 800;

    private final TinyModel model;
    private final ForestEvaluator first;
    private final ForestEvaluator second;
    private final TemporalState state;
    private final int highRow;
    /** Temporal feature index of each second-stage input. */
    private final int[] secondSource;
    private final long[] secondInput;
    private final long[] featureSums;
    private final int[] featureMeans;
    private long rows;
    private long riskSum;
    private int riskMax;
    private long highRows;
    private int lastMean;
    private int lastMax;
    private int lastHighShare;
    private int lastRisk;

    /**
     * @param model a parsed (and, on a device, signature-checked) model with a temporal section
     * @throws IllegalArgumentException if it has none
     */
    public TemporalDetector(TinyModel model) {
        this.state = new TemporalState(model);
        this.model = model;
        this.first = new ForestEvaluator(model);
        TinyModel stage = model.secondStage();
        this.second = new ForestEvaluator(stage);
        this.highRow = model.temporalHighRowPermille();
        this.secondSource = new int[stage.featureCount()];
        for (int i = 0; i < secondSource.length; i++) {
            secondSource[i] = stage.featureId(i) - FeatureIds.TEMPORAL_FIRST;
        }
        this.secondInput = new long[secondSource.length];
        this.featureSums = new long[model.featureCount()];
        this.featureMeans = state.needsFeatureMeans() ? new int[model.featureCount()] : null;
    }

    /** @return the model both stages come from */
    public TinyModel model() {
        return model;
    }

    /** @return the temporal state (for its size and values) */
    public TemporalState state() {
        return state;
    }

    /**
     * Scores one row with the first stage and adds it to the open window.
     *
     * @param features raw values in the first stage's feature order, at {@code off}
     * @return the row's first-stage risk, permille
     */
    public int addRow(long[] features, int off) {
        int risk = ForestEvaluator.riskOf(first.evaluate(features, off));
        if (featureMeans != null) {
            for (int f = 0; f < featureSums.length; f++) {
                featureSums[f] += model.quantize(f, features[off + f]);
            }
        }
        add(risk);
        return risk;
    }

    /**
     * Adds a row the caller scored with this model's first stage already (a caller that keeps the
     * rows elsewhere); only for models whose temporal features read no first-stage feature.
     */
    public void addRisk(int riskPermille) {
        if (featureMeans != null) {
            throw new IllegalStateException("this model's temporal features read the rows' features: use addRow");
        }
        add(riskPermille < 0 ? 0 : (riskPermille > 1000 ? 1000 : riskPermille));
    }

    private void add(int risk) {
        rows++;
        riskSum += risk;
        if (risk > riskMax) {
            riskMax = risk;
        }
        if (risk >= highRow) {
            highRows++;
        }
    }

    /**
     * Closes the window: advances the temporal state and scores the second stage.
     *
     * @param nowMillis the window's end
     * @return the window's second-stage risk, permille ({@link #lastDecisionRisk} adds the fast path)
     */
    public int endWindow(long nowMillis) {
        lastMean = rows == 0 ? 0 : (int) (riskSum / rows);
        lastMax = riskMax;
        lastHighShare = rows == 0 ? 0 : (int) (highRows * 1000 / rows);
        if (featureMeans != null) {
            for (int f = 0; f < featureSums.length; f++) {
                featureMeans[f] = rows == 0 ? 0 : (int) (featureSums[f] / rows);
                featureSums[f] = 0;
            }
        }
        rows = 0;
        riskSum = 0;
        riskMax = 0;
        highRows = 0;
        return advance(featureMeans, nowMillis);
    }

    /**
     * Closes a window from its summary instead of its rows: what {@link #endWindow} computes from
     * the rows added since the last window. For a caller that replays the same windows many times
     * (the fleet's policy learner keeps each window's summary, not its rows): closing a window
     * with the summary of the rows gives the same state and the same risk as adding the rows.
     * Rows added since the last window are dropped.
     *
     * @param meanRisk the window's mean first-stage row risk, permille (0 for no rows)
     * @param maxRisk its maximum row risk, permille
     * @param highSharePermille its share of rows at or above {@link TinyModel#temporalHighRowPermille}, permille
     * @param windowFeatureMeans the window's mean quantized value of each first-stage feature (length
     *     the first stage's feature count), or null when {@link TemporalState#needsFeatureMeans()} is false
     * @param nowMillis the window's end
     * @return the window's decision risk, permille (the second stage's)
     */
    public int closeWindow(int meanRisk, int maxRisk, int highSharePermille, int[] windowFeatureMeans, long nowMillis) {
        if (featureMeans != null) {
            if (windowFeatureMeans == null || windowFeatureMeans.length != featureMeans.length) {
                throw new IllegalArgumentException("this model's temporal features read the window's feature means");
            }
            for (int f = 0; f < featureSums.length; f++) {
                featureMeans[f] = windowFeatureMeans[f];
                featureSums[f] = 0;
            }
        }
        lastMean = meanRisk;
        lastMax = maxRisk;
        lastHighShare = highSharePermille;
        rows = 0;
        riskSum = 0;
        riskMax = 0;
        highRows = 0;
        return advance(featureMeans, nowMillis);
    }

    /** The first-stage feature count a window summary's feature means must have ({@link #closeWindow}). */
    public int featureCount() {
        return featureSums.length;
    }

    private int advance(int[] means, long nowMillis) {
        state.update(lastMean, lastMax, lastHighShare, means, nowMillis);
        for (int i = 0; i < secondInput.length; i++) {
            secondInput[i] = state.value(secondSource[i]);
        }
        lastRisk = ForestEvaluator.riskOf(second.evaluate(secondInput, 0));
        return lastRisk;
    }

    /** Forgets every window and the open one (a reboot). */
    public void reset() {
        state.reset();
        rows = 0;
        riskSum = 0;
        riskMax = 0;
        highRows = 0;
        for (int f = 0; f < featureSums.length; f++) {
            featureSums[f] = 0;
        }
        lastMean = 0;
        lastMax = 0;
        lastHighShare = 0;
        lastRisk = 0;
    }

    /** @return the last closed window's mean row risk, permille */
    public int lastMeanRisk() {
        return lastMean;
    }

    /** @return the last closed window's maximum row risk, permille */
    public int lastMaxRisk() {
        return lastMax;
    }

    /** @return the last closed window's share of high-risk rows, permille */
    public int lastHighShare() {
        return lastHighShare;
    }

    /** @return the last closed window's second-stage risk, permille */
    public int lastRisk() {
        return lastRisk;
    }

    /**
     * @return the risk the governor sees for the last closed window, permille: the second stage's,
     *     or the window's mean first-stage risk when that is at least {@link #FAST_PATH_PERMILLE}
     *     and higher (a blatant window need not wait for the history)
     */
    public int lastDecisionRisk() {
        return decisionRisk(lastRisk, lastMean);
    }

    /**
     * The fast-path rule of {@link #lastDecisionRisk} on given risks (for callers that replay
     * recorded windows, e.g. the trainer's calibration).
     *
     * @param secondStageRisk the second stage's risk, permille
     * @param meanRisk the window's mean first-stage risk, permille
     */
    public static int decisionRisk(int secondStageRisk, int meanRisk) {
        return meanRisk >= FAST_PATH_PERMILLE && meanRisk > secondStageRisk ? meanRisk : secondStageRisk;
    }
}
