package io.dynakey.bench.fuzz;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.FeatureSpec;
import io.dynakey.models.FeatureUnits;
import io.dynakey.models.ModelFiles;
import io.dynakey.models.ModelFormat;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.RotationScheduleSpec;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.models.TreeNode;
import io.dynakey.models.testing.ByteMutator;
import java.util.Random;

/**
 * Mutation fuzzer of the tiny-model reader and evaluator. Starts from random valid models,
 * applies the shared {@link ByteMutator}'s mutations (bit flips, byte sets, truncation,
 * insertion, deletion, header counts, span copies), repairs the CRC half of the time so that
 * structural checks are reached, and requires that every input is either parsed (and then
 * evaluates in bounded time) or rejected with a {@link ModelFormatException}. Anything else is a
 * finding. Deterministic for a seed.
 */
public final class ModelFuzzer {

    /** What a run did. */
    public record Report(long cases, long parsed, long[] rejectedByReason, byte[] finding, String findingText) {
        public boolean clean() {
            return finding == null;
        }
    }

    private ModelFuzzer() {
    }

    /** Runs until {@code millis} have passed or a finding; {@code seed} makes it reproducible. */
    public static Report run(long millis, long seed) {
        Random rnd = new Random(seed);
        ByteMutator mutator = ModelFiles.mutator(rnd);
        long deadline = System.currentTimeMillis() + millis;
        long cases = 0;
        long parsed = 0;
        long[] rejected = new long[16];
        long[] raw = new long[ModelFormat.MAX_FEATURES];
        byte[] base = null;
        while (System.currentTimeMillis() < deadline) {
            if (cases % 256 == 0) {
                base = randomModel(rnd);
            }
            byte[] f = mutator.mutate(base, 6);
            if (rnd.nextBoolean() && f.length >= ModelFormat.SIGNATURE_SIZE + ModelFormat.CRC_SIZE) {
                ModelFiles.fixCrc(f);
            }
            cases++;
            try {
                TinyModel m = TinyModel.parse(f);
                ForestEvaluator ev = new ForestEvaluator(m);
                for (int k = 0; k < 8; k++) {
                    for (int i = 0; i < m.featureCount(); i++) {
                        raw[i] = rnd.nextLong() >> rnd.nextInt(64);
                    }
                    int r = ev.evaluate(raw, 0);
                    if (ForestEvaluator.classOf(r) >= m.classCount() || ForestEvaluator.riskOf(r) > 1000) {
                        return new Report(cases, parsed, rejected, f, "output out of range: " + r);
                    }
                }
                if (m.hasRotationSchedule()) {
                    // an accepted section obeys every rule of the format (the spec's constructor re-checks them)
                    RotationScheduleSpec.of(m);
                }
                parsed++;
            } catch (ModelFormatException e) {
                rejected[Math.min(e.reason(), rejected.length - 1)]++;
            } catch (RuntimeException | StackOverflowError e) {
                return new Report(cases, parsed, rejected, f, e.toString());
            }
        }
        return new Report(cases, parsed, rejected, null, null);
    }

    static byte[] randomModel(Random rnd) {
        int features = 1 + rnd.nextInt(10);
        int classes = 1 + rnd.nextInt(5);
        TinyModelWriter w = new TinyModelWriter(rnd.nextInt() & 0xFFFFL, 1, classes);
        for (int i = 0; i < features; i++) {
            QuantizerSpec q = rnd.nextBoolean() ? QuantizerSpec.linear(rnd.nextInt(), 1 + rnd.nextInt(65535), rnd.nextInt(32))
                    : QuantizerSpec.log(rnd.nextInt(1000), rnd.nextInt(11));
            w.addFeature(new FeatureSpec(i + 1, FeatureUnits.COUNT, 0, q));
        }
        int trees = 1 + rnd.nextInt(6);
        for (int t = 0; t < trees; t++) {
            w.addTree(tree(rnd, 1 + rnd.nextInt(9), features, classes));
        }
        if (rnd.nextBoolean()) {
            w.rotationSchedule(randomSchedule(rnd));
        }
        return w.toBytes();
    }

    /** A random valid rotation schedule section (format 1.1): 1..8 bands, ascending edges, ages within the rules. */
    static RotationScheduleSpec randomSchedule(Random rnd) {
        int bands = 1 + rnd.nextInt(ModelFormat.MAX_ROTATION_BANDS);
        int[] edges = new int[bands - 1];
        int next = 1;
        for (int i = 0; i < edges.length; i++) {
            int room = ModelFormat.MAX_RISK_PERMILLE - next - (edges.length - 1 - i);
            edges[i] = next + rnd.nextInt(Math.max(1, room / 2));
            next = edges[i] + 1;
        }
        long[] ages = new long[bands];
        ages[0] = 1 + (long) (rnd.nextDouble() * (ModelFormat.MAX_ROTATION_AGE_SECONDS - 1));
        for (int b = 1; b < bands; b++) {
            ages[b] = (long) (rnd.nextDouble() * ages[0]);
        }
        return new RotationScheduleSpec(1 + rnd.nextInt(1000), edges, ages, rnd.nextBoolean());
    }

    private static TreeNode tree(Random rnd, int depth, int features, int classes) {
        if (depth == 0 || rnd.nextInt(5) == 0) {
            return TreeNode.leaf(rnd.nextInt(classes), rnd.nextInt(256));
        }
        return TreeNode.split(rnd.nextInt(features), rnd.nextInt(65536), tree(rnd, depth - 1, features, classes),
                tree(rnd, depth - 1, features, classes));
    }
}
