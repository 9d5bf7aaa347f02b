package io.dynakey.trainer.federated;

import io.dynakey.models.Quantizer;
import io.dynakey.models.QuantizerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the coordinator sends every site at the start of a round. Round 0 asks for the value range
 * of every feature (to fix the shared quantizers); round r &ge; 1 carries the quantizers and the
 * tree grown so far, whose open leaves (the frontier) the site answers with histograms.
 *
 * <p>The tree is flat, in preorder: node i is a split ({@code feature[i] >= 0}: {@code q(x) <=
 * value[i]} goes to {@code left[i]}, else {@code right[i]}), an open leaf ({@code feature[i] ==
 * OPEN}, {@code value[i]} its frontier index) or a closed leaf ({@code CLOSED}). Immutable.
 *
 * @param round      0 for ranges, then 1, 2, ... (one per tree level)
 * @param schema     schema name every site must load its data with
 * @param features   feature columns, schema order (a site checks it has the same)
 * @param quantizers the shared quantizers (empty in round 0)
 * @param feature    per node: split feature, {@link #OPEN} or {@link #CLOSED}
 * @param value      per node: quantized threshold, or frontier index of an open leaf
 * @param left       per node: left child index (splits only)
 * @param right      per node: right child index (splits only)
 */
public record FederatedPlan(int round, String schema, List<String> features, List<QuantizerSpec> quantizers, int[] feature,
                            int[] value, int[] left, int[] right) {

    /** Node kind: an open leaf the sites answer for. */
    public static final int OPEN = -1;
    /** Node kind: a leaf that grows no further. */
    public static final int CLOSED = -2;
    private static final byte[] MAGIC = {'D', 'K', 'F', 'P'};
    private static final int VERSION = 1;
    /** Largest tree a plan carries (the model format's depth limit keeps real trees far below). */
    static final int MAX_NODES = 1 << 16;

    /** @return the number of open leaves (the histograms a site returns per feature) */
    public int openCount() {
        int n = 0;
        for (int f : feature) {
            if (f == OPEN) {
                n++;
            }
        }
        return n;
    }

    /**
     * Routes a row of quantized features: the frontier index of the open leaf it reaches, or -1
     * for a closed leaf.
     */
    public int route(int[] q) {
        int i = 0;
        while (feature[i] >= 0) {
            i = q[feature[i]] <= value[i] ? left[i] : right[i];
        }
        return feature[i] == OPEN ? value[i] : -1;
    }

    /** The message bytes (what travels to a site). */
    public byte[] encode() {
        Wire.Out o = new Wire.Out().bytes(MAGIC).u(VERSION).u(round).str(schema).u(features.size());
        for (String f : features) {
            o.str(f);
        }
        o.u(quantizers.size());
        for (QuantizerSpec q : quantizers) {
            o.u(q.kind()).s(q.offset()).u(q.mul()).u(q.shift());
        }
        o.u(feature.length);
        if (feature.length > 0) {
            write(o, 0);
        }
        return o.toBytes();
    }

    private void write(Wire.Out o, int i) {
        if (feature[i] >= 0) {
            o.u(feature[i] + 2L).u(value[i]);
            write(o, left[i]);
            write(o, right[i]);
        } else {
            o.u(feature[i] == OPEN ? 0 : 1);
            if (feature[i] == OPEN) {
                o.u(value[i]);
            }
        }
    }

    /** @return the 16-byte digest that statistics answering this plan must carry */
    public byte[] digest() {
        return Wire.digest(encode());
    }

    /** Reads and parses a plan file (bounded in size; a special file such as a device is refused). */
    public static FederatedPlan read(java.nio.file.Path file) throws java.io.IOException, FederatedException {
        try {
            return decode(Wire.read(file, "plan"));
        } catch (FederatedException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new FederatedException(file + ": " + e.getMessage());
        }
    }

    /** Parses and validates a plan. */
    public static FederatedPlan decode(byte[] message) throws FederatedException {
        Wire.In in = new Wire.In(message, "plan");
        if (!Arrays.equals(in.bytes(4), MAGIC)) {
            throw new FederatedException("not a dynakey federated plan (magic)");
        }
        int version = in.u(255, "version");
        if (version != VERSION) {
            throw new FederatedException("plan version " + version + "; this build reads " + VERSION);
        }
        int round = in.u(1024, "round");
        String schema = in.str();
        int nf = in.u(255, "feature count");
        List<String> features = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            features.add(in.str());
        }
        int nq = in.u(nf, "quantizer count");
        if (nq != 0 && nq != nf) {
            throw new FederatedException("plan: " + nq + " quantizers for " + nf + " features");
        }
        List<QuantizerSpec> qs = new ArrayList<>();
        for (int f = 0; f < nq; f++) {
            int kind = in.u(255, "quantizer kind");
            long offset = in.s();
            int mul = in.u(65535, "quantizer mul");
            int shift = in.u(63, "quantizer shift");
            if (!Quantizer.isValid(kind, mul, shift)) {
                throw new FederatedException("plan: invalid quantizer of feature " + f);
            }
            qs.add(QuantizerSpec.of(kind, offset, mul, shift));
        }
        int n = in.u(MAX_NODES, "node count");
        if (round == 0 ? n != 0 || nq != 0 : n == 0 || nq != nf) {
            throw new FederatedException("plan: round " + round + " with " + n + " nodes and " + nq + " quantizers");
        }
        int[] feature = new int[n];
        int[] value = new int[n];
        int[] left = new int[n];
        int[] right = new int[n];
        int[] next = {0};
        if (n > 0) {
            read(in, feature, value, left, right, next, nf, 0);
        }
        in.end();
        if (next[0] != n) {
            throw new FederatedException("plan: " + n + " nodes announced, " + next[0] + " read");
        }
        FederatedPlan p = new FederatedPlan(round, schema, List.copyOf(features), List.copyOf(qs), feature, value, left, right);
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (feature[i] == OPEN) {
                if (value[i] >= n || seen[value[i]]) {
                    throw new FederatedException("plan: frontier indices are not 0..open-1");
                }
                seen[value[i]] = true;
            }
        }
        int open = p.openCount();
        for (int k = 0; k < open; k++) {
            if (!seen[k]) {
                throw new FederatedException("plan: frontier indices are not 0..open-1");
            }
        }
        return p;
    }

    private static void read(Wire.In in, int[] feature, int[] value, int[] left, int[] right, int[] next, int nf, int depth)
            throws FederatedException {
        if (next[0] >= feature.length || depth > 64) {
            throw new FederatedException("plan: tree larger than announced or deeper than 64");
        }
        int i = next[0]++;
        int tag = in.u(nf + 1, "node tag");
        if (tag >= 2) {
            feature[i] = tag - 2;
            value[i] = in.u(Quantizer.Q_MAX, "threshold");
            left[i] = next[0];
            read(in, feature, value, left, right, next, nf, depth + 1);
            right[i] = next[0];
            read(in, feature, value, left, right, next, nf, depth + 1);
        } else if (tag == 0) {
            feature[i] = OPEN;
            value[i] = in.u(MAX_NODES, "frontier index");
        } else {
            feature[i] = CLOSED;
        }
    }
}
