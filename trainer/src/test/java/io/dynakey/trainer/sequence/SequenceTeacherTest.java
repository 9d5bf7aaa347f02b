package io.dynakey.trainer.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.trainer.data.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceTeacherTest {

    /** Input 0 rises by 0.8 standard deviations at the onset: one window barely shows it. */
    private static final float SHIFT = 0.8f;
    private static final TeacherOptions OPTIONS = TeacherOptions.defaults().withHiddenSize(16).withEpochs(20)
            .withBatchSize(16).withTruncation(32);

    private static List<WindowSequence> train;
    private static List<WindowSequence> heldOut;
    private static SequenceTeacher teacher;
    private static final List<long[]> EPOCHS = new ArrayList<>();

    @BeforeAll
    static void trainOnce() {
        // sequences of 40..72 steps: batches are padded, and the longer ones trained in two windows
        train = SyntheticSequences.slowDrift(320, 40, 72, 3, SHIFT, 0.5, 1);
        heldOut = SyntheticSequences.slowDrift(200, 40, 72, 3, SHIFT, 0.5, 2);
        teacher = SequenceTeacher.train(train, OPTIONS, (done, total, seen) -> EPOCHS.add(new long[] {done, total, seen}));
    }

    @AfterAll
    static void close() {
        teacher.close();
    }

    @Test
    void the_gru_beats_the_best_single_window_threshold_on_held_out_sequences() {
        // given the best rule "input k > c" that one window allows, chosen on the training steps
        float[] rule = bestStepThreshold(train);
        List<int[]> labels = heldOut.stream().map(WindowSequence::labels).toList();
        List<float[]> ruleAlarms = heldOut.stream().map(s -> applyRule(rule, s.steps())).toList();
        double ruleF1 = SequenceMetrics.f1(labels, ruleAlarms);
        // when the teacher scores the held-out sequences
        List<float[]> p = List.of(teacher.predictAll(heldOut.stream().map(WindowSequence::steps).toList()));
        double f1 = SequenceMetrics.f1(labels, p);
        double fpr = SequenceMetrics.falsePositiveRate(labels, p, 0.5f);
        SequenceMetrics.Delays delays = SequenceMetrics.delays(labels, p, 0.5f);
        System.out.printf("teacher F1 %.3f (FPR %.4f, detected %d/%d, mean delay %.1f windows), best single-window "
                + "rule (input %d > %.2f) F1 %.3f, FPR %.4f; loss per epoch %s, %.3f s per epoch%n", f1, fpr,
                delays.detected(), delays.compromised(), delays.meanDelay(), (int) rule[0], rule[1], ruleF1,
                SequenceMetrics.falsePositiveRate(labels, ruleAlarms, 0.5f), teacher.info().lossPerEpoch(),
                teacher.info().meanSecondsPerEpoch());
        // then the history-reading model wins by a clear margin
        assertTrue(f1 >= ruleF1 + 0.15, "teacher F1 " + f1 + " vs single-window rule " + ruleF1);
        assertTrue(fpr < 0.12, "false-positive rate on benign sequences " + fpr);
        assertTrue(delays.detectionRate() > 0.9, "detected " + delays.detected() + " of " + delays.compromised());
    }

    @Test
    void a_prediction_depends_on_the_past_only() {
        // given a benign sequence
        float[][] steps = heldOut.stream().filter(s -> !s.compromised()).findFirst().orElseThrow().steps();
        float[] p = teacher.predict(steps);
        int t = steps.length / 2;
        // when every step after t is replaced by a plain attack
        float[][] changed = new float[steps.length][];
        for (int i = 0; i < steps.length; i++) {
            changed[i] = i <= t ? steps[i].clone() : new float[] {3f, 0f, 0f};
        }
        float[] q = teacher.predict(changed);
        // and when the sequence is cut after t
        float[] cut = teacher.predict(Arrays.copyOf(steps, t + 1));
        // then nothing up to t moves
        for (int i = 0; i <= t; i++) {
            assertEquals(p[i], q[i], 1e-6, "step " + i);
            assertEquals(p[i], cut[i], 1e-6, "step " + i);
        }
        // while the attack after t is seen
        int last = steps.length - 1;
        assertTrue(q[last] > p[last] + 0.2f, "p at the end: " + p[last] + " benign, " + q[last] + " attacked");
    }

    @Test
    void batched_prediction_agrees_with_one_sequence_at_a_time() {
        List<float[][]> some = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            some.add(heldOut.get(i).steps());
        }
        some.add(new float[][] {{0f, 0f, 0f}});
        float[][] all = teacher.predictAll(some);
        assertEquals(some.size(), all.length);
        for (int i = 0; i < some.size(); i++) {
            float[] one = teacher.predict(some.get(i));
            assertEquals(some.get(i).length, all[i].length);
            for (int t = 0; t < one.length; t++) {
                assertEquals(one[t], all[i][t], 1e-5, "sequence " + i + " step " + t);
                assertTrue(one[t] >= 0 && one[t] <= 1);
            }
        }
    }

    @Test
    void predicting_again_and_again_holds_no_more_native_memory() {
        List<float[][]> some = heldOut.subList(0, 20).stream().map(WindowSequence::steps).toList();
        teacher.predictAll(some);
        int before = teacher.nativeArrays();
        for (int i = 0; i < 20; i++) {
            teacher.predictAll(some);
            teacher.predict(some.get(i));
        }
        assertEquals(before, teacher.nativeArrays());
    }

    @Test
    void another_thread_gets_the_same_predictions() throws Exception {
        float[][] steps = heldOut.get(5).steps();
        float[] here = teacher.predict(steps);
        float[][] there = new float[1][];
        Thread t = new Thread(() -> there[0] = teacher.predict(steps));
        t.start();
        t.join();
        assertArrayEquals(here, there[0]);
        assertEquals("WindowSequence[slow-drift seed 2 #5: " + steps.length + " steps x 3 inputs, "
                + Arrays.stream(heldOut.get(5).labels()).sum() + " compromised]", heldOut.get(5).toString());
    }

    @Test
    void progress_and_provenance_are_reported_per_epoch() {
        assertEquals(OPTIONS.epochs(), EPOCHS.size());
        for (int e = 0; e < EPOCHS.size(); e++) {
            assertArrayEquals(new long[] {e + 1, OPTIONS.epochs(), (e + 1L) * train.size()}, EPOCHS.get(e));
        }
        TeacherInfo info = teacher.info();
        assertEquals(3, info.inputs());
        // GRU: 3 gates x 16 x (3 inputs + 16 state) weights and 2 x 3 x 16 biases; head: 16 weights and 1 bias
        assertEquals(3 * 16 * (3 + 16) + 2 * 3 * 16 + 16 + 1, info.parameters());
        assertEquals(OPTIONS.epochs(), info.lossPerEpoch().size());
        assertTrue(info.finalLoss() < info.lossPerEpoch().get(0), "the loss fell: " + info.lossPerEpoch());
        assertTrue(info.libraries().contains("DJL 0.36.0") && info.libraries().contains("PyTorch 2.7.1"),
                info.libraries());
        assertEquals(info.parameters(), info.toMap().get("parameters"));
        assertEquals(info.lossPerEpoch(), info.toMap().get("loss_per_epoch"));
        long positives = train.stream().flatMapToInt(s -> Arrays.stream(s.labels())).filter(l -> l == 1).count();
        long steps = train.stream().mapToLong(WindowSequence::length).sum();
        assertEquals(positives, info.compromisedSteps());
        assertEquals(steps, info.trainingSteps());
        assertEquals((float) ((steps - positives) / (double) positives), info.positiveWeight(), 1e-4);
    }

    @Test
    void the_same_seed_trains_the_same_teacher_and_a_saved_teacher_predicts_the_same(@TempDir Path dir)
            throws Exception {
        List<WindowSequence> small = train.subList(0, 64);
        TeacherOptions quick = OPTIONS.withEpochs(2);
        float[][] probe = heldOut.get(0).steps();
        try (SequenceTeacher a = SequenceTeacher.train(small, quick, ProgressListener.NONE);
                SequenceTeacher b = SequenceTeacher.train(small, quick, ProgressListener.NONE);
                SequenceTeacher c = SequenceTeacher.train(small, quick.withSeed(7), ProgressListener.NONE)) {
            float[] pa = a.predict(probe);
            assertArrayEquals(pa, b.predict(probe));
            assertFalse(Arrays.equals(pa, c.predict(probe)), "another seed, another teacher");
            a.save(dir);
            try (SequenceTeacher loaded = SequenceTeacher.load(dir)) {
                assertArrayEquals(pa, loaded.predict(probe));
                assertEquals(a.info(), loaded.info());
            }
        }
    }

    @Test
    void misuse_is_refused_with_a_clear_message() {
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> teacher.predict(new float[][] {{1f, 2f, 3f, 4f}}));
        assertTrue(wide.getMessage().contains("4 inputs") && wide.getMessage().contains("trained on 3"),
                wide.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> SequenceTeacher.train(List.of(), OPTIONS, ProgressListener.NONE));
        assertTrue(empty.getMessage().contains("no training sequences"), empty.getMessage());
        List<WindowSequence> benign = SyntheticSequences.slowDrift(4, 8, 8, 3, SHIFT, 0, 3);
        IllegalArgumentException noAttack = assertThrows(IllegalArgumentException.class,
                () -> SequenceTeacher.train(benign, OPTIONS, ProgressListener.NONE));
        assertTrue(noAttack.getMessage().contains("no compromised step"), noAttack.getMessage());
        List<WindowSequence> mixed = List.of(train.get(0), SyntheticSequences.slowDrift(1, 8, 8, 2, SHIFT, 1, 4).get(0));
        assertThrows(IllegalArgumentException.class, () -> SequenceTeacher.train(mixed, OPTIONS, ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> teacher.predict(new float[0][]));
        assertThrows(IllegalArgumentException.class, () -> teacher.predict(new float[][] {{1f, Float.NaN, 0f}}));
        assertThrows(IllegalArgumentException.class,
                () -> new WindowSequence(new float[][] {{1f}, {2f, 3f}}, new int[] {0, 0}, "ragged"));
        assertThrows(IllegalArgumentException.class, () -> new WindowSequence(new float[][] {{1f}}, new int[] {2}, "x"));
    }

    @Test
    void a_missing_or_damaged_teacher_folder_is_an_io_error(@TempDir Path dir) throws Exception {
        assertThrows(java.io.IOException.class, () -> SequenceTeacher.load(dir.resolve("absent")));
        teacher.save(dir);
        Path meta = dir.resolve("teacher.properties");
        String text = java.nio.file.Files.readString(meta);
        java.nio.file.Files.writeString(meta, text.replace("format=1", "format=9"));
        java.io.IOException format = assertThrows(java.io.IOException.class, () -> SequenceTeacher.load(dir));
        assertTrue(format.getMessage().contains("unsupported teacher format 9"), format.getMessage());
        java.nio.file.Files.writeString(meta, text.replace("hidden=16", "hidden=8"));
        assertThrows(java.io.IOException.class, () -> SequenceTeacher.load(dir));
        java.nio.file.Files.writeString(meta, text);
        try (SequenceTeacher back = SequenceTeacher.load(dir)) {
            assertArrayEquals(teacher.predict(heldOut.get(1).steps()), back.predict(heldOut.get(1).steps()));
        }
    }

    /** @return {input, threshold} of the rule "input > threshold" with the best per-step F1 on the sequences */
    private static float[] bestStepThreshold(List<WindowSequence> sequences) {
        List<int[]> labels = sequences.stream().map(WindowSequence::labels).toList();
        int width = sequences.get(0).width();
        float[] best = {0, 0};
        double bestF1 = -1;
        for (int k = 0; k < width; k++) {
            for (float c = -2f; c <= 3f; c += 0.05f) {
                float[] rule = {k, c};
                double f1 = SequenceMetrics.f1(labels, sequences.stream().map(s -> applyRule(rule, s.steps())).toList());
                if (f1 > bestF1) {
                    bestF1 = f1;
                    best = rule;
                }
            }
        }
        return best;
    }

    private static float[] applyRule(float[] rule, float[][] steps) {
        float[] alarms = new float[steps.length];
        for (int t = 0; t < steps.length; t++) {
            alarms[t] = steps[t][(int) rule[0]] > rule[1] ? 1f : 0f;
        }
        return alarms;
    }
}
