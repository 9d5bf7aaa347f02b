package io.dynakey.bench.trainer;

import io.dynakey.trainer.sequence.SequenceMetrics;
import io.dynakey.trainer.sequence.SequenceTeacher;
import io.dynakey.trainer.sequence.SyntheticSequences;
import io.dynakey.trainer.sequence.TeacherEngine;
import io.dynakey.trainer.sequence.TeacherOptions;
import io.dynakey.trainer.sequence.WindowSequence;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures the sequence teacher on the synthetic slow-drift task: engine start, training time per
 * epoch, and prediction throughput batched against one sequence per call (the baseline, same run).
 * A held-out set gives the teacher's F1 beside the best single-window threshold's, so a fast but
 * broken teacher shows.
 */
public final class TeacherBenchmark {

    /**
     * @param sequences training sequences (the held-out set is a quarter of it, at least 100)
     * @param steps     steps per sequence
     * @param inputs    inputs per step
     * @param hidden    GRU size
     * @param epochs    epochs trained
     * @param seed      data and training seed
     */
    public record Settings(int sequences, int steps, int inputs, int hidden, int epochs, long seed) {
        public Settings {
            if (sequences < 1 || steps < 4 || inputs < 1 || hidden < 1 || epochs < 1) {
                throw new IllegalArgumentException("need sequences >= 1, steps >= 4, inputs >= 1, hidden >= 1, epochs >= 1");
            }
        }

        /** 2,000 sequences x 64 steps x 4 inputs, GRU(32), 5 epochs, seed 42. */
        public static Settings standard() {
            return new Settings(2_000, 64, 4, 32, 5, 42);
        }
    }

    /**
     * @param settings          what was run
     * @param engineSeconds     first load of the PyTorch engine (natives unpacked or found in the cache)
     * @param trainSeconds      whole training
     * @param secondsPerEpoch   mean epoch
     * @param firstLoss         loss after epoch 1
     * @param finalLoss         loss after the last epoch
     * @param batchedPerSecond  sequences per second through {@code predictAll} (the training set)
     * @param singlePerSecond   sequences per second through one {@code predict} call each (baseline)
     * @param teacherF1         held-out per-step F1 at 0.5
     * @param teacherFpr        held-out per-step false-positive rate on benign sequences
     * @param meanDelay         held-out mean detection delay, windows
     * @param ruleF1            held-out F1 of the best single-window rule "input 0 > c" (c chosen on the training set)
     * @param parameters        trainable scalars
     * @param peakRssBytes      the process's peak resident set (VmHWM), or -1 where unknown
     * @param libraries         DJL and engine versions
     */
    public record Result(Settings settings, double engineSeconds, double trainSeconds, double secondsPerEpoch,
            double firstLoss, double finalLoss, double batchedPerSecond, double singlePerSecond, double teacherF1,
            double teacherFpr, double meanDelay, double ruleF1, long parameters, long peakRssBytes, String libraries) {
    }

    private TeacherBenchmark() {
    }

    /** Runs the measurement; progress goes to {@code log}. */
    public static Result run(Settings s, PrintStream log) {
        long t = System.nanoTime();
        String libraries = TeacherEngine.describe();
        double engine = secs(t);
        log.printf("teacher: engine %s loaded in %.2f s (cache %s)%n", libraries, engine, TeacherEngine.directory());
        List<WindowSequence> train = SyntheticSequences.slowDrift(s.sequences(), s.steps(), s.steps(), s.inputs(), 0.8f,
                0.5, s.seed());
        List<WindowSequence> heldOut = SyntheticSequences.slowDrift(Math.max(100, s.sequences() / 4), s.steps(), s.steps(),
                s.inputs(), 0.8f, 0.5, s.seed() + 1);
        TeacherOptions options = TeacherOptions.defaults().withHiddenSize(s.hidden()).withEpochs(s.epochs())
                .withSeed(s.seed());
        t = System.nanoTime();
        try (SequenceTeacher teacher = SequenceTeacher.train(train, options,
                (done, total, seen) -> log.printf("teacher: epoch %d/%d%n", done, total))) {
            double training = secs(t);
            List<float[][]> trainSteps = train.stream().map(WindowSequence::steps).toList();
            teacher.predictAll(trainSteps.subList(0, Math.min(256, trainSteps.size()))); // warm-up
            t = System.nanoTime();
            teacher.predictAll(trainSteps);
            double batched = trainSteps.size() / secs(t);
            int singles = Math.min(200, trainSteps.size());
            t = System.nanoTime();
            for (int i = 0; i < singles; i++) {
                teacher.predict(trainSteps.get(i));
            }
            double single = singles / secs(t);
            List<int[]> labels = heldOut.stream().map(WindowSequence::labels).toList();
            List<float[]> p = List.of(teacher.predictAll(heldOut.stream().map(WindowSequence::steps).toList()));
            float c = bestThreshold(train);
            List<float[]> rule = heldOut.stream().map(q -> alarms(q.steps(), c)).toList();
            var info = teacher.info();
            return new Result(s, engine, training, info.meanSecondsPerEpoch(), info.lossPerEpoch().get(0),
                    info.finalLoss(), batched, single, SequenceMetrics.f1(labels, p),
                    SequenceMetrics.falsePositiveRate(labels, p, SequenceMetrics.THRESHOLD),
                    SequenceMetrics.delays(labels, p, SequenceMetrics.THRESHOLD).meanDelay(),
                    SequenceMetrics.f1(labels, rule), info.parameters(), peakRss(), libraries);
        }
    }

    /** Formats the result as Markdown. */
    public static String table(Result r) {
        Settings s = r.settings();
        long steps = (long) s.sequences() * s.steps();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Sequence teacher (%s, one PyTorch thread): GRU(%d) + linear head, %,d parameters, on "
                + "%,d synthetic slow-drift sequences x %d steps x %d inputs (seed %d).%n%n", r.libraries(), s.hidden(),
                r.parameters(), s.sequences(), s.steps(), s.inputs(), s.seed()));
        sb.append("| stage | sequences | seconds | sequences/s | steps/s | vs baseline |\n");
        sb.append("|---|---:|---:|---:|---:|---|\n");
        sb.append(String.format("| engine load | | %.2f | | | |%n", r.engineSeconds()));
        sb.append(String.format("| train, one epoch (mean of %d) | %,d | %.2f | %,.0f | %,.0f | |%n", s.epochs(),
                s.sequences(), r.secondsPerEpoch(), s.sequences() / r.secondsPerEpoch(), steps / r.secondsPerEpoch()));
        sb.append(String.format("| predict, one sequence per call (baseline) | | | %,.0f | %,.0f | baseline |%n",
                r.singlePerSecond(), r.singlePerSecond() * s.steps()));
        sb.append(String.format("| predict, batched (`predictAll`) | %,d | %.2f | %,.0f | %,.0f | %.1fx |%n",
                s.sequences(), s.sequences() / r.batchedPerSecond(), r.batchedPerSecond(),
                r.batchedPerSecond() * s.steps(), r.batchedPerSecond() / r.singlePerSecond()));
        sb.append(String.format("%nTraining: %d epochs in %.1f s, loss %.3f after epoch 1, %.3f after the last. Held out: "
                + "teacher per-step F1 %.3f (false-positive rate on benign sequences %.4f, mean detection delay %.1f "
                + "windows) against %.3f for the best single-window threshold. Peak RSS %s.%n", s.epochs(),
                r.trainSeconds(), r.firstLoss(), r.finalLoss(), r.teacherF1(), r.teacherFpr(), r.meanDelay(), r.ruleF1(),
                r.peakRssBytes() < 0 ? "unknown" : String.format("%.0f MB", r.peakRssBytes() / 1e6)));
        return sb.toString();
    }

    /** The threshold c of "input 0 > c" with the best per-step F1 on the sequences. */
    private static float bestThreshold(List<WindowSequence> sequences) {
        List<int[]> labels = sequences.stream().map(WindowSequence::labels).toList();
        float best = 0;
        double bestF1 = -1;
        for (float c = -1f; c <= 2f; c += 0.05f) {
            float cut = c;
            double f1 = SequenceMetrics.f1(labels, sequences.stream().map(q -> alarms(q.steps(), cut)).toList());
            if (f1 > bestF1) {
                bestF1 = f1;
                best = c;
            }
        }
        return best;
    }

    private static float[] alarms(float[][] steps, float c) {
        float[] a = new float[steps.length];
        for (int t = 0; t < steps.length; t++) {
            a[t] = steps[t][0] > c ? 1f : 0f;
        }
        return a;
    }

    /** @return VmHWM from /proc/self/status in bytes, or -1 */
    private static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
