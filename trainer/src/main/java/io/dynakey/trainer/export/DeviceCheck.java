package io.dynakey.trainer.export;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;

/**
 * Evaluates a tiny-model file with the device's own evaluator ({@link ForestEvaluator} from
 * device-runtime), after the format's validating parse, so that agreement figures compare Tribuo
 * with exactly what the device computes. Not thread-safe (the evaluator owns scratch arrays).
 */
public final class DeviceCheck {

    private final TinyModel model;
    private final ForestEvaluator evaluator;

    private DeviceCheck(TinyModel model) {
        this.model = model;
        this.evaluator = new ForestEvaluator(model);
    }

    /** Parses a model file (signature not checked). */
    public static DeviceCheck of(byte[] file) throws ExportException {
        try {
            return new DeviceCheck(TinyModel.parse(file));
        } catch (ModelFormatException e) {
            throw new ExportException("the written model does not parse: " + e.getMessage());
        }
    }

    /** @return the class the device computes for raw features (schema order) */
    public int predict(long[] raw) {
        return ForestEvaluator.classOf(evaluator.evaluate(raw, 0));
    }

    /** @return the risk in permille (0..1000) the device computes */
    public int riskPermille(long[] raw) {
        return ForestEvaluator.riskOf(evaluator.evaluate(raw, 0));
    }

    /** @return the parsed model */
    public TinyModel model() {
        return model;
    }
}
