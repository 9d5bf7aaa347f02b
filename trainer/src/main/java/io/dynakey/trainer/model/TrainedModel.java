package io.dynakey.trainer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.impl.ArrayExample;

/**
 * A Tribuo model over raw feature values, with what export and evaluation need: the members
 * (one tree, or the forest's trees), the class names in Tribuo's output-id order (the order the
 * vote combiner breaks ties in), and the feature names in schema order.
 */
public final class TrainedModel {

    private final Model<Label> model;
    private final List<TreeModel<Label>> trees;
    private final List<String> classes;
    private final String[] featureNames;
    private final TrainOptions options;

    @SuppressWarnings("unchecked")
    TrainedModel(Model<Label> model, String[] featureNames, TrainOptions options) {
        this.model = model;
        this.featureNames = featureNames.clone();
        this.options = options;
        List<TreeModel<Label>> members = new ArrayList<>();
        if (model instanceof EnsembleModel<?> ensemble) {
            for (Model<?> m : ensemble.getModels()) {
                members.add((TreeModel<Label>) m);
            }
        } else {
            members.add((TreeModel<Label>) model);
        }
        this.trees = List.copyOf(members);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < model.getOutputIDInfo().size(); i++) {
            names.add(model.getOutputIDInfo().getOutput(i).getLabel());
        }
        this.classes = List.copyOf(names);
    }

    /** @return the Tribuo model */
    public Model<Label> tribuo() {
        return model;
    }

    /** @return the trees (one for CART) */
    public List<TreeModel<Label>> trees() {
        return trees;
    }

    /** @return class names, index = Tribuo output id */
    public List<String> classes() {
        return classes;
    }

    /** @return feature names in schema order (the Tribuo feature names) */
    public String[] featureNames() {
        return featureNames.clone();
    }

    /** @return the options it was trained with */
    public TrainOptions options() {
        return options;
    }

    /** Builds the Tribuo example of a raw feature vector (schema order). */
    public Example<Label> example(long[] raw) {
        return example(raw, LabelOutputs.UNKNOWN);
    }

    /** Builds the Tribuo example of a raw feature vector whose true class is known (for evaluation). */
    public Example<Label> example(long[] raw, String truth) {
        return example(raw, new Label(truth));
    }

    private Example<Label> example(long[] raw, Label output) {
        double[] v = new double[raw.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = raw[i];
        }
        return new ArrayExample<>(output, featureNames, v);
    }

    /** @return Tribuo's predicted class index for a raw vector */
    public int predict(long[] raw) {
        return classes.indexOf(model.predict(example(raw)).getOutput().getLabel());
    }

    /** @return Tribuo's per-class scores for a raw vector, index = class index */
    public double[] scores(long[] raw) {
        Prediction<Label> p = model.predict(example(raw));
        double[] s = new double[classes.size()];
        Map<String, Label> map = p.getOutputScores();
        for (int c = 0; c < s.length; c++) {
            Label l = map.get(classes.get(c));
            s[c] = l == null ? 0 : l.getScore();
        }
        return s;
    }

    /** @return internal (split) nodes over all trees */
    public int splitNodes() {
        int n = 0;
        for (TreeModel<Label> t : trees) {
            n += TreeWalk.count(t.getRoot(), true);
        }
        return n;
    }

    /** @return leaves over all trees */
    public int leaves() {
        int n = 0;
        for (TreeModel<Label> t : trees) {
            n += TreeWalk.count(t.getRoot(), false);
        }
        return n;
    }
}
