package io.dynakey.device.features;

import io.dynakey.models.ModelFormat;
import io.dynakey.models.TinyModel;

/**
 * The device's fixed-size memory of its recent windows, as the temporal section of its model
 * file defines it (docs/model-format.md, "Temporal section"; the kinds are listed in
 * {@code io.dynakey.models.TemporalSpec}). Each {@link #update} takes the first stage's outputs for
 * the window just closed (mean and maximum row risk, share of high-risk rows) and, where the file
 * asks, the window's mean quantized first-stage features, and advances every aggregate: integer
 * arithmetic only, one {@code long} of state per temporal feature, nothing allocated.
 *
 * <p><b>Restart.</b> The state starts over on a reboot: it lives in RAM only and {@link #reset}
 * gives the same state as a new instance. It is not written to {@code SecureStorage} because a
 * write every window (every few minutes) would wear a microcontroller's flash out within months
 * (10,000 to 100,000 erase cycles per page). What an attacker gains by forcing a reboot is bounded
 * by the governor's shield (maximum key age, which survives in the key store), and the windows
 * after the reboot build the evidence again from zero.
 *
 * <p>Not thread-safe.
 */
public final class TemporalState {

    /** EWMA state is kept with 8 fractional bits. */
    private static final int EWMA_FRACTION = 8;

    private final int count;
    private final int[] kinds;
    private final int[] sources;
    private final int[] param1;
    private final int[] param2;
    private final long[] state;
    private final long[] values;
    private final boolean needsFeatures;
    private long lastMillis;
    private boolean started;

    /**
     * @param model a parsed model whose file carries a temporal section
     * @throws IllegalArgumentException if it carries none
     */
    public TemporalState(TinyModel model) {
        if (model == null || !model.hasTemporal()) {
            throw new IllegalArgumentException("the model carries no temporal section");
        }
        count = model.temporalFeatureCount();
        kinds = new int[count];
        sources = new int[count];
        param1 = new int[count];
        param2 = new int[count];
        boolean features = false;
        for (int k = 0; k < count; k++) {
            kinds[k] = model.temporalKind(k);
            sources[k] = model.temporalSource(k);
            param1[k] = model.temporalParam1(k);
            param2[k] = model.temporalParam2(k);
            features |= sources[k] >= ModelFormat.SOURCE_FEATURE_FIRST && kinds[k] != ModelFormat.TEMPORAL_INTERVAL;
        }
        needsFeatures = features;
        state = new long[count];
        values = new long[count];
        reset();
    }

    /** @return number of temporal features */
    public int featureCount() {
        return count;
    }

    /** @return whether some temporal feature reads a first-stage feature (then {@link #update} needs the means) */
    public boolean needsFeatureMeans() {
        return needsFeatures;
    }

    /**
     * @return bytes of state that persist from window to window: one {@code long} per temporal
     *     feature plus the previous window's time (the outputs are recomputed each window)
     */
    public int stateBytes() {
        return 8 * count + 8;
    }

    /** Forgets every window: the state a new instance has (also the state after a reboot). */
    public void reset() {
        for (int k = 0; k < count; k++) {
            state[k] = kinds[k] == ModelFormat.TEMPORAL_SINCE_AT_LEAST ? ModelFormat.MAX_TEMPORAL_VALUE : 0;
            values[k] = state[k];
        }
        lastMillis = 0;
        started = false;
    }

    /**
     * Closes one window.
     *
     * @param meanRisk the window's mean first-stage row risk, permille 0..1000
     * @param maxRisk its maximum row risk, permille
     * @param highSharePermille permille of its rows whose risk reached the file's high-row threshold
     * @param featureMeans the window's mean quantized value of each first-stage feature (index =
     *     feature index), or null when {@link #needsFeatureMeans()} is false
     * @param nowMillis the window's end
     */
    public void update(int meanRisk, int maxRisk, int highSharePermille, int[] featureMeans, long nowMillis) {
        if (needsFeatures && featureMeans == null) {
            throw new IllegalArgumentException("this model's temporal features read the window's feature means");
        }
        long interval = 0;
        if (started && nowMillis > lastMillis) {
            // the exact difference is positive; a negative long means it passed 2^63 ms: saturate
            long elapsed = nowMillis - lastMillis;
            interval = elapsed < 0 ? ModelFormat.MAX_TEMPORAL_VALUE : elapsed / 1000;
        }
        for (int k = 0; k < count; k++) {
            int kind = kinds[k];
            long x;
            int src = sources[k];
            if (kind == ModelFormat.TEMPORAL_INTERVAL) {
                x = interval;
            } else if (src == ModelFormat.SOURCE_MEAN_RISK) {
                x = meanRisk;
            } else if (src == ModelFormat.SOURCE_MAX_RISK) {
                x = maxRisk;
            } else if (src == ModelFormat.SOURCE_HIGH_SHARE) {
                x = highSharePermille;
            } else {
                x = featureMeans[src - ModelFormat.SOURCE_FEATURE_FIRST];
            }
            x = x < 0 ? 0 : (x > ModelFormat.MAX_TEMPORAL_VALUE ? ModelFormat.MAX_TEMPORAL_VALUE : x);
            long s = state[k];
            long v;
            switch (kind) {
                case ModelFormat.TEMPORAL_CURRENT:
                    v = x;
                    break;
                case ModelFormat.TEMPORAL_EWMA:
                    // s holds the mean with 8 fractional bits; >> on a negative difference rounds down, as in C
                    s += ((x << EWMA_FRACTION) - s) >> param1[k];
                    v = (s + (1 << (EWMA_FRACTION - 1))) >> EWMA_FRACTION;
                    break;
                case ModelFormat.TEMPORAL_CUSUM:
                    s = s + x - param1[k];
                    s = s < 0 ? 0 : (s > param2[k] ? param2[k] : s);
                    v = s;
                    break;
                case ModelFormat.TEMPORAL_COUNT_AT_LEAST:
                    s = (s << 1) | (x >= param1[k] ? 1 : 0);
                    if (param2[k] < 64) {
                        s &= (1L << param2[k]) - 1;
                    }
                    v = bitCount(s);
                    break;
                case ModelFormat.TEMPORAL_SINCE_AT_LEAST:
                    s = x >= param1[k] ? 0 : (s >= ModelFormat.MAX_TEMPORAL_VALUE ? ModelFormat.MAX_TEMPORAL_VALUE : s + 1);
                    v = s;
                    break;
                default: // TEMPORAL_INTERVAL, validated by the reader
                    v = x;
                    break;
            }
            state[k] = s;
            values[k] = v;
        }
        lastMillis = nowMillis;
        started = true;
    }

    /** @return temporal feature k's value after the last {@link #update} (its initial value before one) */
    public long value(int k) {
        return values[k];
    }

    /** Population count without {@code Long.bitCount}, which is not in the device profile's API. */
    private static int bitCount(long v) {
        v = v - ((v >>> 1) & 0x5555555555555555L);
        v = (v & 0x3333333333333333L) + ((v >>> 2) & 0x3333333333333333L);
        v = (v + (v >>> 4)) & 0x0F0F0F0F0F0F0F0FL;
        return (int) ((v * 0x0101010101010101L) >>> 56);
    }
}
