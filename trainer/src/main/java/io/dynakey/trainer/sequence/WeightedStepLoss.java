package io.dynakey.trainer.sequence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Binary cross-entropy on logits, weighted per step: labels are {@code (y, w)} with {@code y} the
 * 0/1 target and {@code w} the step's weight (0 for padding, the positive weight for a compromised
 * step, 1 for a benign one), predictions are {@code (z)}, all of the same shape. The result is
 * {@code sum(w * bce(z, y)) / count(w > 0)}: the weighted mean over real steps. Numerically
 * stable form: {@code max(z, 0) - z y + log(1 + exp(-|z|))}.
 */
final class WeightedStepLoss extends Loss {

    WeightedStepLoss() {
        super("weighted_step_bce");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray z = predictions.head();
        NDArray y = labels.get(0);
        NDArray w = labels.get(1);
        NDArray bce = z.maximum(0f).sub(z.mul(y)).add(z.abs().neg().exp().add(1f).log());
        NDArray real = w.gt(0f).sum().toType(z.getDataType(), false).maximum(1f);
        return bce.mul(w).sum().div(real);
    }
}
