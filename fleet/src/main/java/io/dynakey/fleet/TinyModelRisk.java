package io.dynakey.fleet;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;

/**
 * The device's own model evaluator as the simulator's {@link RiskModel}: a parsed tiny-model file
 * evaluated by {@link ForestEvaluator} (one evaluator per thread, as it keeps a scratch array),
 * exactly the code a board runs.
 */
public final class TinyModelRisk implements RiskModel {

    private final TinyModel model;
    private final int[] featureIds;
    private final int fileBytes;
    private final String name;
    private final ThreadLocal<ForestEvaluator> evaluators;

    /** Parses (and thereby validates) a model file. */
    public TinyModelRisk(byte[] file, String name) throws ModelFormatException {
        this.model = TinyModel.parse(file);
        this.fileBytes = file.length;
        this.name = name;
        this.featureIds = new int[model.featureCount()];
        for (int i = 0; i < featureIds.length; i++) {
            featureIds[i] = model.featureId(i);
        }
        this.evaluators = ThreadLocal.withInitial(() -> new ForestEvaluator(model));
    }

    @Override
    public int[] featureIds() {
        return featureIds.clone();
    }

    @Override
    public int riskPermille(long[] features) {
        return ForestEvaluator.riskOf(evaluators.get().evaluate(features, 0));
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s: model %d v%d, %d tree(s), %d nodes, %d features, %d bytes",
                name, model.modelId(), model.modelVersion(), model.treeCount(), model.nodeCount(), featureIds.length, fileBytes);
    }

    /** The parsed model (both stages when the file carries a temporal section). */
    public TinyModel model() {
        return model;
    }

    /** Size of the model file, bytes. */
    public int fileBytes() {
        return fileBytes;
    }
}
