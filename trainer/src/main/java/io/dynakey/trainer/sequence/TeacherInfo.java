package io.dynakey.trainer.sequence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provenance of a trained teacher, for reports and {@code metrics.json}.
 *
 * @param inputs            inputs per step
 * @param parameters        trainable scalars (GRU and head)
 * @param epochsRun         epochs trained
 * @param finalLoss         mean weighted cross-entropy per step over the last epoch
 * @param lossPerEpoch      the same, for every epoch in order
 * @param secondsPerEpoch   wall time of every epoch
 * @param trainingSequences sequences trained on
 * @param trainingSteps     steps (windows) trained on
 * @param compromisedSteps  of those, steps labelled compromised
 * @param positiveWeight    the loss weight of a compromised step actually used
 * @param options           the options asked for
 * @param libraries         e.g. {@code DJL 0.36.0, PyTorch 2.7.1}
 */
public record TeacherInfo(int inputs, long parameters, int epochsRun, double finalLoss, List<Double> lossPerEpoch,
        List<Double> secondsPerEpoch, int trainingSequences, long trainingSteps, long compromisedSteps,
        float positiveWeight, TeacherOptions options, String libraries) {

    public TeacherInfo {
        lossPerEpoch = List.copyOf(lossPerEpoch);
        secondsPerEpoch = List.copyOf(secondsPerEpoch);
    }

    /**
     * @return the provenance as an ordered map with snake_case keys, for {@code metrics.json}
     *         ({@code model}, {@code libraries}, {@code inputs}, {@code parameters}, {@code epochs},
     *         {@code final_loss}, {@code loss_per_epoch}, {@code seconds_per_epoch},
     *         {@code training_sequences}, {@code training_steps}, {@code compromised_steps},
     *         {@code positive_weight}, {@code seed})
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", options.describe());
        m.put("libraries", libraries);
        m.put("inputs", inputs);
        m.put("parameters", parameters);
        m.put("epochs", epochsRun);
        m.put("final_loss", finalLoss);
        m.put("loss_per_epoch", lossPerEpoch);
        m.put("seconds_per_epoch", secondsPerEpoch);
        m.put("training_sequences", trainingSequences);
        m.put("training_steps", trainingSteps);
        m.put("compromised_steps", compromisedSteps);
        m.put("positive_weight", positiveWeight);
        m.put("seed", options.seed());
        return m;
    }

    /** @return the mean wall time of an epoch, seconds */
    public double meanSecondsPerEpoch() {
        return secondsPerEpoch.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
