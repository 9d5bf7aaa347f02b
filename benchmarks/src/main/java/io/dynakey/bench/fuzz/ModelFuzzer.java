package io.dynakey.bench.fuzz;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.Crc32;
import io.dynakey.models.FeatureSpec;
import io.dynakey.models.FeatureUnits;
import io.dynakey.models.ModelFormat;
import io.dynakey.models.ModelFormatException;
import io.dynakey.models.QuantizerSpec;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.models.TreeNode;
import java.util.Arrays;
import java.util.Random;

/**
 * Mutation fuzzer of the tiny-model reader and evaluator. Starts from random valid models,
 * applies random mutations (bit flips, byte sets, truncation, insertion, header counts, span
 * copies), repairs the CRC half of the time so that structural checks are reached, and requires
 * that every input is either parsed (and then evaluates in bounded time) or rejected with a
 * {@link ModelFormatException}. Anything else is a finding. Deterministic for a seed.
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
            byte[] f = base.clone();
            int mutations = 1 + rnd.nextInt(6);
            for (int i = 0; i < mutations; i++) {
                f = mutate(f, rnd);
            }
            if (rnd.nextBoolean() && f.length >= ModelFormat.SIGNATURE_SIZE + ModelFormat.CRC_SIZE) {
                fixCrc(f);
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
        return w.toBytes();
    }

    private static TreeNode tree(Random rnd, int depth, int features, int classes) {
        if (depth == 0 || rnd.nextInt(5) == 0) {
            return TreeNode.leaf(rnd.nextInt(classes), rnd.nextInt(256));
        }
        return TreeNode.split(rnd.nextInt(features), rnd.nextInt(65536), tree(rnd, depth - 1, features, classes),
                tree(rnd, depth - 1, features, classes));
    }

    static void fixCrc(byte[] f) {
        int crcOff = f.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE;
        int crc = Crc32.compute(f, 0, crcOff);
        f[crcOff] = (byte) crc;
        f[crcOff + 1] = (byte) (crc >>> 8);
        f[crcOff + 2] = (byte) (crc >>> 16);
        f[crcOff + 3] = (byte) (crc >>> 24);
    }

    static byte[] mutate(byte[] f, Random rnd) {
        if (f.length == 0) {
            return new byte[] {(byte) rnd.nextInt()};
        }
        int at = rnd.nextInt(f.length);
        switch (rnd.nextInt(7)) {
            case 0:
                f[at] ^= (byte) (1 << rnd.nextInt(8));
                return f;
            case 1:
                f[at] = (byte) rnd.nextInt();
                return f;
            case 2:
                return Arrays.copyOf(f, at);
            case 3: {
                byte[] g = new byte[f.length + 1];
                System.arraycopy(f, 0, g, 0, at);
                g[at] = (byte) rnd.nextInt();
                System.arraycopy(f, at, g, at + 1, f.length - at);
                return g;
            }
            case 4: {
                int[] special = {0, 1, 0x3F, 0x40, 0x7F, 0x80, 0xC0, 0xFF};
                f[at] = (byte) special[rnd.nextInt(special.length)];
                return f;
            }
            case 5: {
                int[] fields = {ModelFormat.OFF_FILE_LENGTH, ModelFormat.OFF_NODE_COUNT, ModelFormat.OFF_LEAF_COUNT,
                    ModelFormat.OFF_TREE_COUNT, ModelFormat.OFF_FEATURE_COUNT};
                int p = fields[rnd.nextInt(fields.length)];
                if (p + 4 <= f.length) {
                    long v = rnd.nextInt(3) == 0 ? f.length : rnd.nextInt() & 0xFFFFFFFFL;
                    for (int i = 0; i < 4; i++) {
                        f[p + i] = (byte) (v >>> (8 * i));
                    }
                }
                return f;
            }
            default: {
                int from = rnd.nextInt(f.length);
                int len = Math.min(1 + rnd.nextInt(16), Math.min(f.length - from, f.length - at));
                System.arraycopy(f, from, f, at, len);
                return f;
            }
        }
    }
}
