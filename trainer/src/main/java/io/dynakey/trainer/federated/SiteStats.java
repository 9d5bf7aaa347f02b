package io.dynakey.trainer.federated;

import io.dynakey.models.Quantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One site's answer to one plan: label totals and either (round 0) each feature's raw value range,
 * or (round r &ge; 1) for every open leaf of the plan its label totals and, per feature, the
 * non-empty quantized bins with their benign and attack counts. No row, row index, identifier or
 * value outside the histograms leaves the site. Immutable (arrays are not copied; do not modify).
 *
 * @param round   the plan's round
 * @param plan    the 16-byte digest of the plan answered
 * @param site    the site's name (e.g. a gateway id)
 * @param benign  benign rows the site holds
 * @param attack  attack rows the site holds
 * @param min     round 0: smallest raw value per feature (empty when the site has no rows or after round 0)
 * @param max     round 0: largest raw value per feature
 * @param nodes   round &ge; 1: one histogram set per open leaf, frontier order
 */
public record SiteStats(int round, byte[] plan, String site, long benign, long attack, long[] min, long[] max,
                        List<NodeHistogram> nodes) {

    private static final byte[] MAGIC = {'D', 'K', 'F', 'S'};
    private static final int VERSION = 1;

    /**
     * The histograms of one open leaf.
     *
     * @param benign benign rows that reach the leaf
     * @param attack attack rows that reach the leaf
     * @param bins   per feature: the non-empty quantized bins, ascending
     * @param benignCounts per feature, per bin: benign rows
     * @param attackCounts per feature, per bin: attack rows
     */
    public record NodeHistogram(long benign, long attack, int[][] bins, long[][] benignCounts, long[][] attackCounts) {

        /** @return true if every feature's histogram sums to the leaf's totals */
        public boolean consistent() {
            for (int f = 0; f < bins.length; f++) {
                long b = 0;
                long a = 0;
                for (int i = 0; i < bins[f].length; i++) {
                    b += benignCounts[f][i];
                    a += attackCounts[f][i];
                }
                if (b != benign || a != attack) {
                    return false;
                }
            }
            return true;
        }
    }

    /** @return rows the site holds */
    public long rows() {
        return benign + attack;
    }

    /** The message bytes (what travels to the coordinator). */
    public byte[] encode() {
        Wire.Out o = new Wire.Out().bytes(MAGIC).u(VERSION).u(round).bytes(plan).str(site).u(benign).u(attack);
        o.u(min.length);
        for (int f = 0; f < min.length; f++) {
            o.s(min[f]).s(max[f]);
        }
        o.u(nodes.size());
        for (NodeHistogram n : nodes) {
            o.u(n.benign()).u(n.attack()).u(n.bins().length);
            for (int f = 0; f < n.bins().length; f++) {
                int[] bins = n.bins()[f];
                o.u(bins.length);
                int prev = -1;
                for (int i = 0; i < bins.length; i++) {
                    o.u(bins[i] - prev - 1L).u(n.benignCounts()[f][i]).u(n.attackCounts()[f][i]);
                    prev = bins[i];
                }
            }
        }
        return o.toBytes();
    }

    /** Reads and parses a statistics file (bounded in size; a special file such as a device is refused). */
    public static SiteStats read(java.nio.file.Path file) throws java.io.IOException, FederatedException {
        try {
            return decode(Wire.read(file, "statistics"));
        } catch (FederatedException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new FederatedException(file + ": " + e.getMessage());
        }
    }

    /** Parses and validates the shape of a statistics message (not yet against a plan). */
    public static SiteStats decode(byte[] message) throws FederatedException {
        Wire.In in = new Wire.In(message, "site statistics");
        if (!Arrays.equals(in.bytes(4), MAGIC)) {
            throw new FederatedException("not dynakey federated site statistics (magic)");
        }
        int version = in.u(255, "version");
        if (version != VERSION) {
            throw new FederatedException("statistics version " + version + "; this build reads " + VERSION);
        }
        int round = in.u(1024, "round");
        byte[] plan = in.bytes(16);
        String site = in.str();
        long benign = in.u();
        long attack = in.u();
        int nr = in.u(255, "range count");
        long[] min = new long[nr];
        long[] max = new long[nr];
        for (int f = 0; f < nr; f++) {
            min[f] = in.s();
            max[f] = in.s();
            if (min[f] > max[f]) {
                throw new FederatedException("site statistics: range of feature " + f + " is empty");
            }
        }
        int nn = in.u(FederatedPlan.MAX_NODES, "node count");
        List<NodeHistogram> nodes = new ArrayList<>(nn);
        for (int k = 0; k < nn; k++) {
            long nb = in.u();
            long na = in.u();
            int nf = in.u(255, "feature count");
            int[][] bins = new int[nf][];
            long[][] bc = new long[nf][];
            long[][] ac = new long[nf][];
            for (int f = 0; f < nf; f++) {
                int len = in.u(Quantizer.Q_MAX + 1, "bin count");
                bins[f] = new int[len];
                bc[f] = new long[len];
                ac[f] = new long[len];
                int prev = -1;
                for (int i = 0; i < len; i++) {
                    long bin = prev + 1L + in.u();
                    if (bin > Quantizer.Q_MAX) {
                        throw new FederatedException("site statistics: bin beyond " + Quantizer.Q_MAX);
                    }
                    bins[f][i] = (int) bin;
                    prev = (int) bin;
                    bc[f][i] = in.u();
                    ac[f][i] = in.u();
                }
            }
            nodes.add(new NodeHistogram(nb, na, bins, bc, ac));
        }
        in.end();
        return new SiteStats(round, plan, site, benign, attack, min, max, List.copyOf(nodes));
    }

    @Override
    public String toString() {
        return "SiteStats[" + site + ", round " + round + ", " + rows() + " rows, " + nodes.size() + " nodes]";
    }
}
