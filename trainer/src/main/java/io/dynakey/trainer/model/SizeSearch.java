package io.dynakey.trainer.model;

import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.eval.Evaluation;
import io.dynakey.trainer.export.ModelSize;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the best model that fits a byte budget: tries CART trees and forests of growing depth,
 * computes each one's exact file size from its node counts, and keeps the smallest file whose
 * validation F1 of the attack class (binary) or macro-F1 (multi-class) is within
 * {@link #TOLERANCE} of the best that fits. Stateless.
 */
public final class SizeSearch {

    /** Depths tried, shallow first. */
    static final int[] DEPTHS = {2, 3, 4, 5, 6, 8, 10, 12};
    /** Score difference treated as no difference (a bigger model must do better than this). */
    public static final double TOLERANCE = 0.001;
    /** Forest sizes tried. */
    static final int[] TREES = {1, 5, 10};

    /**
     * One candidate tried.
     *
     * @param options what was trained
     * @param bytes   exact model file size
     * @param score   validation F1 (binary) or macro-F1
     * @param fits    within the budget
     */
    public record Candidate(TrainOptions options, long bytes, double score, boolean fits) {
    }

    /**
     * The chosen model and every candidate tried (for the report).
     *
     * @param best       the winner, or {@code null} when nothing fits
     * @param model      the winner's trained model
     * @param candidates all candidates in the order tried
     */
    public record Result(Candidate best, TrainedModel model, List<Candidate> candidates) {
    }

    private final ForestTrainer trainer = new ForestTrainer();

    /**
     * @param base   min leaf, feature fraction, seed and task come from here
     * @param budget maximum file bytes (signature included)
     */
    public Result search(Telemetry data, int[] train, int[] validation, TrainOptions base, long budget) {
        List<Candidate> tried = new ArrayList<>();
        List<TrainedModel> models = new ArrayList<>();
        double top = Double.NEGATIVE_INFINITY;
        for (int trees : TREES) {
            for (int depth : DEPTHS) {
                TrainOptions o = base.withTrees(trees).withDepth(depth);
                TrainedModel m = trainer.train(data, train, o);
                long bytes = ModelSize.bytes(data.featureCount(), m.trees().size(), m.splitNodes(), m.leaves());
                boolean fits = bytes <= budget;
                double score = fits ? score(m, data, validation) : Double.NaN;
                tried.add(new Candidate(o, bytes, score, fits));
                models.add(fits ? m : null);
                if (fits) {
                    top = Math.max(top, score);
                }
                if (!fits) {
                    break; // deeper trees of this forest size only grow
                }
            }
        }
        Candidate best = null;
        TrainedModel bestModel = null;
        for (int i = 0; i < tried.size(); i++) {
            Candidate c = tried.get(i);
            if (c.fits() && c.score() >= top - TOLERANCE && (best == null || c.bytes() < best.bytes())) {
                best = c;
                bestModel = models.get(i);
            }
        }
        return new Result(best, bestModel, List.copyOf(tried));
    }

    /** Validation F1 of the attack class (binary) or macro-F1 (multi-class). */
    public static double score(TrainedModel m, Telemetry data, int[] rows) {
        Evaluation e = Evaluation.of(m, data, rows);
        return m.options().task() == Task.BINARY && m.classes().contains(Schema.ATTACK) ? e.attackF1() : e.confusion().macroF1();
    }
}
