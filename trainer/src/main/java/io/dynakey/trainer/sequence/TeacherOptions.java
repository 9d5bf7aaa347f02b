package io.dynakey.trainer.sequence;

/**
 * Hyper-parameters of one teacher training run.
 *
 * @param hiddenSize     GRU state size
 * @param epochs         passes over the training sequences
 * @param batchSize      sequences per optimiser batch
 * @param learningRate   Adam's (fixed) learning rate
 * @param seed           seed of the weight initialisation and of the batch order
 * @param truncation     steps per back-propagation window: a sequence longer than this is trained
 *                       window by window, the GRU state carried (detached) from one window to the
 *                       next, so the teacher still reads the whole history; prediction is never
 *                       truncated
 * @param positiveWeight loss weight of a compromised step relative to a benign one; 0 means
 *                       automatic: benign steps / compromised steps of the training set, clipped
 *                       to [1, {@value #MAX_AUTO_WEIGHT}]
 * @param gradientClip   each gradient element is clipped to [-clip, clip] before the update
 */
public record TeacherOptions(int hiddenSize, int epochs, int batchSize, float learningRate, long seed, int truncation,
        float positiveWeight, float gradientClip) {

    /** Ceiling of the automatic positive weight. */
    public static final float MAX_AUTO_WEIGHT = 100f;

    public TeacherOptions {
        if (hiddenSize < 1 || hiddenSize > 1024) {
            throw new IllegalArgumentException("hidden size must be in 1..1024, was " + hiddenSize);
        }
        if (epochs < 1 || batchSize < 1 || truncation < 1) {
            throw new IllegalArgumentException("need epochs >= 1, batch size >= 1 and truncation >= 1");
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite");
        }
        if (!(positiveWeight >= 0) || !Float.isFinite(positiveWeight)) {
            throw new IllegalArgumentException("positive weight must be 0 (automatic) or positive");
        }
        if (!(gradientClip > 0) || !Float.isFinite(gradientClip)) {
            throw new IllegalArgumentException("gradient clip must be positive and finite");
        }
    }

    /** Defaults: GRU(32), 20 epochs, batches of 32, Adam 0.01, seed 42, windows of 64 steps, automatic weight, clip 1. */
    public static TeacherOptions defaults() {
        return new TeacherOptions(32, 20, 32, 0.01f, 42L, 64, 0f, 1f);
    }

    public TeacherOptions withHiddenSize(int n) {
        return new TeacherOptions(n, epochs, batchSize, learningRate, seed, truncation, positiveWeight, gradientClip);
    }

    public TeacherOptions withEpochs(int n) {
        return new TeacherOptions(hiddenSize, n, batchSize, learningRate, seed, truncation, positiveWeight, gradientClip);
    }

    public TeacherOptions withBatchSize(int n) {
        return new TeacherOptions(hiddenSize, epochs, n, learningRate, seed, truncation, positiveWeight, gradientClip);
    }

    public TeacherOptions withLearningRate(float rate) {
        return new TeacherOptions(hiddenSize, epochs, batchSize, rate, seed, truncation, positiveWeight, gradientClip);
    }

    public TeacherOptions withSeed(long s) {
        return new TeacherOptions(hiddenSize, epochs, batchSize, learningRate, s, truncation, positiveWeight, gradientClip);
    }

    public TeacherOptions withTruncation(int steps) {
        return new TeacherOptions(hiddenSize, epochs, batchSize, learningRate, seed, steps, positiveWeight, gradientClip);
    }

    /** @param weight a compromised step's loss weight, or 0 for automatic */
    public TeacherOptions withPositiveWeight(float weight) {
        return new TeacherOptions(hiddenSize, epochs, batchSize, learningRate, seed, truncation, weight, gradientClip);
    }

    public TeacherOptions withGradientClip(float clip) {
        return new TeacherOptions(hiddenSize, epochs, batchSize, learningRate, seed, truncation, positiveWeight, clip);
    }

    /** @return a short description for reports */
    public String describe() {
        return "GRU(" + hiddenSize + ") + linear head, " + epochs + " epochs, batch " + batchSize + ", Adam lr "
                + learningRate + ", truncation " + truncation + " steps, positive weight "
                + (positiveWeight == 0 ? "auto" : Float.toString(positiveWeight)) + ", clip " + gradientClip
                + ", seed " + seed;
    }
}
