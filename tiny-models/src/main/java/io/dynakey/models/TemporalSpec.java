package io.dynakey.models;

/**
 * The temporal feature definitions of a format 1.2 file (docs/model-format.md, "Temporal
 * section"): which aggregates the device keeps over its recent windows, over which first-stage
 * output or feature, with which parameters. Feature {@code k} of the list is the second stage's
 * input with feature id {@code FeatureIds.TEMPORAL_FIRST + k}. The constructor checks every rule
 * the reader checks, so a spec that exists writes a section the reader accepts. Immutable.
 *
 * <p>Kinds ({@code x} is the source's value for the window just closed):
 * <ul>
 *   <li>{@link ModelFormat#TEMPORAL_CURRENT}: {@code x} itself; parameters 0.</li>
 *   <li>{@link ModelFormat#TEMPORAL_EWMA}: exponentially weighted mean with weight
 *       {@code 2^-p1} for the newest window, p1 = 1..12; p2 = 0.</li>
 *   <li>{@link ModelFormat#TEMPORAL_CUSUM}: {@code s = min(p2, max(0, s + x - p1))}: evidence
 *       above the reference p1, capped at p2 = 1..65535.</li>
 *   <li>{@link ModelFormat#TEMPORAL_COUNT_AT_LEAST}: how many of the last p2 = 1..64 windows had
 *       {@code x >= p1}.</li>
 *   <li>{@link ModelFormat#TEMPORAL_SINCE_AT_LEAST}: windows since the last one with
 *       {@code x >= p1} (0: this one), 65535 when none was seen; p2 = 0.</li>
 *   <li>{@link ModelFormat#TEMPORAL_INTERVAL}: seconds since the previous window (0 for the
 *       first), at most 65535; source and parameters 0.</li>
 * </ul>
 * Sources: {@link ModelFormat#SOURCE_MEAN_RISK}, {@link ModelFormat#SOURCE_MAX_RISK} (permille
 * 0..1000), {@link ModelFormat#SOURCE_HIGH_SHARE} (permille of the window's rows whose risk reached
 * the section's high-row threshold), or {@code SOURCE_FEATURE_FIRST + i}: the window's mean
 * quantized value (0..65535) of first-stage feature index {@code i}.
 */
public final class TemporalSpec {

    private final int highRowPermille;
    private final int[] kinds;
    private final int[] sources;
    private final int[] p1;
    private final int[] p2;

    /**
     * @param highRowPermille a row is high-risk when its first-stage risk, permille, is at least this (1..1000)
     * @param kinds kind of each temporal feature, 1..{@link ModelFormat#MAX_TEMPORAL_FEATURES} of them
     * @param sources source of each
     * @param p1 first parameter of each (0..65535)
     * @param p2 second parameter of each (0..65535)
     * @throws IllegalArgumentException if any rule is broken
     */
    public TemporalSpec(int highRowPermille, int[] kinds, int[] sources, int[] p1, int[] p2) {
        if (kinds == null || sources == null || p1 == null || p2 == null || kinds.length < 1
                || kinds.length > ModelFormat.MAX_TEMPORAL_FEATURES || sources.length != kinds.length
                || p1.length != kinds.length || p2.length != kinds.length) {
            throw new IllegalArgumentException("a temporal section needs 1.." + ModelFormat.MAX_TEMPORAL_FEATURES
                    + " features, each with a kind, a source and two parameters");
        }
        String bad = checkThreshold(highRowPermille);
        for (int k = 0; bad == null && k < kinds.length; k++) {
            bad = checkFeature(kinds[k], sources[k], p1[k], p2[k], ModelFormat.MAX_FEATURES);
            if (bad != null) {
                bad = "temporal feature " + k + ": " + bad;
            }
        }
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        this.highRowPermille = highRowPermille;
        this.kinds = kinds.clone();
        this.sources = sources.clone();
        this.p1 = p1.clone();
        this.p2 = p2.clone();
    }

    /** @return the null when valid, else why the high-row threshold is not */
    static String checkThreshold(int highRowPermille) {
        if (highRowPermille < 1 || highRowPermille > ModelFormat.MAX_RISK_PERMILLE) {
            return "high-row threshold " + highRowPermille + " permille not in 1..1000";
        }
        return null;
    }

    /**
     * The one statement of the rules of a temporal feature definition, shared by this class and
     * the reader.
     *
     * @param firstStageFeatures features of the first stage (a feature source must name one of them)
     * @return null when valid, else why not
     */
    static String checkFeature(int kind, int source, int p1, int p2, int firstStageFeatures) {
        if (p1 < 0 || p1 > 0xFFFF || p2 < 0 || p2 > 0xFFFF) {
            return "parameters must be 0..65535";
        }
        if (kind == ModelFormat.TEMPORAL_INTERVAL) {
            return source == 0 && p1 == 0 && p2 == 0 ? null : "an interval has source and parameters 0";
        }
        if (source < 0 || (source > ModelFormat.SOURCE_HIGH_SHARE && source < ModelFormat.SOURCE_FEATURE_FIRST)
                || source >= ModelFormat.SOURCE_FEATURE_FIRST + firstStageFeatures) {
            return "source " + source + " is not a risk, the high-row share or a first-stage feature";
        }
        switch (kind) {
            case ModelFormat.TEMPORAL_CURRENT:
                return p1 == 0 && p2 == 0 ? null : "a current value has parameters 0";
            case ModelFormat.TEMPORAL_EWMA:
                return p1 >= 1 && p1 <= ModelFormat.MAX_EWMA_SHIFT && p2 == 0 ? null
                        : "an EWMA needs shift 1.." + ModelFormat.MAX_EWMA_SHIFT + " and p2 0, not " + p1 + "/" + p2;
            case ModelFormat.TEMPORAL_CUSUM:
                return p2 >= 1 ? null : "a CUSUM needs a cap of 1..65535";
            case ModelFormat.TEMPORAL_COUNT_AT_LEAST:
                return p2 >= 1 && p2 <= ModelFormat.MAX_COUNT_WINDOWS ? null
                        : "a count needs 1.." + ModelFormat.MAX_COUNT_WINDOWS + " windows, not " + p2;
            case ModelFormat.TEMPORAL_SINCE_AT_LEAST:
                return p2 == 0 ? null : "windows-since has p2 0";
            default:
                return "unknown kind " + kind;
        }
    }

    /** @return the definitions a parsed file carries; the file must have a temporal section */
    public static TemporalSpec of(TinyModel model) {
        int k = model.temporalFeatureCount();
        if (k == 0) {
            throw new IllegalArgumentException("the model file carries no temporal section");
        }
        int[] kinds = new int[k];
        int[] sources = new int[k];
        int[] p1 = new int[k];
        int[] p2 = new int[k];
        for (int i = 0; i < k; i++) {
            kinds[i] = model.temporalKind(i);
            sources[i] = model.temporalSource(i);
            p1[i] = model.temporalParam1(i);
            p2[i] = model.temporalParam2(i);
        }
        return new TemporalSpec(model.temporalHighRowPermille(), kinds, sources, p1, p2);
    }

    /** @return number of temporal features */
    public int size() {
        return kinds.length;
    }

    public int highRowPermille() {
        return highRowPermille;
    }

    public int kind(int k) {
        return kinds[k];
    }

    public int source(int k) {
        return sources[k];
    }

    public int param1(int k) {
        return p1[k];
    }

    public int param2(int k) {
        return p2[k];
    }

    /** @return a short name of feature k, e.g. {@code ewma4(mean)} or {@code count>=500/24(max)} */
    public String name(int k) {
        String src = sourceName(sources[k]);
        switch (kinds[k]) {
            case ModelFormat.TEMPORAL_CURRENT:
                return src;
            case ModelFormat.TEMPORAL_EWMA:
                return "ewma" + p1[k] + "(" + src + ")";
            case ModelFormat.TEMPORAL_CUSUM:
                return "cusum" + p1[k] + "/" + p2[k] + "(" + src + ")";
            case ModelFormat.TEMPORAL_COUNT_AT_LEAST:
                return "count>=" + p1[k] + "/" + p2[k] + "(" + src + ")";
            case ModelFormat.TEMPORAL_SINCE_AT_LEAST:
                return "since>=" + p1[k] + "(" + src + ")";
            default:
                return "interval";
        }
    }

    private static String sourceName(int source) {
        switch (source) {
            case ModelFormat.SOURCE_MEAN_RISK:
                return "mean";
            case ModelFormat.SOURCE_MAX_RISK:
                return "max";
            case ModelFormat.SOURCE_HIGH_SHARE:
                return "high";
            default:
                return "f" + (source - ModelFormat.SOURCE_FEATURE_FIRST);
        }
    }

    /** @return bytes of the definitions in a file: the section header excluded */
    int definitionBytes() {
        return kinds.length * ModelFormat.TEMPORAL_DEF_SIZE;
    }

    /** Writes the definitions (8 bytes each) at {@code out[p..)}. */
    void writeDefinitions(byte[] out, int p) {
        for (int k = 0; k < kinds.length; k++) {
            int at = p + k * ModelFormat.TEMPORAL_DEF_SIZE;
            out[at] = (byte) kinds[k];
            out[at + 1] = (byte) sources[k];
            TinyModelWriter.putU16(out, at + 2, p1[k]);
            TinyModelWriter.putU16(out, at + 4, p2[k]);
            TinyModelWriter.putU16(out, at + 6, 0);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TemporalSpec)) {
            return false;
        }
        TemporalSpec s = (TemporalSpec) o;
        if (s.highRowPermille != highRowPermille || s.kinds.length != kinds.length) {
            return false;
        }
        for (int k = 0; k < kinds.length; k++) {
            if (s.kinds[k] != kinds[k] || s.sources[k] != sources[k] || s.p1[k] != p1[k] || s.p2[k] != p2[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = highRowPermille;
        for (int k = 0; k < kinds.length; k++) {
            h = 31 * h + ((kinds[k] << 24) ^ (sources[k] << 16) ^ (p1[k] * 65599) ^ p2[k]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TemporalSpec(high>=").append(highRowPermille);
        for (int k = 0; k < kinds.length; k++) {
            sb.append(k == 0 ? ": " : ", ").append(name(k));
        }
        return sb.append(')').toString();
    }
}
