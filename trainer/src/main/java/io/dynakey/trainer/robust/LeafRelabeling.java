package io.dynakey.trainer.robust;

import io.dynakey.models.ModelFormatException;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Robust leaf labels for a one-tree model: which benign leaves to turn into attack leaves so that
 * few attack rows can reach a benign leaf within the budget, at little cost in clean F1. The
 * trees and thresholds stay; only leaf classes change (benign to attack, never back), so this is
 * the leaf half of robust tree training (Vos &amp; Verwer, GROOT, ICML 2021, label leaves by their
 * adversarial counts; Chen et al., ICML 2019, treat the rows within ε of a split as able to go
 * either way).
 *
 * <p>For one tree an attack row evades within ε exactly when its attacker box
 * ({@link Perturbation}) reaches a benign leaf, and {@link BoxForest} enumerates the reachable
 * leaves on the device's integer thresholds, so the counts below are the exact attack's. Greedy,
 * from "every leaf attack": add back the benign leaf with the most benign-minus-attack training
 * rows per attack row it newly exposes (a row is exposed if its box reaches a benign leaf), and
 * repeat while a leaf still holds more benign than attack rows. Every prefix of that order is a
 * labelling; the kept one is the prefix with the lowest evasion on the validation rows whose
 * validation F1 is at least {@code minF1}. Not for forests (a leaf's vote alone does not decide).
 */
final class LeafRelabeling {

    /** Risk given to a leaf turned into an attack leaf, at least: even odds, in 1/255 units. */
    static final int MIN_ATTACK_RISK = 128;

    /**
     * The kept labelling.
     *
     * @param file          the relabelled model file (signature trailer zero)
     * @param flipped       benign leaves turned into attack leaves
     * @param benignLeaves  benign leaves of the source model
     * @param valF1         F1 of the kept labelling on the validation rows
     * @param valEvasion    its evasion rate at ε on the validation attack rows
     * @param trainEvasion  its evasion rate at ε on the training attack rows
     */
    record Relabeled(byte[] file, int flipped, int benignLeaves, double valF1, double valEvasion, double trainEvasion) {
    }

    private LeafRelabeling() {
    }

    /**
     * @param file     the source model (one tree)
     * @param threat   the attacker
     * @param epsilon  budget, quantized steps
     * @param benign   the benign class
     * @param trainX   training rows (raw, model feature order); attack rows drive the counts
     * @param trainAttack truth per training row
     * @param valX     validation rows
     * @param valAttack truth per validation row
     * @param minF1    the smallest validation F1 a kept labelling may have
     * @return the kept labelling, or {@code null} for a forest, a model without benign leaves or
     *         when no prefix reaches {@code minF1}
     */
    static Relabeled run(byte[] file, ThreatModel threat, int epsilon, int benign, long[][] trainX, boolean[] trainAttack,
                         long[][] valX, boolean[] valAttack, double minF1) {
        TinyModel model = parse(file);
        if (model.treeCount() != 1) {
            return null;
        }
        BoxForest forest = new BoxForest(model);
        int leaves = model.leafCount();
        boolean[] benignLeaf = new boolean[leaves];
        int benignLeaves = 0;
        for (int l = 0; l < leaves; l++) {
            benignLeaf[l] = model.leafClass(l) == benign;
            benignLeaves += benignLeaf[l] ? 1 : 0;
        }
        if (benignLeaves == 0) {
            return null;
        }
        Rows train = Rows.of(forest, threat, epsilon, benignLeaf, trainX, trainAttack);
        Rows val = Rows.of(forest, threat, epsilon, benignLeaf, valX, valAttack);
        // greedy order over the benign leaves
        boolean[] exposed = new boolean[train.attackRows];
        boolean[] kept = new boolean[leaves];
        List<Integer> order = new ArrayList<>();
        while (true) {
            int best = -1;
            double bestScore = -1;
            for (int l = 0; l < leaves; l++) {
                int gain = train.benignIn[l] - train.attackIn[l];
                if (!benignLeaf[l] || kept[l] || gain <= 0) {
                    continue;
                }
                int fresh = 0;
                for (int r : train.reach[l]) {
                    fresh += exposed[r] ? 0 : 1;
                }
                double score = gain / (fresh + 1.0);
                if (score > bestScore) {
                    bestScore = score;
                    best = l;
                }
            }
            if (best < 0) {
                break;
            }
            kept[best] = true;
            order.add(best);
            for (int r : train.reach[best]) {
                exposed[r] = true;
            }
        }
        // judge every prefix on the validation rows; evasion only grows along the order
        boolean[] valExposed = new boolean[val.attackRows];
        int valEvaded = 0;
        int fn = 0;
        int fp = val.benignRows;
        int keepCount = -1;
        double keptF1 = 0;
        double keptEvasion = 0;
        for (int k = 0; k <= order.size(); k++) {
            if (k > 0) {
                int l = order.get(k - 1);
                fp -= val.benignIn[l];
                fn += val.attackIn[l];
                for (int r : val.reach[l]) {
                    if (!valExposed[r]) {
                        valExposed[r] = true;
                        valEvaded++;
                    }
                }
            }
            int tp = val.attackRows - fn;
            double f1 = 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
            if (f1 >= minF1) {
                keepCount = k;
                keptF1 = f1;
                keptEvasion = (double) valEvaded / Math.max(1, val.attackRows);
                break;
            }
        }
        if (keepCount < 0) {
            return null;
        }
        int[] classes = new int[leaves];
        int[] risks = new int[leaves];
        boolean[] keep = new boolean[leaves];
        for (int k = 0; k < keepCount; k++) {
            keep[order.get(k)] = true;
        }
        int attackClass = attackClass(model, benign);
        int flipped = 0;
        boolean[] trainExposed = new boolean[train.attackRows];
        int trainEvaded = 0;
        for (int l = 0; l < leaves; l++) {
            classes[l] = model.leafClass(l);
            risks[l] = model.leafRisk(l);
            if (benignLeaf[l] && !keep[l]) {
                classes[l] = attackClass;
                risks[l] = Math.max(risks[l], MIN_ATTACK_RISK);
                flipped++;
            } else if (benignLeaf[l]) {
                for (int r : train.reach[l]) {
                    if (!trainExposed[r]) {
                        trainExposed[r] = true;
                        trainEvaded++;
                    }
                }
            }
        }
        try {
            return new Relabeled(TinyModelWriter.withLeaves(file, classes, risks), flipped, benignLeaves, keptF1,
                    keptEvasion, (double) trainEvaded / Math.max(1, train.attackRows));
        } catch (ModelFormatException e) {
            throw new IllegalStateException("a relabelled copy of a valid model does not parse: " + e.getMessage(), e);
        }
    }

    /** The attack class a flipped leaf gets: the class of the most attack leaves (binary: the other one). */
    private static int attackClass(TinyModel model, int benign) {
        int[] n = new int[model.classCount()];
        for (int l = 0; l < model.leafCount(); l++) {
            n[model.leafClass(l)]++;
        }
        int best = benign == 0 ? 1 : 0;
        for (int c = 0; c < n.length; c++) {
            if (c != benign && n[c] > n[best]) {
                best = c;
            }
        }
        return best;
    }

    private static TinyModel parse(byte[] file) {
        try {
            return TinyModel.parse(file);
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException("not a valid model file: " + e.getMessage(), e);
        }
    }

    /**
     * Rows seen through one tree: per leaf the benign and attack rows it holds, and per benign
     * leaf the attack rows (numbered 0..attackRows-1) whose attacker box reaches it.
     */
    private record Rows(int attackRows, int benignRows, int[] benignIn, int[] attackIn,
                        int[][] reach) {

        static Rows of(BoxForest forest, ThreatModel threat, int epsilon, boolean[] benignLeaf, long[][] x, boolean[] attack) {
            int leaves = benignLeaf.length;
            int[] benignIn = new int[leaves];
            int[] attackIn = new int[leaves];
            int[][] reach = new int[leaves][];
            int[] sizes = new int[leaves];
            for (int l = 0; l < leaves; l++) {
                reach[l] = new int[4];
            }
            int[] found = new int[leaves];
            int f = threat.featureCount();
            long[] lo = new long[f];
            long[] hi = new long[f];
            int attackRows = 0;
            int benignRows = 0;
            for (int i = 0; i < x.length; i++) {
                int n = forest.leaves(0, x[i].clone(), x[i].clone(), found);
                if (n != 1) {
                    throw new IllegalStateException("a point reaches " + n + " leaves");
                }
                int leaf = found[0];
                if (!attack[i]) {
                    benignIn[leaf]++;
                    benignRows++;
                    continue;
                }
                attackIn[leaf]++;
                new Perturbation(forest, threat, x[i]).box(epsilon, lo, hi);
                n = forest.leaves(0, lo, hi, found);
                for (int j = 0; j < n; j++) {
                    int l = found[j];
                    if (benignLeaf[l]) {
                        if (sizes[l] == reach[l].length) {
                            reach[l] = Arrays.copyOf(reach[l], 2 * sizes[l]);
                        }
                        reach[l][sizes[l]++] = attackRows;
                    }
                }
                attackRows++;
            }
            for (int l = 0; l < leaves; l++) {
                reach[l] = Arrays.copyOf(reach[l], sizes[l]);
            }
            return new Rows(attackRows, benignRows, benignIn, attackIn, reach);
        }
    }
}
