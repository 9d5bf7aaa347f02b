package io.dynakey.trainer.model;

import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Telemetry;
import java.time.OffsetDateTime;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains Tribuo CART trees and random forests on raw integer feature values (as doubles, exact
 * below 2^53), so that the device, which sees the same integers, can reproduce every split.
 * Thread-safe (stateless).
 */
public final class ForestTrainer {

    /** Tribuo logs every bagged tree at INFO through java.util.logging; kept referenced so the level sticks. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** Builds the Tribuo data set of some rows. */
    public static MutableDataset<Label> dataset(Telemetry data, int[] rows, Task task, String what) {
        String[] names = featureNames(data);
        MutableDataset<Label> ds = new MutableDataset<>(
                new SimpleDataSourceProvenance(data.schema().name() + " " + what + " (" + data.file() + ")",
                        OffsetDateTime.parse("2026-01-01T00:00:00Z"), LabelOutputs.FACTORY), LabelOutputs.FACTORY);
        double[] v = new double[names.length];
        for (int r : rows) {
            for (int f = 0; f < v.length; f++) {
                v[f] = data.columns()[f][r];
            }
            ds.add(new ArrayExample<>(new Label(label(data, r, task)), names, v.clone()));
        }
        return ds;
    }

    /** @return the label name of one row for a task */
    public static String label(Telemetry data, int row, Task task) {
        if (task == Task.BINARY) {
            return data.attack()[row] == 1 ? Schema.ATTACK : Schema.BENIGN;
        }
        return data.classNames().get(data.classes()[row]);
    }

    /** @return Tribuo feature names, schema order (the CSV column names) */
    public static String[] featureNames(Telemetry data) {
        List<String> cols = data.schema().featureColumns();
        return cols.toArray(new String[0]);
    }

    /** Trains one model on the given rows. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public TrainedModel train(Telemetry data, int[] rows, TrainOptions o) {
        MutableDataset<Label> ds = dataset(data, rows, o.task(), "train");
        CARTClassificationTrainer cart = new CARTClassificationTrainer(o.maxDepth(), o.minLeaf(), 0.0f,
                o.featureFraction(), false, new GiniIndex(), o.seed());
        Model<Label> model;
        if (o.trees() == 1) {
            model = cart.train(ds);
        } else {
            RandomForestTrainer<Label> rf = new RandomForestTrainer<>(cart, new VotingCombiner(), o.trees(), o.seed());
            model = (Model) rf.train(ds);
        }
        return new TrainedModel(model, featureNames(data), o);
    }
}
