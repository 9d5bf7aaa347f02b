package io.dynakey.trainer.profile;

import io.dynakey.trainer.data.FeatureSpec;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.sign.BoundedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * Per-class feature distributions: for each multi-class label with at least
 * {@link #MIN_CLASS_ROWS} rows, its share of those rows, whether it is an attack, and for each feature the raw values at fixed quantile levels. Sampling draws a
 * class by share, then each feature independently by inverse-CDF interpolation between
 * quantiles (rounded to the feature's integer grid). Immutable; format in {@code docs/trainer.md}.
 *
 * @param name      data set name
 * @param features  feature column names, model order
 * @param specs     feature id, unit and scale per feature (informative)
 * @param levels    quantile levels, ascending, first 0 and last 1
 * @param classes   class name to its profile
 */
public record TrafficProfile(String name, List<String> features, List<String> specs, double[] levels,
                             Map<String, ClassProfile> classes) {

    /** Classes with fewer rows are left out, so that no quantile is close to a single source row. */
    public static final int MIN_CLASS_ROWS = 50;

    /** Quantile levels written by {@link #of}. */
    public static final double[] LEVELS = {0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1};

    /**
     * One class.
     *
     * @param share     fraction of rows
     * @param attack    true for an attack class
     * @param quantiles {@code quantiles[f][k]}: raw value of feature f at level k
     */
    public record ClassProfile(double share, boolean attack, long[][] quantiles) {
    }

    /** Builds the profile of loaded data (all rows). */
    public static TrafficProfile of(Telemetry data) {
        int nc = data.classNames().size();
        int nf = data.featureCount();
        int[] count = new int[nc];
        int[] attacks = new int[nc];
        for (int r = 0; r < data.rows(); r++) {
            count[data.classes()[r]]++;
            attacks[data.classes()[r]] += data.attack()[r];
        }
        Map<String, ClassProfile> classes = new LinkedHashMap<>();
        long kept = 0;
        for (int c = 0; c < nc; c++) {
            if (count[c] >= MIN_CLASS_ROWS) {
                kept += count[c];
            }
        }
        for (int c = 0; c < nc; c++) {
            if (count[c] < MIN_CLASS_ROWS) {
                continue;
            }
            long[][] q = new long[nf][];
            for (int f = 0; f < nf; f++) {
                long[] v = new long[count[c]];
                int n = 0;
                for (int r = 0; r < data.rows(); r++) {
                    if (data.classes()[r] == c) {
                        v[n++] = data.columns()[f][r];
                    }
                }
                Arrays.sort(v);
                q[f] = new long[LEVELS.length];
                for (int k = 0; k < LEVELS.length; k++) {
                    q[f][k] = v[(int) Math.min(v.length - 1, Math.round(LEVELS[k] * (v.length - 1)))];
                }
            }
            classes.put(data.classNames().get(c), new ClassProfile((double) count[c] / kept, attacks[c] * 2 > count[c], q));
        }
        List<String> specs = new ArrayList<>();
        for (FeatureSpec s : data.schema().features()) {
            specs.add("id=" + s.id() + ";unit=" + s.unit() + ";scale=" + s.scale());
        }
        return new TrafficProfile(data.schema().name(), data.schema().featureColumns(), List.copyOf(specs), LEVELS.clone(),
                classes);
    }

    /** Writes the profile as a properties file. */
    public void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# dynakey traffic profile: per-class quantiles of raw feature values (no rows of the source data).\n");
        sb.append("# Sample: pick a class by share, then each feature by interpolating between quantiles.\n");
        sb.append("format=dynakey-profile-1\n");
        sb.append("name=").append(name).append('\n');
        sb.append("features=").append(String.join(",", features)).append('\n');
        for (int f = 0; f < features.size(); f++) {
            sb.append("feature.").append(features.get(f)).append('=').append(specs.get(f)).append('\n');
        }
        sb.append("levels=").append(join(levels)).append('\n');
        sb.append("classes=").append(String.join(",", classes.keySet())).append('\n');
        for (var e : classes.entrySet()) {
            String k = "class." + e.getKey() + ".";
            sb.append(k).append("share=").append(e.getValue().share()).append('\n');
            sb.append(k).append("attack=").append(e.getValue().attack()).append('\n');
            for (int f = 0; f < features.size(); f++) {
                sb.append(k).append(features.get(f)).append('=').append(join(e.getValue().quantiles()[f])).append('\n');
            }
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** Reads a profile file (at most {@link BoundedFiles#MAX_TEXT_FILE} bytes). */
    public static TrafficProfile read(Path file) throws IOException {
        return read(new java.io.ByteArrayInputStream(BoundedFiles.read(file, BoundedFiles.MAX_TEXT_FILE, "traffic profile")));
    }

    /** Reads a profile from a stream (e.g. the shipped class-path resource). */
    public static TrafficProfile read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        return parse(p);
    }

    private static TrafficProfile parse(Properties p) throws IOException {
        if (!"dynakey-profile-1".equals(p.getProperty("format"))) {
            throw new IOException("not a dynakey traffic profile (format=" + p.getProperty("format") + ")");
        }
        try {
            List<String> features = List.of(p.getProperty("features").split(","));
            List<String> specs = new ArrayList<>();
            for (String f : features) {
                specs.add(p.getProperty("feature." + f, ""));
            }
            double[] levels = Arrays.stream(p.getProperty("levels").split(",")).mapToDouble(Double::parseDouble).toArray();
            Map<String, ClassProfile> classes = new LinkedHashMap<>();
            for (String c : p.getProperty("classes").split(",")) {
                String k = "class." + c + ".";
                long[][] q = new long[features.size()][];
                for (int f = 0; f < q.length; f++) {
                    q[f] = Arrays.stream(p.getProperty(k + features.get(f)).split(",")).mapToLong(Long::parseLong).toArray();
                    if (q[f].length != levels.length) {
                        throw new IOException("class " + c + ", feature " + features.get(f) + ": " + q[f].length
                                + " quantiles, " + levels.length + " levels");
                    }
                }
                classes.put(c, new ClassProfile(Double.parseDouble(p.getProperty(k + "share")),
                        Boolean.parseBoolean(p.getProperty(k + "attack")), q));
            }
            return new TrafficProfile(p.getProperty("name", "?"), features, List.copyOf(specs), levels, classes);
        } catch (RuntimeException e) {
            throw new IOException("malformed traffic profile: " + e, e);
        }
    }

    /** Draws one class name by share. */
    public String sampleClass(Random rng) {
        double u = rng.nextDouble();
        double acc = 0;
        String last = null;
        for (var e : classes.entrySet()) {
            acc += e.getValue().share();
            last = e.getKey();
            if (u < acc) {
                return last;
            }
        }
        return last;
    }

    /** Draws a raw feature vector (model order) of a class. */
    public long[] sample(String className, Random rng) {
        ClassProfile c = classes.get(className);
        if (c == null) {
            throw new IllegalArgumentException("no class " + className + " in profile " + name);
        }
        long[] v = new long[features.size()];
        for (int f = 0; f < v.length; f++) {
            double u = rng.nextDouble();
            int k = 1;
            while (k < levels.length - 1 && levels[k] < u) {
                k++;
            }
            double lo = c.quantiles()[f][k - 1];
            double hi = c.quantiles()[f][k];
            double t = (u - levels[k - 1]) / (levels[k] - levels[k - 1]);
            v[f] = Math.round(lo + Math.max(0, Math.min(1, t)) * (hi - lo));
        }
        return v;
    }

    private static String join(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }

    private static String join(long[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }
}
