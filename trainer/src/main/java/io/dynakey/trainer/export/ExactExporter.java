package io.dynakey.trainer.export;

import io.dynakey.models.FeatureSpec;
import io.dynakey.models.FeatureUnits;
import io.dynakey.models.ModelFormat;
import io.dynakey.models.Quantizer;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.ThresholdChooser;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.models.TreeNode;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.model.TrainedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;

/**
 * Turns a {@link TrainedModel} into a tiny-model file that the device evaluates exactly as Tribuo
 * does, then measures that on held-out rows.
 *
 * <p>Per feature, candidate quantizers are tried (linear over the data range, linear over the
 * split range, logarithmic from the data minimum and from the lowest split) and the first that
 * keeps every observed training value on its side of every split wins; thresholds come from
 * {@link ThresholdChooser} ({@code x <= split} in Tribuo becomes {@code q(x) <= t}). Leaves carry
 * the class index in Tribuo's output-id order, so the device's "lowest index wins a tie" is
 * Tribuo's {@code VotingCombiner}, and the risk {@code round(255 (1 - P(benign)))}.
 * Stateless; thread-safe.
 */
public final class ExactExporter {

    /** Agreement below which the export fails. */
    public static final double MIN_AGREEMENT = 0.999;

    /**
     * Provenance and identity written into the header.
     *
     * @param modelId      model id
     * @param modelVersion model version (devices accept only increasing versions)
     * @param seed         training seed
     * @param created      creation time, seconds since the epoch
     * @param dataDigest   up to 16 bytes naming the training data
     */
    public record Header(long modelId, long modelVersion, long seed, long created, byte[] dataDigest) {
    }

    /**
     * Exports and checks.
     *
     * @param trainRows rows whose values the thresholds must keep on their side
     * @param heldOut   rows on which agreement is measured
     * @throws ExportException when a format limit is exceeded or agreement is below {@link #MIN_AGREEMENT}
     */
    public ExportResult export(TrainedModel model, Telemetry data, int[] trainRows, int[] heldOut, Header header)
            throws ExportException {
        Schema schema = data.schema();
        int nf = schema.features().size();
        if (nf > ModelFormat.MAX_FEATURES) {
            throw new ExportException(nf + " features; the model format holds at most " + ModelFormat.MAX_FEATURES);
        }
        int[] tribuoToSchema = featureIndex(model, data);
        List<List<Double>> splits = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            splits.add(new ArrayList<>());
        }
        for (TreeModel<Label> t : model.trees()) {
            collectSplits(t.getRoot(), tribuoToSchema, splits);
        }
        List<QuantizerSpec> quantizers = new ArrayList<>();
        long[][] observed = new long[nf][];
        for (int f = 0; f < nf; f++) {
            observed[f] = distinct(data.columns()[f], trainRows);
            quantizers.add(chooseQuantizer(schema.features().get(f).quantizer(), observed[f], splits.get(f)));
        }
        TinyModelWriter writer = writer(schema, quantizers, model.classes().size(), header);
        int benign = model.classes().indexOf(Schema.BENIGN);
        int[] inexact = new int[1];
        for (TreeModel<Label> t : model.trees()) {
            if (model.trees().size() > ModelFormat.MAX_TREES) {
                throw new ExportException("too many trees for the model format");
            }
            writer.addTree(convert(t.getRoot(), tribuoToSchema, quantizers, observed, model.classes(), benign, inexact, 0));
        }
        byte[] file;
        try {
            file = writer.toBytes();
        } catch (IllegalArgumentException e) {
            throw new ExportException("the model does not fit the tiny-model format: " + e.getMessage());
        }
        DeviceCheck check = DeviceCheck.of(file);
        int agree = 0;
        List<Long> bad = new ArrayList<>();
        for (int r : heldOut) {
            long[] raw = data.row(r);
            if (check.predict(raw) == model.predict(raw)) {
                agree++;
            } else if (bad.size() < 20) {
                bad.add(data.lines()[r]);
            }
        }
        double agreement = heldOut.length == 0 ? 1.0 : (double) agree / heldOut.length;
        ExportResult result = new ExportResult(file, List.copyOf(quantizers), inexact[0], agreement, heldOut.length, List.copyOf(bad));
        if (agreement < MIN_AGREEMENT) {
            throw new ExportException(String.format("quantized model agrees with Tribuo on %.4f%% of %d held-out rows "
                    + "(floor %.1f%%); %d splits could not be kept exact; first disagreeing lines %s",
                    100 * agreement, heldOut.length, 100 * MIN_AGREEMENT, inexact[0], bad));
        }
        return result;
    }

    private static TinyModelWriter writer(Schema schema, List<QuantizerSpec> quantizers, int classes, Header header) {
        TinyModelWriter writer = new TinyModelWriter(header.modelId(), header.modelVersion(), classes)
                .seed(header.seed()).createdSeconds(header.created()).dataDigest(header.dataDigest());
        for (int f = 0; f < schema.features().size(); f++) {
            io.dynakey.trainer.data.FeatureSpec spec = schema.features().get(f);
            writer.addFeature(new FeatureSpec(spec.id(), FeatureUnits.code(spec.unit()), spec.scale(), quantizers.get(f)));
        }
        return writer;
    }

    /**
     * Exports a tree that is already over quantized thresholds (a federated model, which never saw
     * raw rows): same header, features and format as {@link #export}, then the device's evaluator
     * must agree with {@code reference} on every probe vector.
     *
     * @param root      the tree; its thresholds are in the quantizers' 16-bit domain
     * @param classes   class count (leaf classes index it)
     * @param probes    raw vectors to compare on (e.g. held-out rows, or each threshold's edges)
     * @param reference the class the trainer's own tree gives a raw vector
     * @throws ExportException when a format limit is exceeded or the device disagrees on any probe
     */
    public ExportResult exportQuantized(Schema schema, List<QuantizerSpec> quantizers, TreeNode root, int classes, Header header,
                                        List<long[]> probes, java.util.function.ToIntFunction<long[]> reference)
            throws ExportException {
        if (schema.features().size() > ModelFormat.MAX_FEATURES) {
            throw new ExportException(schema.features().size() + " features; the model format holds at most "
                    + ModelFormat.MAX_FEATURES);
        }
        if (root.depth() > ModelFormat.MAX_DEPTH) {
            throw new ExportException("tree deeper than the format's limit " + ModelFormat.MAX_DEPTH);
        }
        byte[] file;
        try {
            file = writer(schema, quantizers, classes, header).addTree(root).toBytes();
        } catch (IllegalArgumentException e) {
            throw new ExportException("the model does not fit the tiny-model format: " + e.getMessage());
        }
        DeviceCheck check = DeviceCheck.of(file);
        int agree = 0;
        for (long[] raw : probes) {
            if (check.predict(raw) == reference.applyAsInt(raw)) {
                agree++;
            }
        }
        if (agree != probes.size()) {
            throw new ExportException("the device disagrees with the quantized tree on " + (probes.size() - agree) + " of "
                    + probes.size() + " probe vectors");
        }
        return new ExportResult(file, List.copyOf(quantizers), 0, 1.0, probes.size(), List.of());
    }

    /** Maps Tribuo feature ids to schema indices. */
    static int[] featureIndex(TrainedModel model, Telemetry data) {
        ImmutableFeatureMap fmap = model.tribuo().getFeatureIDMap();
        List<String> cols = data.schema().featureColumns();
        int[] map = new int[fmap.size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = cols.indexOf(fmap.get(i).getName());
            if (map[i] < 0) {
                throw new IllegalStateException("Tribuo feature " + fmap.get(i).getName() + " is not in the schema");
            }
        }
        return map;
    }

    private static void collectSplits(Node<Label> node, int[] map, List<List<Double>> out) {
        if (node instanceof SplitNode<Label> s) {
            out.get(map[s.getFeatureID()]).add(s.splitValue());
            collectSplits(s.getLessThanOrEqual(), map, out);
            collectSplits(s.getGreaterThan(), map, out);
        }
    }

    private static TreeNode convert(Node<Label> node, int[] map, List<QuantizerSpec> q, long[][] observed,
                                    List<String> classes, int benign, int[] inexact, int depth) throws ExportException {
        if (depth > ModelFormat.MAX_DEPTH) {
            throw new ExportException("tree deeper than the format's limit " + ModelFormat.MAX_DEPTH);
        }
        if (node instanceof SplitNode<Label> s) {
            int f = map[s.getFeatureID()];
            var choice = ThresholdChooser.choose(q.get(f), s.splitValue(), observed[f]);
            if (!choice.isExact()) {
                inexact[0]++;
            }
            return TreeNode.split(f, choice.threshold(),
                    convert(s.getLessThanOrEqual(), map, q, observed, classes, benign, inexact, depth + 1),
                    convert(s.getGreaterThan(), map, q, observed, classes, benign, inexact, depth + 1));
        }
        LeafNode<Label> leaf = (LeafNode<Label>) node;
        int cls = classes.indexOf(leaf.getOutput().getLabel());
        return TreeNode.leaf(cls, risk(leaf, classes, benign));
    }

    /** {@code round(255 * (1 - P(benign)))} from the leaf's distribution; the class alone when it has none. */
    static int risk(LeafNode<Label> leaf, List<String> classes, int benign) {
        if (benign < 0) {
            return 255;
        }
        Map<String, Label> dist = leaf.getDistribution();
        double pBenign;
        if (dist == null || dist.isEmpty()) {
            pBenign = leaf.getOutput().getLabel().equals(Schema.BENIGN) ? 1 : 0;
        } else {
            double sum = 0;
            for (Label l : dist.values()) {
                sum += l.getScore();
            }
            Label b = dist.get(Schema.BENIGN);
            pBenign = b == null || sum <= 0 ? 0 : b.getScore() / sum;
        }
        long r = Math.round(255 * (1 - pBenign));
        return (int) Math.max(0, Math.min(255, r));
    }

    /**
     * Picks the quantizer with the fewest observed values routed differently, preferring, among
     * equals, the candidates in the order the schema's hint suggests.
     */
    static QuantizerSpec chooseQuantizer(String hint, long[] observed, List<Double> splits) {
        long min = observed.length == 0 ? 0 : observed[0];
        long max = observed.length == 0 ? 0 : observed[observed.length - 1];
        List<QuantizerSpec> candidates = new ArrayList<>();
        List<QuantizerSpec> linear = new ArrayList<>();
        List<QuantizerSpec> log = new ArrayList<>();
        linear.add(QuantizerSpec.fitLinear(min, max));
        log.add(fitLog(min, max));
        if (!splits.isEmpty()) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double s : splits) {
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
            }
            long a = clampFloor(lo);
            long b = clampFloor(hi) == Long.MAX_VALUE ? Long.MAX_VALUE : clampFloor(hi) + 1;
            linear.add(QuantizerSpec.fitLinear(a, b));
            log.add(fitLog(a, b));
        }
        boolean spansDecades = min >= 0 && max - min > Quantizer.Q_MAX;
        if (hint.equals("log") || (hint.equals("auto") && spansDecades)) {
            candidates.addAll(log);
            candidates.addAll(linear);
        } else {
            candidates.addAll(linear);
            candidates.addAll(log);
        }
        QuantizerSpec best = null;
        long bestMiss = Long.MAX_VALUE;
        for (QuantizerSpec q : candidates) {
            long miss = 0;
            for (double s : splits) {
                miss += ThresholdChooser.choose(q, s, observed).misrouted();
            }
            if (miss < bestMiss) {
                bestMiss = miss;
                best = q;
            }
            if (miss == 0) {
                break;
            }
        }
        return best;
    }

    /** The finest logarithmic quantizer whose value at {@code max} still fits 16 bits. */
    static QuantizerSpec fitLog(long min, long max) {
        for (int bits = Quantizer.MAX_LOG_FRACTION_BITS; bits > 0; bits--) {
            QuantizerSpec q = QuantizerSpec.fitLog(min, bits);
            if (Quantizer.quantize(q.kind(), q.offset(), q.mul(), q.shift(), max) < Quantizer.Q_MAX) {
                return q;
            }
        }
        return QuantizerSpec.fitLog(min, 0);
    }

    private static long clampFloor(double v) {
        if (v >= 9.2e18) {
            return Long.MAX_VALUE - 1;
        }
        if (v <= -9.2e18) {
            return Long.MIN_VALUE + 1;
        }
        return (long) Math.floor(v);
    }

    /** Sorted distinct values of one column over some rows. */
    static long[] distinct(long[] column, int[] rows) {
        long[] v = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            v[i] = column[rows[i]];
        }
        Arrays.sort(v);
        int n = 0;
        for (int i = 0; i < v.length; i++) {
            if (n == 0 || v[n - 1] != v[i]) {
                v[n++] = v[i];
            }
        }
        return Arrays.copyOf(v, n);
    }
}
