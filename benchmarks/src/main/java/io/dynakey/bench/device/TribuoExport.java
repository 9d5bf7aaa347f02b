package io.dynakey.bench.device;

import io.dynakey.models.FeatureSpec;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.ThresholdChoice;
import io.dynakey.models.ThresholdChooser;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.models.TreeNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;

/**
 * Bench-only conversion of a Tribuo CART tree or voting forest into a tiny model and into the
 * {@link DoubleForest} baseline. The product's exact exporter lives in the trainer module; this
 * one exists so the benchmark does not depend on the trainer. Class index k = Tribuo output id k.
 */
final class TribuoExport {

    private final String[] featureNames;
    private final FeatureSpec[] features;
    private final long[][] columns;
    private final String riskLabel;
    private int misrouted;

    TribuoExport(String[] featureNames, FeatureSpec[] features, long[][] columns, String riskLabel) {
        this.featureNames = featureNames;
        this.features = features;
        this.columns = columns;
        this.riskLabel = riskLabel;
    }

    /** @return number of observed values routed differently than Tribuo by the chosen thresholds */
    int misrouted() {
        return misrouted;
    }

    static List<TreeModel<Label>> trees(Model<Label> model) {
        List<TreeModel<Label>> out = new ArrayList<>();
        if (model instanceof TreeModel) {
            out.add((TreeModel<Label>) model);
        } else {
            for (Model<Label> m : ((WeightedEnsembleModel<Label>) model).getModels()) {
                out.add((TreeModel<Label>) m);
            }
        }
        return out;
    }

    byte[] toTiny(Model<Label> model, long id) {
        ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        TinyModelWriter w = new TinyModelWriter(id, 1, outputs.size()).seed(id);
        for (FeatureSpec f : features) {
            w.addFeature(f);
        }
        for (TreeModel<Label> tree : trees(model)) {
            w.addTree(convert(tree, tree.getRoot(), outputs));
        }
        return w.toBytes();
    }

    private TreeNode convert(TreeModel<Label> tree, Node<Label> node, ImmutableOutputInfo<Label> outputs) {
        if (node.isLeaf()) {
            LeafNode<Label> leaf = (LeafNode<Label>) node;
            int cls = outputs.getID(leaf.getOutput());
            return TreeNode.leaf(cls, (int) Math.round(255 * risk(leaf.getDistribution())));
        }
        SplitNode<Label> split = (SplitNode<Label>) node;
        int f = featureIndex(tree.getFeatureIDMap().get(split.getFeatureID()).getName());
        ThresholdChoice c = ThresholdChooser.choose(features[f].quantizer(), split.splitValue(), columns[f]);
        misrouted += c.misrouted();
        return TreeNode.split(f, c.threshold(), convert(tree, split.getLessThanOrEqual(), outputs),
                convert(tree, split.getGreaterThan(), outputs));
    }

    DoubleForest toDouble(Model<Label> model) {
        ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        List<Integer> feature = new ArrayList<>();
        List<Double> threshold = new ArrayList<>();
        List<int[]> links = new ArrayList<>();
        List<Integer> leafClass = new ArrayList<>();
        List<Double> leafRisk = new ArrayList<>();
        List<TreeModel<Label>> trees = trees(model);
        int[] starts = new int[trees.size()];
        for (int t = 0; t < trees.size(); t++) {
            TreeModel<Label> tree = trees.get(t);
            starts[t] = flatten(tree, tree.getRoot(), outputs, feature, threshold, links, leafClass, leafRisk);
        }
        int n = feature.size();
        int[] fa = new int[n];
        double[] ta = new double[n];
        int[] la = new int[n];
        int[] ra = new int[n];
        for (int i = 0; i < n; i++) {
            fa[i] = feature.get(i);
            ta[i] = threshold.get(i);
            la[i] = links.get(i)[0];
            ra[i] = links.get(i)[1];
        }
        int[] lc = new int[leafClass.size()];
        double[] lr = new double[leafRisk.size()];
        for (int i = 0; i < lc.length; i++) {
            lc[i] = leafClass.get(i);
            lr[i] = leafRisk.get(i);
        }
        return new DoubleForest(starts, fa, ta, la, ra, lc, lr, outputs.size());
    }

    /** @return the node's link: index of an internal node, or ~leaf for a leaf */
    private int flatten(TreeModel<Label> tree, Node<Label> node, ImmutableOutputInfo<Label> outputs,
                        List<Integer> feature, List<Double> threshold, List<int[]> links,
                        List<Integer> leafClass, List<Double> leafRisk) {
        if (node.isLeaf()) {
            LeafNode<Label> leaf = (LeafNode<Label>) node;
            leafClass.add(outputs.getID(leaf.getOutput()));
            leafRisk.add(Math.round(255 * risk(leaf.getDistribution())) / 255.0);
            return ~(leafClass.size() - 1);
        }
        SplitNode<Label> split = (SplitNode<Label>) node;
        int index = feature.size();
        feature.add(featureIndex(tree.getFeatureIDMap().get(split.getFeatureID()).getName()));
        threshold.add(split.splitValue());
        int[] link = new int[2];
        links.add(link);
        link[0] = flatten(tree, split.getLessThanOrEqual(), outputs, feature, threshold, links, leafClass, leafRisk);
        link[1] = flatten(tree, split.getGreaterThan(), outputs, feature, threshold, links, leafClass, leafRisk);
        return index;
    }

    private double risk(Map<String, Label> distribution) {
        Label l = distribution.get(riskLabel);
        return l == null ? 0.0 : Math.max(0.0, Math.min(1.0, l.getScore()));
    }

    private int featureIndex(String name) {
        for (int i = 0; i < featureNames.length; i++) {
            if (featureNames[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("unknown feature " + name);
    }
}
