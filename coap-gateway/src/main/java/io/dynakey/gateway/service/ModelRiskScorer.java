package io.dynakey.gateway.service;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.models.TinyModel;

/**
 * Scores telemetry with the model the gateway serves, evaluated by the device runtime's own
 * {@link ForestEvaluator} (the same code and integer arithmetic as on the boards). Report values
 * are matched to the model's features by feature id; a feature the report lacks counts as 0.
 * Thread-safe: one evaluator and feature array per thread.
 */
public final class ModelRiskScorer implements TelemetryService.RiskScorer {

    private final TinyModel model;
    private final ThreadLocal<ForestEvaluator> evaluators;
    private final ThreadLocal<long[]> features;

    /** A scorer for a parsed model. */
    public ModelRiskScorer(TinyModel model) {
        this.model = model;
        this.evaluators = ThreadLocal.withInitial(() -> new ForestEvaluator(model));
        this.features = ThreadLocal.withInitial(() -> new long[model.featureCount()]);
    }

    @Override
    public int riskPermille(TelemetryReport report) {
        long[] f = features.get();
        java.util.Arrays.fill(f, 0);
        for (int i = 0; i < report.featureCount(); i++) {
            int index = model.featureIndexOf(report.featureId(i));
            if (index >= 0) {
                f[index] = report.value(i);
            }
        }
        return ForestEvaluator.riskOf(evaluators.get().evaluate(f, 0));
    }

    @Override
    public long modelVersion() {
        return model.modelVersion();
    }
}
