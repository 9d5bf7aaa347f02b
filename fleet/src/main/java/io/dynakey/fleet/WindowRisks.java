package io.dynakey.fleet;

import io.dynakey.device.model.TemporalDetector;

import java.util.SplittableRandom;

/**
 * A device's window risk as its model sees it: the window's rows are drawn (benign, or attack rows
 * at the scenario's share while an attacker holds the key), scored, and reduced to one figure by
 * the mean and the maximum (both from the same rows, so a policy may use either). The rows of a device and window depend only on the scenario's seed, so
 * the {@link FleetSimulator} and the {@link PolicyEnvironment} that learns a policy see the same
 * risks. Thread-safe: callers pass their own row buffers.
 */
final class WindowRisks {

    private final Scenario scenario;
    private final TrafficSource traffic;
    private final RiskModel model;
    private final int[] modelColumns;
    private final CompromisePlan plan;
    private final Adversary adversary;

    WindowRisks(Scenario scenario, TrafficSource traffic, RiskModel model, CompromisePlan plan) {
        this(scenario, traffic, model, plan, null);
    }

    /**
     * @param adversary attackers who shape rows before the device's model (or temporal detector)
     *                  sees them, or null for none
     */
    WindowRisks(Scenario scenario, TrafficSource traffic, RiskModel model, CompromisePlan plan, Adversary adversary) {
        this.adversary = adversary;
        this.scenario = scenario;
        this.traffic = traffic;
        this.model = model;
        this.plan = plan;
        this.modelColumns = mapColumns(traffic.featureIds(), model.featureIds());
    }

    /** Index in a traffic row of each model feature (-1: the traffic has no such feature, value 0). */
    static int[] mapColumns(int[] trafficIds, int[] modelIds) {
        int[] cols = new int[modelIds.length];
        for (int i = 0; i < modelIds.length; i++) {
            cols[i] = -1;
            for (int j = 0; j < trafficIds.length; j++) {
                if (trafficIds[j] == modelIds[i]) {
                    cols[i] = j;
                    break;
                }
            }
        }
        return cols;
    }

    /** A buffer for one traffic row. */
    long[] rowBuffer() {
        return new long[traffic.featureIds().length];
    }

    /** A buffer for one model input. */
    long[] inputBuffer() {
        return new long[modelColumns.length];
    }

    /** The mean row risk of a {@link #summary}, permille. */
    static int summaryMean(int summary) {
        return summary & 0x3FF;
    }

    /** The maximum row risk of a {@link #summary}, permille. */
    static int summaryMax(int summary) {
        return (summary >>> 10) & 0x3FF;
    }

    /** The share of high-risk rows of a {@link #summary}, permille. */
    static int summaryHighShare(int summary) {
        return (summary >>> 20) & 0x3FF;
    }

    /** A {@link #summary} as a {@link #risks} result (mean and maximum). */
    static int risksOf(int summary) {
        return (summaryMax(summary) << 16) | summaryMean(summary);
    }

    /**
     * The window's summary as a device's {@link TemporalDetector} reduces its rows: the mean row
     * risk in bits 0..9, the maximum in bits 10..19, the share (permille) of rows at or above
     * {@code highRowPermille} in bits 20..29; with {@code featureMeans} non-null, the window's mean
     * quantized value of each model feature ({@code model.quantize}) at {@code featureMeans[off..]}.
     * The same rows, scored by the same first stage, as {@link #risks}: {@code risksOf(summary)}
     * equals {@code risks(...)}, and {@link TemporalDetector#closeWindow} on the summary gives the
     * risk {@link TemporalDetector#endWindow} gives on the rows.
     */
    int summary(int d, int window, long start, boolean keyStolen, long[] row, long[] input, int highRowPermille,
                io.dynakey.models.TinyModel quantizer, char[] featureMeans, int off) {
        if (adversary != null) {
            throw new IllegalStateException("window summaries are for the policy learner, which runs without an adversary");
        }
        Compromise c = plan.of(d);
        SplittableRandom rng = new SplittableRandom(FleetSimulator.mix(scenario.seed(), d, window));
        int k = scenario.rowsPerWindow();
        long step = scenario.windowMillis() / k;
        long sum = 0;
        int max = 0;
        int high = 0;
        long[] sums = featureMeans == null ? null : new long[input.length];
        for (int i = 0; i < k; i++) {
            long t = start + i * step + step / 2;
            boolean attacked = c != null && t >= c.atMillis() && keyStolen
                    && rng.nextDouble() < scenario.attackShare();
            if (attacked) {
                traffic.attack(rng, c.attackType(), row);
            } else {
                traffic.benign(rng, d % scenario.groups(), row);
            }
            for (int f = 0; f < input.length; f++) {
                input[f] = modelColumns[f] < 0 ? 0 : row[modelColumns[f]];
            }
            int r = model.riskPermille(input);
            sum += r;
            max = Math.max(max, r);
            if (r >= highRowPermille) {
                high++;
            }
            if (sums != null) {
                for (int f = 0; f < input.length; f++) {
                    sums[f] += quantizer.quantize(f, input[f]);
                }
            }
        }
        if (sums != null) {
            for (int f = 0; f < sums.length; f++) {
                featureMeans[off + f] = (char) (sums[f] / k);
            }
        }
        return (int) (sum / k) | (max << 10) | ((int) (high * 1000L / k) << 20);
    }

    /** The mean of a {@link #risks} result. */
    static int mean(int risks) {
        return risks & 0xFFFF;
    }

    /** The maximum of a {@link #risks} result. */
    static int max(int risks) {
        return risks >>> 16;
    }

    /**
     * The window's risks, 0..1000 each: the mean of its rows' in bits 0..15 and the maximum in bits
     * 16..31 (see {@link #mean} and {@link #max}).
     *
     * @param keyStolen whether the attacker still holds a working key (rows after the compromise are then attack rows at the scenario's share)
     */
    int risks(int d, int window, long start, boolean keyStolen, long[] row, long[] input) {
        return risks(d, window, start, keyStolen, row, input, null);
    }

    /**
     * As {@link #risks(int, int, long, boolean, long[], long[])}, the rows scored by a device's
     * temporal detector when one is given: its first stage scores the rows, and both halves of the
     * result are the window's decision risk, the second stage's, from the device's history.
     */
    int risks(int d, int window, long start, boolean keyStolen, long[] row, long[] input, TemporalDetector temporal) {
        Compromise c = plan.of(d);
        SplittableRandom rng = new SplittableRandom(FleetSimulator.mix(scenario.seed(), d, window));
        int k = scenario.rowsPerWindow();
        long step = scenario.windowMillis() / k;
        long sum = 0;
        int max = 0;
        boolean forced = adversary != null && c == null && adversary.targets(scenario.seed(), d);
        for (int i = 0; i < k; i++) {
            long t = start + i * step + step / 2;
            boolean attacked = c != null && t >= c.atMillis() && keyStolen
                    && rng.nextDouble() < scenario.attackShare();
            if (attacked) {
                traffic.attack(rng, c.attackType(), row);
            } else {
                traffic.benign(rng, d % scenario.groups(), row);
            }
            for (int f = 0; f < input.length; f++) {
                input[f] = modelColumns[f] < 0 ? 0 : row[modelColumns[f]];
            }
            if (adversary != null) {
                // the attacker shapes what it sends; the detector (row model or temporal) sees the result
                if (attacked) {
                    adversary.evade(input);
                } else if (forced) {
                    adversary.force(input);
                }
            }
            int r = temporal != null ? temporal.addRow(input, 0) : model.riskPermille(input);
            sum += r;
            max = Math.max(max, r);
        }
        if (temporal != null) {
            temporal.endWindow(start + scenario.windowMillis());
            // the device's rule: the second stage, or the first stage alone on a blatant window
            int decision = temporal.lastDecisionRisk();
            return (decision << 16) | decision;
        }
        return (max << 16) | (int) (sum / k);
    }
}
