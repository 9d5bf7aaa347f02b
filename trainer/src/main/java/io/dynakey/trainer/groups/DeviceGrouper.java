package io.dynakey.trainer.groups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Clusters observations (standardised aggregate vectors) with Tribuo k-means for k = 2..kMax,
 * keeps the k with the highest mean silhouette, and derives each group's rotation policy from its
 * mean attack share. Stateless.
 */
public final class DeviceGrouper {

    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /**
     * One group.
     *
     * @param id          group id (0-based, ordered by risk, lowest first)
     * @param risk        mean attack share of its windows, 0..1
     * @param centroid    mean raw aggregate vector
     * @param members     observations in it
     * @param suggestion  suggested rotation policy and its tier
     */
    public record Group(int id, double risk, double[] centroid, int members, PolicySuggestion suggestion) {
    }

    /**
     * The clustering.
     *
     * @param k           chosen number of groups
     * @param silhouettes mean silhouette per k tried (index = k)
     * @param groups      groups by id
     * @param assignment  group id per observation (input order)
     * @param deviceGroup each device's group: the group most of its windows fall in
     */
    public record Result(int k, double[] silhouettes, List<Group> groups, int[] assignment, Map<String, Integer> deviceGroup) {
    }

    /** Clusters; {@code kMax >= 2}. */
    public Result cluster(List<WindowAggregates.Observation> obs, int kMax, long seed) {
        int n = obs.size();
        int d = obs.get(0).values().length;
        double[][] z = standardise(obs);
        double[] sil = new double[kMax + 1];
        Arrays.fill(sil, Double.NaN);
        int bestK = -1;
        int[] best = null;
        for (int k = 2; k <= Math.min(kMax, n - 1); k++) {
            int[] a = kmeans(z, k, seed);
            sil[k] = silhouette(z, a, k);
            if (best == null || sil[k] > sil[bestK] + 1e-9) {
                bestK = k;
                best = a;
            }
        }
        // order groups by risk
        double[] risk = new double[bestK];
        int[] size = new int[bestK];
        double[][] centroid = new double[bestK][d];
        for (int i = 0; i < n; i++) {
            risk[best[i]] += obs.get(i).values()[0];
            size[best[i]]++;
            for (int j = 0; j < d; j++) {
                centroid[best[i]][j] += obs.get(i).values()[j];
            }
        }
        Integer[] order = new Integer[bestK];
        for (int c = 0; c < bestK; c++) {
            order[c] = c;
            if (size[c] > 0) {
                risk[c] /= size[c];
                for (int j = 0; j < d; j++) {
                    centroid[c][j] /= size[c];
                }
            }
        }
        Arrays.sort(order, (x, y) -> Double.compare(risk[x], risk[y]));
        int[] rename = new int[bestK];
        List<Group> groups = new ArrayList<>();
        for (int id = 0; id < bestK; id++) {
            int c = order[id];
            rename[c] = id;
            groups.add(new Group(id, risk[c], centroid[c], size[c], PolicySuggestion.forRisk(risk[c])));
        }
        int[] assignment = new int[n];
        Map<String, int[]> votes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            assignment[i] = rename[best[i]];
            votes.computeIfAbsent(obs.get(i).device(), x -> new int[groups.size()])[assignment[i]]++;
        }
        Map<String, Integer> deviceGroup = new LinkedHashMap<>();
        for (var e : votes.entrySet()) {
            int g = 0;
            for (int c = 1; c < e.getValue().length; c++) {
                if (e.getValue()[c] > e.getValue()[g]) {
                    g = c;
                }
            }
            deviceGroup.put(e.getKey(), g);
        }
        return new Result(bestK, sil, List.copyOf(groups), assignment, deviceGroup);
    }

    /** Tribuo k-means (k-means++ initialisation, L2) on standardised vectors; returns cluster per row, 0..k-1. */
    static int[] kmeans(double[][] z, int k, long seed) {
        ClusteringFactory factory = new ClusteringFactory();
        MutableDataset<ClusterID> ds = new MutableDataset<>(new SimpleDataSourceProvenance("device windows", factory), factory);
        String[] names = new String[z[0].length];
        for (int j = 0; j < names.length; j++) {
            names[j] = "a" + j;
        }
        List<Example<ClusterID>> examples = new ArrayList<>();
        for (double[] row : z) {
            // a tiny offset keeps exact zeros from being dropped as absent features
            double[] v = row.clone();
            for (int j = 0; j < v.length; j++) {
                v[j] += 1e-9;
            }
            Example<ClusterID> e = new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, v);
            ds.add(e);
            examples.add(e);
        }
        KMeansTrainer trainer = new KMeansTrainer(k, 100, new L2Distance(), KMeansTrainer.Initialisation.PLUSPLUS, 1, seed);
        KMeansModel model = trainer.train(ds);
        int[] a = new int[z.length];
        List<Prediction<ClusterID>> p = model.predict(examples);
        for (int i = 0; i < a.length; i++) {
            a[i] = p.get(i).getOutput().getID();
        }
        return a;
    }

    /** Mean silhouette of an assignment (Euclidean); a point alone in its cluster scores 0. */
    static double silhouette(double[][] z, int[] a, int k) {
        int n = z.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] sum = new double[k];
            int[] count = new int[k];
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[a[j]] += dist(z[i], z[j]);
                    count[a[j]]++;
                }
            }
            if (count[a[i]] == 0) {
                continue;
            }
            double own = sum[a[i]] / count[a[i]];
            double other = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != a[i] && count[c] > 0) {
                    other = Math.min(other, sum[c] / count[c]);
                }
            }
            if (other == Double.POSITIVE_INFINITY) {
                continue;
            }
            total += (other - own) / Math.max(own, other);
        }
        return total / n;
    }

    private static double dist(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return Math.sqrt(s);
    }

    /** z-scores per dimension (a constant dimension becomes 0). */
    static double[][] standardise(List<WindowAggregates.Observation> obs) {
        int n = obs.size();
        int d = obs.get(0).values().length;
        double[][] z = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (var o : obs) {
                mean += o.values()[j];
            }
            mean /= n;
            double var = 0;
            for (var o : obs) {
                var += (o.values()[j] - mean) * (o.values()[j] - mean);
            }
            double sd = Math.sqrt(var / n);
            for (int i = 0; i < n; i++) {
                z[i][j] = sd == 0 ? 0 : (obs.get(i).values()[j] - mean) / sd;
            }
        }
        return z;
    }
}
