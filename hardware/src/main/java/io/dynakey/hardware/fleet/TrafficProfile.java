package io.dynakey.hardware.fleet;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Per-class feature distributions derived from labelled rows, so that a fleet can run where the
 * data itself is not available (the project ships profiles, never data). For each class and
 * feature: a frequency table when the feature takes at most {@value #MAX_CATEGORIES} values, else
 * {@value #QUANTILES} + 1 quantiles. Sampling draws each feature independently from its class's
 * distribution: the marginals are the data's, the correlations between features are not, so a
 * run on a profile is an approximation of a run on the rows (reports say which was used).
 * Immutable and thread-safe.
 */
public final class TrafficProfile {

    /** Format name written in every profile. */
    public static final String FORMAT = "dynakey-traffic-profile-1";
    static final int MAX_CATEGORIES = 64;
    static final int QUANTILES = 64;

    private final int[] featureIds;
    private final List<String> classNames;
    private final int benignClass;
    private final long[] classRows;
    private final long[][][] values;
    private final long[][][] weights;
    private final String source;

    private TrafficProfile(int[] featureIds, List<String> classNames, int benignClass, long[] classRows,
                           long[][][] values, long[][][] weights, String source) {
        this.featureIds = featureIds;
        this.classNames = List.copyOf(classNames);
        this.benignClass = benignClass;
        this.classRows = classRows;
        this.values = values;
        this.weights = weights;
        this.source = source;
    }

    /** Derives a profile from rows ({@code columns[f][row]}, class per row). */
    public static TrafficProfile fromRows(int[] featureIds, long[][] columns, int[] classOfRow, List<String> classNames,
                                          int benignClass, String source) {
        int classes = classNames.size();
        long[] rows = new long[classes];
        for (int c : classOfRow) {
            rows[c]++;
        }
        long[][][] vals = new long[classes][featureIds.length][];
        long[][][] wts = new long[classes][featureIds.length][];
        for (int c = 0; c < classes; c++) {
            if (rows[c] == 0) {
                continue;
            }
            for (int f = 0; f < featureIds.length; f++) {
                long[] v = new long[(int) rows[c]];
                int n = 0;
                for (int r = 0; r < classOfRow.length; r++) {
                    if (classOfRow[r] == c) {
                        v[n++] = columns[f][r];
                    }
                }
                Arrays.sort(v);
                TreeMap<Long, Long> freq = new TreeMap<>();
                for (long x : v) {
                    freq.merge(x, 1L, Long::sum);
                    if (freq.size() > MAX_CATEGORIES) {
                        break;
                    }
                }
                if (freq.size() <= MAX_CATEGORIES) {
                    vals[c][f] = freq.keySet().stream().mapToLong(Long::longValue).toArray();
                    wts[c][f] = freq.values().stream().mapToLong(Long::longValue).toArray();
                } else {
                    long[] q = new long[QUANTILES + 1];
                    for (int i = 0; i <= QUANTILES; i++) {
                        q[i] = v[(int) Math.min(v.length - 1, (long) i * (v.length - 1) / QUANTILES)];
                    }
                    vals[c][f] = q;
                    wts[c][f] = null;
                }
            }
        }
        return new TrafficProfile(featureIds.clone(), classNames, benignClass, rows, vals, wts, source);
    }

    /** The profile as text (a properties file). */
    public String write() {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("source", source);
        p.setProperty("features", join(featureIds));
        StringBuilder names = new StringBuilder();
        for (String n : classNames) {
            names.append(names.length() == 0 ? "" : ",").append(URLEncoder.encode(n, StandardCharsets.UTF_8));
        }
        p.setProperty("classes", names.toString());
        p.setProperty("benign", Integer.toString(benignClass));
        for (int c = 0; c < classNames.size(); c++) {
            p.setProperty("class." + c + ".rows", Long.toString(classRows[c]));
            if (classRows[c] == 0) {
                continue;
            }
            for (int f = 0; f < featureIds.length; f++) {
                String key = "class." + c + ".feature." + featureIds[f];
                if (weights[c][f] != null) {
                    StringBuilder sb = new StringBuilder("cat:");
                    for (int i = 0; i < values[c][f].length; i++) {
                        sb.append(i == 0 ? "" : ",").append(values[c][f][i]).append(':').append(weights[c][f][i]);
                    }
                    p.setProperty(key, sb.toString());
                } else {
                    p.setProperty(key, "q:" + join(values[c][f]));
                }
            }
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, "dynakey traffic profile: per-class feature distributions (derived statistics, no rows)");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    /** Parses a profile written by {@link #write()}; {@code origin} names it in errors. */
    public static TrafficProfile read(String text, String origin) throws FleetException {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new FleetException(origin + ": not a traffic profile: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new FleetException(origin + ": format is '" + p.getProperty("format") + "', expected " + FORMAT);
        }
        try {
            int[] ids = Arrays.stream(need(p, "features", origin).split(",")).mapToInt(Integer::parseInt).toArray();
            List<String> names = new ArrayList<>();
            for (String n : need(p, "classes", origin).split(",")) {
                names.add(URLDecoder.decode(n, StandardCharsets.UTF_8));
            }
            int benign = Integer.parseInt(need(p, "benign", origin));
            int classes = names.size();
            long[] rows = new long[classes];
            long[][][] vals = new long[classes][ids.length][];
            long[][][] wts = new long[classes][ids.length][];
            for (int c = 0; c < classes; c++) {
                rows[c] = Long.parseLong(need(p, "class." + c + ".rows", origin));
                if (rows[c] == 0) {
                    continue;
                }
                for (int f = 0; f < ids.length; f++) {
                    String v = need(p, "class." + c + ".feature." + ids[f], origin);
                    if (v.startsWith("cat:")) {
                        String[] pairs = v.substring(4).split(",");
                        vals[c][f] = new long[pairs.length];
                        wts[c][f] = new long[pairs.length];
                        for (int i = 0; i < pairs.length; i++) {
                            int colon = pairs[i].lastIndexOf(':');
                            vals[c][f][i] = Long.parseLong(pairs[i].substring(0, colon));
                            wts[c][f][i] = Long.parseLong(pairs[i].substring(colon + 1));
                        }
                    } else if (v.startsWith("q:")) {
                        vals[c][f] = Arrays.stream(v.substring(2).split(",")).mapToLong(Long::parseLong).toArray();
                    } else {
                        throw new FleetException(origin + ": class." + c + ".feature." + ids[f] + " is neither cat: nor q:");
                    }
                }
            }
            if (benign < 0 || benign >= classes || rows[benign] == 0) {
                throw new FleetException(origin + ": the benign class has no rows");
            }
            return new TrafficProfile(ids, names, benign, rows, vals, wts, p.getProperty("source", origin));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new FleetException(origin + ": malformed value: " + e.getMessage(), e);
        }
    }

    private static String need(Properties p, String key, String origin) throws FleetException {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new FleetException(origin + ": missing " + key);
        }
        return v.trim();
    }

    private static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int x : a) {
            sb.append(sb.length() == 0 ? "" : ",").append(x);
        }
        return sb.toString();
    }

    private static String join(long[] a) {
        StringBuilder sb = new StringBuilder();
        for (long x : a) {
            sb.append(sb.length() == 0 ? "" : ",").append(x);
        }
        return sb.toString();
    }

    /** A traffic source sampling this profile. */
    public TrafficSource sampler() {
        List<Integer> attack = new ArrayList<>();
        List<String> attackNames = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            if (c != benignClass && classRows[c] > 0) {
                attack.add(c);
                attackNames.add(classNames.get(c));
            }
        }
        int[] attackClass = attack.stream().mapToInt(Integer::intValue).toArray();
        return new TrafficSource() {
            @Override
            public int[] featureIds() {
                return featureIds.clone();
            }

            @Override
            public List<String> attackTypes() {
                return List.copyOf(attackNames);
            }

            @Override
            public void benign(SplittableRandom rng, int group, long[] out) {
                sample(rng, benignClass, out);
            }

            @Override
            public void attack(SplittableRandom rng, int attackType, long[] out) {
                sample(rng, attackClass[attackType], out);
            }

            @Override
            public String describe() {
                return "rows sampled from the traffic profile of " + source + " (per-feature marginals per class)";
            }
        };
    }

    private void sample(SplittableRandom rng, int c, long[] out) {
        for (int f = 0; f < featureIds.length; f++) {
            long[] v = values[c][f];
            long[] w = weights[c][f];
            if (w != null) {
                long total = 0;
                for (long x : w) {
                    total += x;
                }
                long pick = (long) (rng.nextDouble() * total);
                int i = 0;
                while (i < w.length - 1 && pick >= w[i]) {
                    pick -= w[i];
                    i++;
                }
                out[f] = v[i];
            } else {
                double pos = rng.nextDouble() * (v.length - 1);
                int k = (int) pos;
                double frac = pos - k;
                out[f] = k + 1 < v.length ? Math.round(v[k] + frac * (v[k + 1] - v[k])) : v[k];
            }
        }
    }

    /** Class names. */
    public List<String> classNames() {
        return classNames;
    }
}
