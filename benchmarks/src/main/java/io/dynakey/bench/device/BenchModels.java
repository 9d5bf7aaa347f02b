package io.dynakey.bench.device;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.FeatureIds;
import io.dynakey.models.FeatureSpec;
import io.dynakey.models.FeatureUnits;
import io.dynakey.models.ModelFormat;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.TinyModel;
import java.time.OffsetDateTime;
import java.util.Random;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The benchmark's models and inputs, built deterministically from a seed: synthetic device
 * telemetry (integer features with a noisy attack rule), Tribuo CART trees of depth 6 and 8 and a
 * 10-tree voting forest of depth 6, and the same models as tiny models and double[] forests.
 */
public final class BenchModels {

    /** Model names accepted by {@link #build(String)}. */
    public static final String[] NAMES = {"tree-d6", "tree-d8", "forest-10", "forest-32k"};

    static final String[] FEATURE_NAMES = {
        "auth_failures", "dtls_failures", "message_rate", "bytes_in", "distinct_peers",
        "key_age_s", "coap_4xx", "open_ports"};
    private static final int[] IDS = {
        FeatureIds.AUTH_FAILURES, FeatureIds.DTLS_HANDSHAKE_FAILURES, FeatureIds.MESSAGE_RATE,
        FeatureIds.BYTES_IN, FeatureIds.DISTINCT_PEERS, FeatureIds.KEY_AGE_SECONDS,
        FeatureIds.COAP_4XX, FeatureIds.OPEN_PORTS};
    private static final int[] UNITS = {
        FeatureUnits.COUNT, FeatureUnits.COUNT, FeatureUnits.PER_MINUTE, FeatureUnits.BYTES,
        FeatureUnits.COUNT, FeatureUnits.SECONDS, FeatureUnits.COUNT, FeatureUnits.COUNT};
    private static final long[] MAX = {200, 100, 6000, 5_000_000, 64, 86_400, 500, 32};
    private static final int TRAIN_ROWS = 6000;
    /** Inputs per benchmark invocation. */
    public static final int INPUTS = 512;
    static final long SEED = 20261125L;
    /** Trees of {@code forest-32k}, chosen so that its file is about 32 KB. */
    static final int FOREST_32K_TREES = 47;

    public final String name;
    public final Model<Label> tribuo;
    public final byte[] tinyBytes;
    public final TinyModel tiny;
    public final ForestEvaluator evaluator;
    /** The previous evaluator (node tables expanded at load), the memory-for-speed baseline. */
    final ExpandedForest expanded;
    public final DoubleForest doubleForest;
    public final long[][] rawInputs;
    public final double[][] doubleInputs;
    public final Example<Label>[] examples;
    /** Observed training values the 16-bit thresholds route differently than Tribuo's splits. */
    public final int misrouted;

    @SuppressWarnings("unchecked")
    private BenchModels(String name) throws ModelFormatException {
        this.name = name;
        Random rnd = new Random(SEED);
        long[][] rows = new long[TRAIN_ROWS][];
        boolean[] attack = new boolean[TRAIN_ROWS];
        for (int i = 0; i < TRAIN_ROWS; i++) {
            rows[i] = row(rnd);
            attack[i] = label(rows[i], rnd);
        }
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("synthetic telemetry", OffsetDateTime.parse("2026-11-25T00:00:00Z"),
                        factory), factory);
        for (int i = 0; i < TRAIN_ROWS; i++) {
            data.add(example(rows[i], attack[i] ? "attack" : "benign"));
        }
        tribuo = train(name, data);
        long[][] columns = new long[FEATURE_NAMES.length][TRAIN_ROWS];
        FeatureSpec[] features = new FeatureSpec[FEATURE_NAMES.length];
        for (int f = 0; f < features.length; f++) {
            for (int i = 0; i < TRAIN_ROWS; i++) {
                columns[f][i] = rows[i][f];
            }
            QuantizerSpec q = MAX[f] > 65535 ? QuantizerSpec.fitLog(0, 10) : QuantizerSpec.fitLinear(0, MAX[f]);
            features[f] = new FeatureSpec(IDS[f], UNITS[f], 0, q);
        }
        TribuoExport export = new TribuoExport(FEATURE_NAMES, features, columns, "attack");
        tinyBytes = export.toTiny(tribuo, name.hashCode() & 0xFFFF);
        misrouted = export.misrouted();
        tiny = TinyModel.parse(tinyBytes);
        evaluator = new ForestEvaluator(tiny);
        expanded = new ExpandedForest(tiny);
        doubleForest = export.toDouble(tribuo);
        Random inputs = new Random(SEED + 1);
        rawInputs = new long[INPUTS][];
        doubleInputs = new double[INPUTS][];
        examples = new Example[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            rawInputs[i] = row(inputs);
            doubleInputs[i] = new double[rawInputs[i].length];
            for (int f = 0; f < rawInputs[i].length; f++) {
                doubleInputs[i][f] = rawInputs[i][f];
            }
            examples[i] = example(rawInputs[i], "benign");
        }
    }

    /** Trains and converts one named model; deterministic for a given name. */
    public static BenchModels build(String name) {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        try {
            return new BenchModels(name);
        } catch (ModelFormatException e) {
            throw new IllegalStateException("the bench model does not parse: " + e.getMessage(), e);
        }
    }

    private static Model<Label> train(String name, MutableDataset<Label> data) {
        switch (name) {
            case "tree-d6":
                return new CARTClassificationTrainer(6).train(data);
            case "tree-d8":
                return new CARTClassificationTrainer(8).train(data);
            case "forest-10":
                return new RandomForestTrainer<>(new CARTClassificationTrainer(6, 0.7f, SEED), new VotingCombiner(),
                        10, SEED).train(data);
            case "forest-32k":
                // about 32 KB of model file: the model budget of the smallest boards
                return new RandomForestTrainer<>(new CARTClassificationTrainer(12, 0.7f, SEED), new VotingCombiner(),
                        FOREST_32K_TREES, SEED).train(data);
            default:
                throw new IllegalArgumentException("unknown bench model " + name);
        }
    }

    private static long[] row(Random rnd) {
        boolean hot = rnd.nextInt(4) == 0;
        long[] r = new long[FEATURE_NAMES.length];
        for (int f = 0; f < r.length; f++) {
            double u = rnd.nextDouble();
            double scale = hot && f < 4 ? Math.sqrt(u) : u * u;
            r[f] = (long) (scale * MAX[f]);
        }
        return r;
    }

    private static boolean label(long[] r, Random rnd) {
        double score = r[0] / 40.0 + r[1] / 25.0 + (r[2] > 3000 ? 1.0 : 0.0) + r[3] / 2_000_000.0
                + r[4] / 32.0 + r[6] / 200.0 - (r[5] < 3600 ? 0.5 : 0.0) + (r[7] > 20 ? 0.7 : 0.0);
        return score + rnd.nextGaussian() * 0.4 > 2.0;
    }

    private static Example<Label> example(long[] r, String label) {
        double[] v = new double[r.length];
        for (int f = 0; f < r.length; f++) {
            v[f] = r[f];
        }
        return new ArrayExample<>(new Label(label), FEATURE_NAMES, v);
    }

    /** @return node-table bytes per internal node in the file (5 by construction) */
    public double nodeTableBytesPerNode() {
        return tiny.nodeCount() == 0 ? 0 : (double) (tiny.nodeCount() * ModelFormat.NODE_SIZE) / tiny.nodeCount();
    }

    /** @return node + leaf table bytes per internal node */
    public double tableBytesPerNode() {
        return (double) (tiny.nodeCount() * ModelFormat.NODE_SIZE + tiny.leafCount() * ModelFormat.LEAF_SIZE)
                / tiny.nodeCount();
    }

    /** @return whole file bytes (header, schema, CRC, signature included) per internal node */
    public double fileBytesPerNode() {
        return (double) tinyBytes.length / tiny.nodeCount();
    }

    /** @return fraction of the bench inputs on which dynakey, Tribuo and the double walk agree on the class */
    public double agreement() {
        int same = 0;
        for (int i = 0; i < INPUTS; i++) {
            int c = ForestEvaluator.classOf(evaluator.evaluate(rawInputs[i], 0));
            int t = tribuo.getOutputIDInfo().getID(tribuo.predict(examples[i]).getOutput());
            int d = doubleForest.predict(doubleInputs[i]) >>> 16;
            if (c == t && d == t) {
                same++;
            }
        }
        return (double) same / INPUTS;
    }
}
