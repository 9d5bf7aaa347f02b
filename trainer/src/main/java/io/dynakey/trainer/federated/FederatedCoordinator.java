package io.dynakey.trainer.federated;

import io.dynakey.models.Quantizer;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.trainer.data.FeatureSpec;
import io.dynakey.trainer.data.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer's side of the protocol: sends {@link #plan()}, takes every site's
 * {@link SiteStats} for it ({@link #accept}), and grows one CART tree level by level until
 * {@link #done()}; then {@link #tree()} is the fleet's model.
 *
 * <p>Round 0 fixes the shared quantizers from the union of the sites' value ranges (log for
 * counts spanning decades, linear otherwise, as the schema hints). Each later round splits every
 * open leaf at the Gini-best threshold of the summed histograms.
 *
 * <p>One site's influence is bounded three ways. <b>Clipping</b>: a site's rows weigh
 * {@code min(1, clip x median / n)}, so no site counts for more than {@code clip} median sites
 * anywhere in the tree. <b>Consistency</b>: a site's leaf totals in round r must equal what its
 * own histograms of round r-1 implied, every histogram must sum to its leaf's totals, and its
 * rows never exceed what it declared in round 0; a site that breaks this is excluded from then
 * on. <b>Quorum screening</b>: at every level, a leaf where at least {@link #QUORUM} other sites
 * each hold {@link #VOTE_MIN}+ rows and agree ({@link #VOTE_SHARE}+ of their rows one label)
 * checks each site's own majority there (only at depth {@link #SCREEN_DEPTH} and below, where
 * leaves hold similar traffic; near the root sites differ by their attack share, not by their
 * labels); a site contradicting the quorum on more than {@link #SCREEN_SHARE} of such rows
 * ({@link #SCREEN_MIN}+ rows, counted over all levels and the final leaves) is excluded from the
 * remaining splits and from every leaf's class and risk. Not thread-safe.
 */
public final class FederatedCoordinator {

    /** Rows a site needs at a leaf for its label majority to vote. */
    public static final int VOTE_MIN = 20;
    /** Share of one label a site needs at a leaf to vote for it. */
    public static final double VOTE_SHARE = 0.9;
    /** Other sites that must vote alike at a leaf for it to judge a site. */
    public static final int QUORUM = 2;
    /** Rows of a site at judged leaves before it can be excluded. */
    public static final long SCREEN_MIN = 50;
    /** Shallowest depth whose leaves judge sites (near the root, sites differ by their attack share, not their labels). */
    public static final int SCREEN_DEPTH = 3;
    /** Share of a site's judged rows that must contradict the quorum to exclude it. */
    public static final double SCREEN_SHARE = 0.8;

    private final Schema schema;
    private final FederatedOptions options;
    private final Map<String, SiteState> sites = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private List<QuantizerSpec> quantizers = List.of();
    private List<Node> frontier = List.of();
    private int round;
    private boolean done;
    private FederatedPlan current;

    /** What the coordinator knows about one site. */
    private static final class SiteState {
        final int index;
        final String name;
        final long rows;
        double weight = 1;
        String excluded;
        long judged;
        long contradicted;

        SiteState(int index, String name, long rows) {
            this.index = index;
            this.name = name;
            this.rows = rows;
        }
    }

    /** A tree node with every site's benign/attack rows that reach it. */
    private static final class Node {
        final int depth;
        final Node parent;
        long[][] counts;
        int feature = -1;
        int threshold;
        Node left;
        Node right;
        boolean open;

        Node(int depth, Node parent, long[][] counts) {
            this.depth = depth;
            this.parent = parent;
            this.counts = counts;
        }
    }

    /**
     * A site's standing at the end.
     *
     * @param name     site name
     * @param rows     rows it declared in round 0
     * @param weight   the weight of each of its rows after clipping
     * @param excluded why it was excluded, or null
     * @param judged   its rows at leaves a quorum judged
     * @param contradicted of those, rows whose label majority contradicted the quorum
     */
    public record SiteReport(String name, long rows, double weight, String excluded, long judged, long contradicted) {
    }

    /** @param schema the schema all sites load their data with */
    public FederatedCoordinator(Schema schema, FederatedOptions options) {
        this.schema = schema;
        this.options = options;
        this.current = new FederatedPlan(0, schema.name(), schema.featureColumns(), List.of(), new int[0], new int[0],
                new int[0], new int[0]);
    }

    /** @return the plan every site must answer next */
    public FederatedPlan plan() {
        if (done) {
            throw new IllegalStateException("training is finished");
        }
        return current;
    }

    /** @return true when the tree is complete */
    public boolean done() {
        return done;
    }

    /** @return the current round (0 = ranges) */
    public int round() {
        return round;
    }

    /**
     * Takes the statistics of the current round. A site of round 0 that sends nothing in a later
     * round counts as holding no rows there.
     *
     * @throws FederatedException if a message answers another plan, or round 0 has a duplicate
     *                            site or no rows at all
     */
    public void accept(List<SiteStats> stats) throws FederatedException {
        if (done) {
            throw new IllegalStateException("training is finished");
        }
        byte[] digest = current.digest();
        Map<String, SiteStats> byName = new LinkedHashMap<>();
        for (SiteStats s : stats) {
            if (s.round() != round || !Arrays.equals(s.plan(), digest)) {
                throw new FederatedException("statistics of site " + s.site() + " answer round " + s.round()
                        + " of another plan; this is round " + round);
            }
            if (byName.put(s.site(), s) != null) {
                throw new FederatedException("two statistics of site " + s.site() + " in round " + round);
            }
        }
        if (round == 0) {
            ranges(byName);
        } else {
            level(byName);
        }
        round++;
        if (frontier.isEmpty()) {
            done = true;
            screen(leaves());
        } else {
            current = plan(round);
        }
    }

    private void ranges(Map<String, SiteStats> byName) throws FederatedException {
        int nf = schema.features().size();
        long[] min = new long[nf];
        long[] max = new long[nf];
        Arrays.fill(min, Long.MAX_VALUE);
        Arrays.fill(max, Long.MIN_VALUE);
        List<SiteStats> active = new ArrayList<>();
        for (SiteStats s : byName.values()) {
            if (s.rows() == 0) {
                continue;
            }
            if (s.min().length != nf || !s.nodes().isEmpty()) {
                throw new FederatedException("round 0 statistics of site " + s.site() + " have " + s.min().length
                        + " ranges for " + nf + " features");
            }
            active.add(s);
            for (int f = 0; f < nf; f++) {
                min[f] = Math.min(min[f], s.min()[f]);
                max[f] = Math.max(max[f], s.max()[f]);
            }
        }
        if (active.isEmpty()) {
            throw new FederatedException("no site holds any row");
        }
        List<QuantizerSpec> qs = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            qs.add(quantizer(schema.features().get(f), min[f], max[f]));
        }
        quantizers = List.copyOf(qs);
        long[] sizes = new long[active.size()];
        long[][] rootCounts = new long[active.size()][];
        for (int i = 0; i < active.size(); i++) {
            SiteStats s = active.get(i);
            sites.put(s.site(), new SiteState(i, s.site(), s.rows()));
            sizes[i] = s.rows();
            rootCounts[i] = new long[] {s.benign(), s.attack()};
        }
        Arrays.sort(sizes);
        double median = sizes.length % 2 == 1 ? sizes[sizes.length / 2]
                : (sizes[sizes.length / 2 - 1] + sizes[sizes.length / 2]) / 2.0;
        for (SiteState st : sites.values()) {
            st.weight = options.clip() > 0 ? Math.min(1.0, options.clip() * median / st.rows) : 1.0;
        }
        Node root = new Node(0, null, rootCounts);
        nodes.add(root);
        root.open = splittable(root);
        frontier = root.open ? List.of(root) : List.of();
    }

    /** The shared quantizer of one feature from the fleet's range. */
    static QuantizerSpec quantizer(FeatureSpec spec, long min, long max) {
        boolean log = spec.encoding() == FeatureSpec.Encoding.NUMERIC && (spec.quantizer().equals("log")
                || (spec.quantizer().equals("auto") && (double) max - (double) min > Quantizer.Q_MAX));
        if (!log) {
            return QuantizerSpec.fitLinear(min, max);
        }
        for (int bits = Quantizer.MAX_LOG_FRACTION_BITS; bits > 0; bits--) {
            QuantizerSpec q = QuantizerSpec.fitLog(min, bits);
            if (q.quantize(max) < Quantizer.Q_MAX) {
                return q;
            }
        }
        return QuantizerSpec.fitLog(min, 0);
    }

    private void level(Map<String, SiteStats> byName) {
        int nf = schema.features().size();
        int open = frontier.size();
        SiteStats.NodeHistogram[][] hist = new SiteStats.NodeHistogram[sites.size()][];
        for (SiteState st : sites.values()) {
            SiteStats s = byName.get(st.name);
            if (st.excluded != null || s == null) {
                continue;
            }
            String broken = check(st, s, nf, open);
            if (broken != null) {
                st.excluded = "inconsistent statistics in round " + round + ": " + broken;
                continue;
            }
            hist[st.index] = s.nodes().toArray(new SiteStats.NodeHistogram[0]);
        }
        for (int k = 0; k < open; k++) {
            Node n = frontier.get(k);
            for (SiteState st : sites.values()) {
                if (hist[st.index] == null) {
                    n.counts[st.index] = new long[] {0, 0};
                }
            }
        }
        if (options.screening()) {
            screen(frontier);
        }
        double[] wb = new double[Quantizer.Q_MAX + 1];
        double[] wa = new double[Quantizer.Q_MAX + 1];
        int[] touched = new int[Quantizer.Q_MAX + 1];
        List<Node> next = new ArrayList<>();
        for (int k = 0; k < open; k++) {
            Node n = frontier.get(k);
            n.open = false;
            if (!splittable(n)) {
                continue;
            }
            double bestImpurity = impurity(weighted(n, 0), weighted(n, 1)) - 1e-9;
            int bestFeature = -1;
            int bestThreshold = 0;
            for (int f = 0; f < nf; f++) {
                int used = 0;
                for (SiteState st : sites.values()) {
                    if (st.excluded != null || hist[st.index] == null) {
                        continue;
                    }
                    SiteStats.NodeHistogram h = hist[st.index][k];
                    for (int i = 0; i < h.bins()[f].length; i++) {
                        int bin = h.bins()[f][i];
                        if (wb[bin] == 0 && wa[bin] == 0) {
                            touched[used++] = bin;
                        }
                        wb[bin] += st.weight * h.benignCounts()[f][i];
                        wa[bin] += st.weight * h.attackCounts()[f][i];
                    }
                }
                Arrays.sort(touched, 0, used);
                double tb = 0;
                double ta = 0;
                for (int i = 0; i < used; i++) {
                    tb += wb[touched[i]];
                    ta += wa[touched[i]];
                }
                double lb = 0;
                double la = 0;
                for (int i = 0; i + 1 < used; i++) {
                    lb += wb[touched[i]];
                    la += wa[touched[i]];
                    double rb = tb - lb;
                    double ra = ta - la;
                    if (lb + la < options.minLeaf() || rb + ra < options.minLeaf()) {
                        continue;
                    }
                    double imp = impurity(lb, la) + impurity(rb, ra);
                    if (imp < bestImpurity) {
                        bestImpurity = imp;
                        bestFeature = f;
                        bestThreshold = touched[i];
                    }
                }
                for (int i = 0; i < used; i++) {
                    wb[touched[i]] = 0;
                    wa[touched[i]] = 0;
                }
            }
            if (bestFeature < 0) {
                continue;
            }
            n.feature = bestFeature;
            n.threshold = bestThreshold;
            n.left = new Node(n.depth + 1, n, new long[sites.size()][]);
            n.right = new Node(n.depth + 1, n, new long[sites.size()][]);
            for (SiteState st : sites.values()) {
                long[] l = {0, 0};
                long[] r = {0, 0};
                if (hist[st.index] != null) {
                    SiteStats.NodeHistogram h = hist[st.index][k];
                    for (int i = 0; i < h.bins()[bestFeature].length; i++) {
                        long[] side = h.bins()[bestFeature][i] <= bestThreshold ? l : r;
                        side[0] += h.benignCounts()[bestFeature][i];
                        side[1] += h.attackCounts()[bestFeature][i];
                    }
                }
                n.left.counts[st.index] = l;
                n.right.counts[st.index] = r;
            }
            for (Node child : new Node[] {n.left, n.right}) {
                nodes.add(child);
                child.open = splittable(child);
                if (child.open) {
                    next.add(child);
                }
            }
        }
        frontier = List.copyOf(next);
    }

    /** Why a site's statistics cannot be true, or null if they are consistent. */
    private String check(SiteState st, SiteStats s, int nf, int open) {
        if (s.nodes().size() != open) {
            return s.nodes().size() + " leaves answered, " + open + " asked";
        }
        long total = 0;
        for (int k = 0; k < open; k++) {
            SiteStats.NodeHistogram h = s.nodes().get(k);
            long[] expected = frontier.get(k).counts[st.index];
            if (h.bins().length != nf || !h.consistent()) {
                return "leaf " + k + ": histograms do not sum to the leaf's rows";
            }
            if (expected != null && (expected[0] != h.benign() || expected[1] != h.attack())) {
                return "leaf " + k + ": rows differ from what its previous histograms implied";
            }
            total += h.benign() + h.attack();
        }
        return total > st.rows ? "more rows than declared in round 0" : null;
    }

    /** Updates every site's quorum judgement on some nodes and excludes contradicting sites. */
    private void screen(List<Node> at) {
        if (!options.screening()) {
            return;
        }
        int ns = sites.size();
        SiteState[] all = sites.values().toArray(new SiteState[0]);
        for (Node n : at) {
            if (n.depth < SCREEN_DEPTH) {
                continue;
            }
            int[] vote = new int[ns];
            for (SiteState st : all) {
                long[] c = n.counts[st.index];
                long rows = c == null ? 0 : c[0] + c[1];
                vote[st.index] = st.excluded != null || rows < VOTE_MIN ? -1
                        : c[1] >= VOTE_SHARE * rows ? 1 : c[0] >= VOTE_SHARE * rows ? 0 : -1;
            }
            for (SiteState st : all) {
                if (vote[st.index] < 0) {
                    continue;
                }
                int[] others = new int[2];
                for (SiteState o : all) {
                    if (o != st && vote[o.index] >= 0) {
                        others[vote[o.index]]++;
                    }
                }
                int quorum = others[0] >= QUORUM && others[1] == 0 ? 0 : others[1] >= QUORUM && others[0] == 0 ? 1 : -1;
                if (quorum < 0) {
                    continue;
                }
                long rows = n.counts[st.index][0] + n.counts[st.index][1];
                st.judged += rows;
                if (vote[st.index] != quorum) {
                    st.contradicted += rows;
                }
            }
        }
        for (SiteState st : all) {
            if (st.excluded == null && st.judged >= SCREEN_MIN && st.contradicted > SCREEN_SHARE * st.judged) {
                st.excluded = "labels contradict a quorum of other sites on " + st.contradicted + " of " + st.judged
                        + " judged rows (by round " + round + ")";
            }
        }
    }

    private boolean splittable(Node n) {
        double b = weighted(n, 0);
        double a = weighted(n, 1);
        return n.depth < options.maxDepth() && b > 0 && a > 0 && b + a >= 2.0 * options.minLeaf();
    }

    /** The node's rows of one label (0 benign, 1 attack), clipped weights, excluded sites left out. */
    private double weighted(Node n, int label) {
        double w = 0;
        for (SiteState st : sites.values()) {
            long[] c = n.counts[st.index];
            if (st.excluded == null && c != null) {
                w += st.weight * c[label];
            }
        }
        return w;
    }

    private static double impurity(double b, double a) {
        double w = b + a;
        return w <= 0 ? 0 : w - (b * b + a * a) / w;
    }

    private List<Node> leaves() {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.feature < 0) {
                out.add(n);
            }
        }
        return out;
    }

    private FederatedPlan plan(int r) {
        int n = 0;
        Map<Node, Integer> index = new LinkedHashMap<>();
        List<Node> order = new ArrayList<>();
        preorder(nodes.get(0), order);
        for (Node x : order) {
            index.put(x, n++);
        }
        int[] feature = new int[n];
        int[] value = new int[n];
        int[] left = new int[n];
        int[] right = new int[n];
        for (Node x : order) {
            int i = index.get(x);
            if (x.feature >= 0) {
                feature[i] = x.feature;
                value[i] = x.threshold;
                left[i] = index.get(x.left);
                right[i] = index.get(x.right);
            } else if (x.open) {
                feature[i] = FederatedPlan.OPEN;
                value[i] = frontier.indexOf(x);
            } else {
                feature[i] = FederatedPlan.CLOSED;
            }
        }
        return new FederatedPlan(r, schema.name(), schema.featureColumns(), quantizers, feature, value, left, right);
    }

    private static void preorder(Node n, List<Node> out) {
        out.add(n);
        if (n.feature >= 0) {
            preorder(n.left, out);
            preorder(n.right, out);
        }
    }

    /** @return the finished tree: splits, and each leaf's class and risk from the sites not excluded */
    public FederatedTree tree() {
        if (!done) {
            throw new IllegalStateException("training is not finished (round " + round + ")");
        }
        List<Node> order = new ArrayList<>();
        preorder(nodes.get(0), order);
        Map<Node, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i), i);
        }
        int n = order.size();
        int[] feature = new int[n];
        int[] value = new int[n];
        int[] left = new int[n];
        int[] right = new int[n];
        for (int i = 0; i < n; i++) {
            Node x = order.get(i);
            if (x.feature >= 0) {
                feature[i] = x.feature;
                value[i] = x.threshold;
                left[i] = index.get(x.left);
                right[i] = index.get(x.right);
            } else {
                Node from = x;
                while (from.parent != null && weighted(from, 0) + weighted(from, 1) <= 0) {
                    from = from.parent;
                }
                double b = weighted(from, 0);
                double a = weighted(from, 1);
                feature[i] = -1;
                value[i] = a + b <= 0 ? 0 : (int) Math.max(0, Math.min(255, Math.round(255 * a / (a + b))));
                left[i] = a > b ? FederatedTree.ATTACK : FederatedTree.BENIGN;
            }
        }
        return new FederatedTree(quantizers, feature, value, left, right);
    }

    /** @return every site's weight and whether (and why) it was excluded */
    public List<SiteReport> sites() {
        List<SiteReport> out = new ArrayList<>();
        for (SiteState st : sites.values()) {
            out.add(new SiteReport(st.name, st.rows, st.weight, st.excluded, st.judged, st.contradicted));
        }
        return out;
    }

    /** @return the options */
    public FederatedOptions options() {
        return options;
    }
}
