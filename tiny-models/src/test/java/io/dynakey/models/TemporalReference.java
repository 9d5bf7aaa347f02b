package io.dynakey.models;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The temporal state and detector of a format 1.2 model computed straight from the spec
 * (docs/model-format.md, "Temporal state" and "Detector"), written independently of the
 * device's {@code TemporalState}: the counting kinds look back over the whole window history
 * instead of keeping a bit mask, the interval is computed with {@link BigInteger}, and the rows
 * are scored by {@link GoldenVectors#referencePredict}. Test helper.
 */
public final class TemporalReference {

    private TemporalReference() {
    }

    /**
     * The temporal section as one token, as the C driver prints it:
     * {@code TMP=K/high/kind.source.p1.p2,...}, or {@code TMP=none}.
     */
    public static String token(TinyModel m) {
        if (!m.hasTemporal()) {
            return "TMP=none";
        }
        StringBuilder t = new StringBuilder("TMP=").append(m.temporalFeatureCount()).append('/')
                .append(m.temporalHighRowPermille()).append('/');
        for (int k = 0; k < m.temporalFeatureCount(); k++) {
            t.append(k > 0 ? "," : "").append(m.temporalKind(k)).append('.').append(m.temporalSource(k)).append('.')
                    .append(m.temporalParam1(k)).append('.').append(m.temporalParam2(k));
        }
        return t.toString();
    }

    /** One window's outputs: {decision risk, mean risk, max risk, high share, temporal value 0..K-1}. */
    public static String windowToken(int[] w) {
        StringBuilder t = new StringBuilder("W=").append(w[0]).append('/').append(w[1]).append('/').append(w[2])
                .append('/').append(w[3]).append('/');
        for (int k = 4; k < w.length; k++) {
            t.append(k > 4 ? "." : "").append(w[k]);
        }
        return t.toString();
    }

    /**
     * Replays windows: window w takes the next {@code windowRows[w]} rows of {@code rows} (in
     * order) and ends at {@code windowEnd[w]} milliseconds.
     *
     * @return per window {decision risk, mean risk, max risk, high share, value of temporal feature 0..K-1}
     */
    public static List<int[]> replay(TinyModel m, long[][] rows, int[] windowRows, long[] windowEnd) {
        int k = m.temporalFeatureCount();
        int f = m.featureCount();
        List<long[]> sources = new ArrayList<>(); // per window: x of each temporal feature, clamped
        long[] s = new long[k];
        List<int[]> out = new ArrayList<>();
        int next = 0;
        for (int w = 0; w < windowRows.length; w++) {
            long n = windowRows[w];
            long riskSum = 0;
            long max = 0;
            long high = 0;
            long[] qSum = new long[f];
            for (int r = 0; r < n; r++) {
                long[] row = rows[next++];
                int risk = GoldenVectors.referencePredict(m, row)[1];
                riskSum += risk;
                max = Math.max(max, risk);
                high += risk >= m.temporalHighRowPermille() ? 1 : 0;
                for (int i = 0; i < f; i++) {
                    qSum[i] += m.quantize(i, row[i]);
                }
            }
            long mean = n == 0 ? 0 : riskSum / n;
            long share = n == 0 ? 0 : high * 1000 / n;
            long interval = 0;
            if (w > 0 && windowEnd[w] > windowEnd[w - 1]) {
                interval = BigInteger.valueOf(windowEnd[w]).subtract(BigInteger.valueOf(windowEnd[w - 1]))
                        .divide(BigInteger.valueOf(1000)).min(BigInteger.valueOf(65535)).longValue();
            }
            long[] x = new long[k];
            for (int j = 0; j < k; j++) {
                int src = m.temporalSource(j);
                long v;
                if (m.temporalKind(j) == ModelFormat.TEMPORAL_INTERVAL) {
                    v = interval;
                } else if (src == ModelFormat.SOURCE_MEAN_RISK) {
                    v = mean;
                } else if (src == ModelFormat.SOURCE_MAX_RISK) {
                    v = max;
                } else if (src == ModelFormat.SOURCE_HIGH_SHARE) {
                    v = share;
                } else {
                    v = n == 0 ? 0 : qSum[src - ModelFormat.SOURCE_FEATURE_FIRST] / n;
                }
                x[j] = Math.min(65535, v);
            }
            sources.add(x);
            int[] o = new int[4 + k];
            o[1] = (int) mean;
            o[2] = (int) max;
            o[3] = (int) share;
            for (int j = 0; j < k; j++) {
                o[4 + j] = (int) value(m, j, sources, s);
            }
            TinyModel stage = m.secondStage();
            long[] in = new long[stage.featureCount()];
            for (int i = 0; i < in.length; i++) {
                in[i] = o[4 + stage.featureId(i) - FeatureIds.TEMPORAL_FIRST];
            }
            o[0] = GoldenVectors.referencePredict(stage, in)[1];
            out.add(o);
        }
        return out;
    }

    /** Temporal feature j after the last window of {@code history}; s[j] carries EWMA and CUSUM. */
    private static long value(TinyModel m, int j, List<long[]> history, long[] s) {
        int last = history.size() - 1;
        long x = history.get(last)[j];
        int p1 = m.temporalParam1(j);
        int p2 = m.temporalParam2(j);
        switch (m.temporalKind(j)) {
            case ModelFormat.TEMPORAL_EWMA:
                s[j] += Math.floorDiv(x * 256 - s[j], 1L << p1);
                return Math.floorDiv(s[j] + 128, 256);
            case ModelFormat.TEMPORAL_CUSUM:
                s[j] = Math.max(0, Math.min(p2, s[j] + x - p1));
                return s[j];
            case ModelFormat.TEMPORAL_COUNT_AT_LEAST: {
                int c = 0;
                for (int w = Math.max(0, last - p2 + 1); w <= last; w++) {
                    c += history.get(w)[j] >= p1 ? 1 : 0;
                }
                return c;
            }
            case ModelFormat.TEMPORAL_SINCE_AT_LEAST:
                for (int w = last; w >= 0; w--) {
                    if (history.get(w)[j] >= p1) {
                        return Math.min(65535, last - w);
                    }
                }
                return 65535;
            default: // CURRENT, INTERVAL
                return x;
        }
    }
}
