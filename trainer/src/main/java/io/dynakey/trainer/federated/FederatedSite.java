package io.dynakey.trainer.federated;

import io.dynakey.models.QuantizerSpec;
import io.dynakey.trainer.data.Telemetry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One site (a gateway, where the data lives): answers plans from its own rows. It sends label
 * totals, feature ranges (round 0) and histograms over the plan's quantized bins; the rows stay
 * here. Not thread-safe.
 */
public final class FederatedSite {

    private final String name;
    private final Telemetry data;
    private final int[] rows;

    /**
     * @param name site name carried in its statistics
     * @param data the site's loaded telemetry
     * @param rows the rows it trains on (e.g. its training time blocks)
     */
    public FederatedSite(String name, Telemetry data, int[] rows) {
        this.name = name;
        this.data = data;
        this.rows = rows.clone();
    }

    /** @return the site's name */
    public String name() {
        return name;
    }

    /** @return how many rows it answers from */
    public int rows() {
        return rows.length;
    }

    /**
     * Answers a plan.
     *
     * @throws FederatedException if the plan is for another schema or feature list
     */
    public SiteStats answer(FederatedPlan plan) throws FederatedException {
        List<String> cols = data.schema().featureColumns();
        if (!plan.schema().equals(data.schema().name()) || !plan.features().equals(cols)) {
            throw new FederatedException("the plan is for schema " + plan.schema() + " " + plan.features()
                    + "; this site loads " + data.schema().name() + " " + cols);
        }
        long attack = 0;
        for (int r : rows) {
            attack += data.attack()[r];
        }
        long benign = rows.length - attack;
        int nf = cols.size();
        byte[] digest = plan.digest();
        if (plan.round() == 0) {
            long[] min = new long[rows.length == 0 ? 0 : nf];
            long[] max = new long[min.length];
            Arrays.fill(min, Long.MAX_VALUE);
            Arrays.fill(max, Long.MIN_VALUE);
            for (int f = 0; f < min.length; f++) {
                long[] col = data.columns()[f];
                for (int r : rows) {
                    min[f] = Math.min(min[f], col[r]);
                    max[f] = Math.max(max[f], col[r]);
                }
            }
            return new SiteStats(0, digest, name, benign, attack, min, max, List.of());
        }
        int open = plan.openCount();
        int[][] q = quantize(plan.quantizers());
        int[] reach = new int[rows.length];
        int[] count = new int[open];
        int[] point = new int[nf];
        for (int i = 0; i < rows.length; i++) {
            for (int f = 0; f < nf; f++) {
                point[f] = q[f][i];
            }
            reach[i] = plan.route(point);
            if (reach[i] >= 0) {
                count[reach[i]]++;
            }
        }
        int[][] members = new int[open][];
        for (int k = 0; k < open; k++) {
            members[k] = new int[count[k]];
        }
        int[] fill = new int[open];
        for (int i = 0; i < rows.length; i++) {
            if (reach[i] >= 0) {
                members[reach[i]][fill[reach[i]]++] = i;
            }
        }
        List<SiteStats.NodeHistogram> nodes = new ArrayList<>(open);
        for (int k = 0; k < open; k++) {
            nodes.add(histogram(members[k], q, nf));
        }
        return new SiteStats(plan.round(), digest, name, benign, attack, new long[0], new long[0], List.copyOf(nodes));
    }

    private int[][] quantize(List<QuantizerSpec> qs) {
        int[][] q = new int[qs.size()][rows.length];
        for (int f = 0; f < q.length; f++) {
            long[] col = data.columns()[f];
            QuantizerSpec spec = qs.get(f);
            for (int i = 0; i < rows.length; i++) {
                q[f][i] = spec.quantize(col[rows[i]]);
            }
        }
        return q;
    }

    private SiteStats.NodeHistogram histogram(int[] members, int[][] q, int nf) {
        long attack = 0;
        for (int i : members) {
            attack += data.attack()[rows[i]];
        }
        int[][] bins = new int[nf][];
        long[][] bc = new long[nf][];
        long[][] ac = new long[nf][];
        int[] packed = new int[members.length];
        for (int f = 0; f < nf; f++) {
            for (int j = 0; j < members.length; j++) {
                packed[j] = q[f][members[j]] << 1 | data.attack()[rows[members[j]]];
            }
            Arrays.sort(packed);
            int distinct = 0;
            for (int j = 0; j < packed.length; j++) {
                if (j == 0 || packed[j] >>> 1 != packed[j - 1] >>> 1) {
                    distinct++;
                }
            }
            bins[f] = new int[distinct];
            bc[f] = new long[distinct];
            ac[f] = new long[distinct];
            int d = -1;
            for (int j = 0; j < packed.length; j++) {
                if (j == 0 || packed[j] >>> 1 != packed[j - 1] >>> 1) {
                    d++;
                    bins[f][d] = packed[j] >>> 1;
                }
                if ((packed[j] & 1) == 1) {
                    ac[f][d]++;
                } else {
                    bc[f][d]++;
                }
            }
        }
        return new SiteStats.NodeHistogram(members.length - attack, attack, bins, bc, ac);
    }
}
