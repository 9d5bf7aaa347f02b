package io.dynakey.trainer.sequence;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.dynakey.trainer.data.ProgressListener;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;

/**
 * The sequence teacher: a causal GRU that reads a device's windows in time order and gives, for
 * every window, the probability that the device is compromised at that window, from that window
 * and the ones before it only.
 *
 * <p>Architecture: the inputs are standardised (mean and standard deviation of every input over the
 * training steps only), then one unidirectional GRU layer of {@link TeacherOptions#hiddenSize()}
 * units and a linear head give one logit per step. Loss: binary cross-entropy per step, a
 * compromised step weighted by {@link TeacherInfo#positiveWeight()}, averaged over real steps.
 * Variable lengths: each batch is padded at the end to its longest sequence (sequences of similar
 * length are batched together) and the padding carries zero weight; as the GRU is causal, padding
 * after a sequence cannot change its outputs. A sequence longer than
 * {@link TeacherOptions#truncation()} is trained in windows of that many steps with the state
 * carried over (truncated back-propagation through time); prediction reads the whole sequence.
 *
 * <p>Determinism: with the same data, options and seed, on one PyTorch thread (the default set by
 * {@link TeacherEngine}), training gives the same weights and predictions run to run on the same
 * machine and library versions. Not promised: equality across CPUs or PyTorch builds (vectorised
 * kernels differ), nor with more intra-op threads. Training sets PyTorch's global seed.
 *
 * <p>Thread-safety: prediction and saving are synchronized on the teacher; training is serialised
 * JVM-wide (DJL's PyTorch gradient collector is one per JVM). Close the teacher to free its native
 * memory.
 */
public final class SequenceTeacher implements AutoCloseable {

    private static final String ENGINE = "PyTorch";
    private static final String PREFIX = "teacher";
    private static final String META = "teacher.properties";
    private static final int FORMAT = 1;
    private static final int PREDICT_BATCH = 256;
    private static final int PREDICT_WINDOW = 1024;
    private static final int POOL_BATCHES = 8;
    private static final Object TRAINING = new Object();

    private final Model model;
    private final GruTagger block;
    private final int width;
    private final int hidden;
    private final float[] mean;
    private final float[] scale;
    private final TeacherInfo info;
    private boolean closed;

    private SequenceTeacher(Model model, GruTagger block, int hidden, float[] mean, float[] scale, TeacherInfo info) {
        this.model = model;
        this.block = block;
        this.width = mean.length;
        this.hidden = hidden;
        this.mean = mean;
        this.scale = scale;
        this.info = info;
        for (var p : block.getParameters()) {
            p.getValue().getArray().setRequiresGradient(false);
        }
    }

    /**
     * Trains a teacher.
     *
     * @param train    training sequences, all of the same width, at least one compromised step among them
     * @param options  hyper-parameters
     * @param progress told after every epoch: {@code progress(epochsDone, epochs, sequencesSeen)}
     * @throws IllegalArgumentException on an empty set, mixed widths or no compromised step
     * @throws IllegalStateException    if the PyTorch engine cannot load
     */
    public static SequenceTeacher train(List<WindowSequence> train, TeacherOptions options, ProgressListener progress) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training sequences: the teacher needs at least one");
        }
        int width = train.get(0).width();
        long steps = 0;
        long positives = 0;
        int longest = 0;
        for (WindowSequence s : train) {
            if (s.width() != width) {
                throw new IllegalArgumentException("sequence " + s.origin() + " has " + s.width()
                        + " inputs per step, the first training sequence has " + width);
            }
            steps += s.length();
            longest = Math.max(longest, s.length());
            for (int label : s.labels()) {
                positives += label;
            }
        }
        if (positives == 0) {
            throw new IllegalArgumentException("no compromised step in " + train.size()
                    + " training sequences: the teacher cannot learn a compromise it never saw");
        }
        float weight = options.positiveWeight() > 0 ? options.positiveWeight()
                : (float) Math.min(TeacherOptions.MAX_AUTO_WEIGHT, Math.max(1.0, (steps - positives) / (double) positives));
        float[][] scaling = scaling(train, width, steps);
        float[][] inputs = new float[train.size()][];
        int[] lengths = new int[train.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = standardised(train.get(i).steps(), scaling[0], scaling[1]);
            lengths[i] = train.get(i).length();
        }
        Engine engine = TeacherEngine.get();
        synchronized (TRAINING) {
            engine.setRandomSeed(Long.hashCode(options.seed()));
            Model model = Model.newInstance(PREFIX, Device.cpu(), ENGINE);
            try {
                GruTagger block = new GruTagger(options.hiddenSize());
                block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
                model.setBlock(block);
                Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(options.learningRate()))
                        .optClipGrad(options.gradientClip()).build();
                WeightedStepLoss loss = new WeightedStepLoss();
                DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(adam)
                        .optDevices(new Device[] {Device.cpu()});
                List<Double> losses = new ArrayList<>();
                List<Double> seconds = new ArrayList<>();
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(new Shape(Math.min(options.batchSize(), train.size()),
                            Math.min(options.truncation(), longest), width));
                    Random order = new Random(options.seed());
                    for (int epoch = 0; epoch < options.epochs(); epoch++) {
                        long start = System.nanoTime();
                        double lossSum = 0;
                        long real = 0;
                        for (int[] batch : batches(lengths, options.batchSize(), order)) {
                            double[] r = trainBatch(trainer, loss, batch, inputs, train, width, options, weight);
                            lossSum += r[0];
                            real += (long) r[1];
                        }
                        losses.add(lossSum / real);
                        seconds.add((System.nanoTime() - start) / 1e9);
                        progress.progress(epoch + 1, options.epochs(), (epoch + 1L) * train.size());
                    }
                }
                TeacherInfo info = new TeacherInfo(width, parameterCount(block), options.epochs(),
                        losses.get(losses.size() - 1), losses, seconds, train.size(), steps, positives, weight, options,
                        TeacherEngine.describe());
                return new SequenceTeacher(model, block, options.hiddenSize(), scaling[0], scaling[1], info);
            } catch (RuntimeException | Error e) {
                model.close();
                throw e;
            }
        }
    }

    /** One batch, window by window: returns {sum of per-step losses, real steps}. */
    private static double[] trainBatch(Trainer trainer, WeightedStepLoss loss, int[] batch, float[][] inputs,
            List<WindowSequence> train, int width, TeacherOptions options, float weight) {
        int b = batch.length;
        int longest = 0;
        for (int i : batch) {
            longest = Math.max(longest, train.get(i).length());
        }
        double lossSum = 0;
        long realSteps = 0;
        try (NDManager batchManager = trainer.getManager().newSubManager()) {
            NDArray state = batchManager.zeros(new Shape(1, b, options.hiddenSize()));
            for (int t0 = 0; t0 < longest; t0 += options.truncation()) {
                int len = Math.min(options.truncation(), longest - t0);
                float[] x = new float[b * len * width];
                float[] y = new float[b * len];
                float[] w = new float[b * len];
                int real = 0;
                for (int j = 0; j < b; j++) {
                    WindowSequence s = train.get(batch[j]);
                    int n = Math.max(0, Math.min(len, s.length() - t0));
                    if (n == 0) {
                        continue;
                    }
                    System.arraycopy(inputs[batch[j]], t0 * width, x, j * len * width, n * width);
                    for (int t = 0; t < n; t++) {
                        int label = s.labels()[t0 + t];
                        y[j * len + t] = label;
                        w[j * len + t] = label == 1 ? weight : 1f;
                    }
                    real += n;
                }
                try (NDManager window = batchManager.newSubManager()) {
                    NDArray xs = window.create(x, new Shape(b, len, width));
                    NDArray ys = window.create(y, new Shape(b, len));
                    NDArray ws = window.create(w, new Shape(b, len));
                    NDList out;
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        out = trainer.forward(new NDList(xs, state));
                        NDArray l = loss.evaluate(new NDList(ys, ws), new NDList(out.get(0)));
                        gc.backward(l);
                        lossSum += l.getFloat() * (double) real;
                    }
                    trainer.step();
                    NDArray next = out.get(1).stopGradient();
                    next.attach(batchManager);
                    state = next;
                }
                realSteps += real;
            }
        }
        return new double[] {lossSum, realSteps};
    }

    /**
     * Batches for one epoch: the sequences shuffled, sorted by length within pools of a few
     * batches (so a batch holds similar lengths and little padding), the batches shuffled.
     */
    static List<int[]> batches(int[] lengths, int batchSize, Random rng) {
        List<Integer> order = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, rng);
        List<int[]> batches = new ArrayList<>();
        int pool = batchSize * POOL_BATCHES;
        for (int p = 0; p < order.size(); p += pool) {
            List<Integer> part = new ArrayList<>(order.subList(p, Math.min(order.size(), p + pool)));
            part.sort((a, c) -> Integer.compare(lengths[a], lengths[c]));
            for (int s = 0; s < part.size(); s += batchSize) {
                batches.add(part.subList(s, Math.min(part.size(), s + batchSize)).stream().mapToInt(Integer::intValue)
                        .toArray());
            }
        }
        Collections.shuffle(batches, rng);
        return batches;
    }

    /**
     * Causal per-step probabilities for one sequence.
     *
     * @param steps {@code steps[t]} = window {@code t}'s inputs, as many as the teacher was trained on
     * @return {@code p[t]} in [0, 1]: the probability that the device is compromised at window
     *         {@code t}, from windows {@code 0..t} only
     * @throws IllegalArgumentException on no steps, a wrong width or a non-finite input
     */
    public float[] predict(float[][] steps) {
        return predictAll(List.<float[][]>of(steps))[0];
    }

    /**
     * {@link #predict} for many sequences, batched (sequences of similar length together): much
     * faster than one call per sequence.
     *
     * @return one probability array per sequence, in the order given
     */
    public synchronized float[][] predictAll(List<float[][]> sequences) {
        ensureOpen();
        Objects.requireNonNull(sequences, "sequences");
        for (int i = 0; i < sequences.size(); i++) {
            float[][] s = Objects.requireNonNull(sequences.get(i), "sequence " + i);
            int w = WindowSequence.checkedWidth(s, "#" + i);
            if (w != width) {
                throw new IllegalArgumentException("sequence #" + i + " has " + w + " inputs per step, the teacher "
                        + "was trained on " + width);
            }
        }
        Integer[] order = new Integer[sequences.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, c) -> Integer.compare(sequences.get(a).length, sequences.get(c).length));
        float[][] out = new float[sequences.size()][];
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        for (int p = 0; p < order.length; p += PREDICT_BATCH) {
            int[] batch = new int[Math.min(PREDICT_BATCH, order.length - p)];
            for (int j = 0; j < batch.length; j++) {
                batch[j] = order[p + j];
                out[batch[j]] = new float[sequences.get(batch[j]).length];
            }
            predictBatch(store, sequences, batch, out);
        }
        return out;
    }

    private void predictBatch(ParameterStore store, List<float[][]> sequences, int[] batch, float[][] out) {
        int b = batch.length;
        int longest = 0;
        for (int i : batch) {
            longest = Math.max(longest, sequences.get(i).length);
        }
        try (NDManager batchManager = model.getNDManager().newSubManager()) {
            NDArray state = batchManager.zeros(new Shape(1, b, hidden));
            for (int t0 = 0; t0 < longest; t0 += PREDICT_WINDOW) {
                int len = Math.min(PREDICT_WINDOW, longest - t0);
                float[] x = new float[b * len * width];
                for (int j = 0; j < b; j++) {
                    float[][] s = sequences.get(batch[j]);
                    int n = Math.max(0, Math.min(len, s.length - t0));
                    for (int t = 0; t < n; t++) {
                        float[] step = s[t0 + t];
                        int at = (j * len + t) * width;
                        for (int k = 0; k < width; k++) {
                            x[at + k] = (step[k] - mean[k]) / scale[k];
                        }
                    }
                }
                try (NDManager window = batchManager.newSubManager()) {
                    NDList result = block.forward(store, new NDList(window.create(x, new Shape(b, len, width)), state),
                            false);
                    float[] logits = result.get(0).toFloatArray();
                    for (int j = 0; j < b; j++) {
                        float[] p = out[batch[j]];
                        int n = Math.max(0, Math.min(len, p.length - t0));
                        for (int t = 0; t < n; t++) {
                            p[t0 + t] = (float) (1.0 / (1.0 + Math.exp(-logits[j * len + t])));
                        }
                    }
                    NDArray next = result.get(1);
                    next.attach(batchManager);
                    state = next;
                }
            }
        }
    }

    /** @return native arrays the teacher holds (parameters and optimiser state); for leak tests */
    synchronized int nativeArrays() {
        ensureOpen();
        return model.getNDManager().getManagedArrays().size();
    }

    /** @return provenance: sizes, epochs, losses, times, library versions */
    public TeacherInfo info() {
        return info;
    }

    /** @return inputs per step */
    public int width() {
        return width;
    }

    /**
     * Writes the teacher into {@code dir} (created if needed): {@code teacher-0000.params} (DJL's
     * parameter file) and {@code teacher.properties} (sizes, input scaling, provenance).
     */
    public synchronized void save(Path dir) throws IOException {
        ensureOpen();
        Files.createDirectories(dir);
        model.save(dir, PREFIX);
        TreeMap<String, String> meta = new TreeMap<>();
        meta.put("format", Integer.toString(FORMAT));
        meta.put("inputs", Integer.toString(width));
        meta.put("hidden", Integer.toString(hidden));
        for (int k = 0; k < width; k++) {
            meta.put("mean." + k, Float.toString(mean[k]));
            meta.put("scale." + k, Float.toString(scale[k]));
        }
        TeacherOptions o = info.options();
        meta.put("options", o.hiddenSize() + "," + o.epochs() + "," + o.batchSize() + "," + o.learningRate() + ","
                + o.seed() + "," + o.truncation() + "," + o.positiveWeight() + "," + o.gradientClip());
        meta.put("parameters", Long.toString(info.parameters()));
        meta.put("epochs.run", Integer.toString(info.epochsRun()));
        meta.put("loss.per.epoch", join(info.lossPerEpoch()));
        meta.put("seconds.per.epoch", join(info.secondsPerEpoch()));
        meta.put("training.sequences", Integer.toString(info.trainingSequences()));
        meta.put("training.steps", Long.toString(info.trainingSteps()));
        meta.put("compromised.steps", Long.toString(info.compromisedSteps()));
        meta.put("positive.weight", Float.toString(info.positiveWeight()));
        meta.put("libraries", info.libraries());
        StringBuilder sb = new StringBuilder("# dynakey sequence teacher\n");
        meta.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(dir.resolve(META), sb, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads a teacher written by {@link #save}.
     *
     * @throws IOException on a missing, unreadable or malformed file
     */
    public static SequenceTeacher load(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(META), StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        Model model = null;
        try {
            if (Integer.parseInt(p.getProperty("format", "")) != FORMAT) {
                throw new IOException("unsupported teacher format " + p.getProperty("format") + " in " + dir);
            }
            int width = Integer.parseInt(p.getProperty("inputs"));
            int hidden = Integer.parseInt(p.getProperty("hidden"));
            float[] mean = new float[width];
            float[] scale = new float[width];
            for (int k = 0; k < width; k++) {
                mean[k] = Float.parseFloat(p.getProperty("mean." + k));
                scale[k] = Float.parseFloat(p.getProperty("scale." + k));
            }
            String[] o = p.getProperty("options").split(",");
            TeacherOptions options = new TeacherOptions(Integer.parseInt(o[0]), Integer.parseInt(o[1]),
                    Integer.parseInt(o[2]), Float.parseFloat(o[3]), Long.parseLong(o[4]), Integer.parseInt(o[5]),
                    Float.parseFloat(o[6]), Float.parseFloat(o[7]));
            List<Double> losses = doubles(p.getProperty("loss.per.epoch"));
            TeacherInfo info = new TeacherInfo(width, Long.parseLong(p.getProperty("parameters")),
                    Integer.parseInt(p.getProperty("epochs.run")), losses.get(losses.size() - 1), losses,
                    doubles(p.getProperty("seconds.per.epoch")), Integer.parseInt(p.getProperty("training.sequences")),
                    Long.parseLong(p.getProperty("training.steps")), Long.parseLong(p.getProperty("compromised.steps")),
                    Float.parseFloat(p.getProperty("positive.weight")), options, p.getProperty("libraries"));
            TeacherEngine.get();
            model = Model.newInstance(PREFIX, Device.cpu(), ENGINE);
            GruTagger block = new GruTagger(hidden);
            model.setBlock(block);
            model.load(dir, PREFIX);
            // the parameter file carries its own shapes: they must be the ones the properties promise
            if (parameterCount(block) != GruTagger.parameterCount(width, hidden)
                    || !block.inputWeightShape().equals(new Shape(3L * hidden, width))) {
                throw new IOException("the parameters in " + dir + " are not those of a GRU(" + hidden + ") over "
                        + width + " inputs");
            }
            return new SequenceTeacher(model, block, hidden, mean, scale, info);
        } catch (RuntimeException | MalformedModelException e) {
            if (model != null) {
                model.close();
            }
            throw new IOException("malformed teacher in " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (model != null) {
                model.close();
            }
            throw e;
        }
    }

    /** Frees the native memory; the teacher is unusable afterwards. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the teacher is closed");
        }
    }

    /** Mean and standard deviation of every input over every training step (1 where constant). */
    private static float[][] scaling(List<WindowSequence> train, int width, long steps) {
        double[] sum = new double[width];
        double[] sq = new double[width];
        for (WindowSequence s : train) {
            for (float[] step : s.steps()) {
                for (int k = 0; k < width; k++) {
                    sum[k] += step[k];
                }
            }
        }
        float[] mean = new float[width];
        for (int k = 0; k < width; k++) {
            mean[k] = (float) (sum[k] / steps);
        }
        for (WindowSequence s : train) {
            for (float[] step : s.steps()) {
                for (int k = 0; k < width; k++) {
                    double d = step[k] - mean[k];
                    sq[k] += d * d;
                }
            }
        }
        float[] scale = new float[width];
        for (int k = 0; k < width; k++) {
            double sd = Math.sqrt(sq[k] / steps);
            scale[k] = sd > 1e-6 ? (float) sd : 1f;
        }
        return new float[][] {mean, scale};
    }

    private static float[] standardised(float[][] steps, float[] mean, float[] scale) {
        int width = mean.length;
        float[] flat = new float[steps.length * width];
        for (int t = 0; t < steps.length; t++) {
            for (int k = 0; k < width; k++) {
                flat[t * width + k] = (steps[t][k] - mean[k]) / scale[k];
            }
        }
        return flat;
    }

    private static long parameterCount(GruTagger block) {
        long n = 0;
        for (var p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    private static String join(List<Double> values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }

    private static List<Double> doubles(String csv) {
        List<Double> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Double.parseDouble(s));
        }
        return out;
    }
}
