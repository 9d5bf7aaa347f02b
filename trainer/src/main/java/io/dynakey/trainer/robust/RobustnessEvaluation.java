package io.dynakey.trainer.robust;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.TinyModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's robustness on labelled rows: clean F1 of the device's decision, and at each budget
 * the evasion rate (attack rows the attacker can turn benign), the forced-alarm rate (benign
 * rows it can make look like an attack: needless rotations) and the certified accuracy (rows
 * classified right whose certified radius exceeds the budget). Binary view: a row is detected
 * when the model's class is not the benign class.
 *
 * @param epsilons           budgets, quantized steps (L-infinity)
 * @param rows               rows judged
 * @param attackRows         rows labelled attack
 * @param f1                 clean attack F1 of the device evaluation
 * @param evasionRate        per budget: attack rows with a found evasion within it (exact when
 *                           {@code exactRows == rows}, else a lower bound)
 * @param evasionRateUpper   per budget: attack rows the certificate cannot protect (upper bound)
 * @param forcedAlarmRate    per budget: benign rows with a found push to attack (lower bound if inexact)
 * @param certifiedAccuracy  per budget: rows classified right and certified beyond it
 * @param exactRows          rows whose smallest evasion is exact (the rest: an upper bound)
 * @param meanL0             mean features changed by the evasions found within the largest budget
 * @param certifyMillis      mean certification time per row, milliseconds
 * @param searchMillis       mean exact-search time per row, milliseconds
 * @param controlledFeatures features the attacker controls
 */
public record RobustnessEvaluation(int[] epsilons, int rows, int attackRows, double f1, double[] evasionRate,
                                   double[] evasionRateUpper, double[] forcedAlarmRate, double[] certifiedAccuracy,
                                   int exactRows, double meanL0, double certifyMillis, double searchMillis,
                                   int controlledFeatures) {

    /** Boxes one search decision may examine (beyond: stated as an upper bound). */
    public static final long DEFAULT_NODE_BUDGET = 20_000;

    /**
     * The benign class of a binary trainer model: the class whose leaves carry the lowest mean
     * risk (the trainer writes risk = 1 - P(benign), so benign leaves are near 0).
     */
    public static int inferBenignClass(TinyModel model) {
        double[] sum = new double[model.classCount()];
        int[] n = new int[model.classCount()];
        for (int l = 0; l < model.leafCount(); l++) {
            sum[model.leafClass(l)] += model.leafRisk(l);
            n[model.leafClass(l)]++;
        }
        int best = -1;
        for (int c = 0; c < sum.length; c++) {
            if (n[c] > 0 && (best < 0 || sum[c] / n[c] < sum[best] / n[best])) {
                best = c;
            }
        }
        return Math.max(best, 0);
    }

    /**
     * Judges a model.
     *
     * @param model       the model
     * @param threat      what the attacker controls
     * @param x           raw rows, model feature order
     * @param attack      truth per row
     * @param benignClass the model's benign class index
     * @param epsilons    budgets, ascending
     * @param nodeBudget  boxes per search decision
     */
    public static RobustnessEvaluation of(TinyModel model, ThreatModel threat, long[][] x, boolean[] attack,
                                          int benignClass, int[] epsilons, long nodeBudget) {
        BoxForest forest = new BoxForest(model);
        Certifier certifier = new Certifier(forest, threat);
        EvasionSearch search = new EvasionSearch(forest, threat, nodeBudget);
        ForestEvaluator eval = new ForestEvaluator(model);
        long benign = BoxForest.bit(benignClass);
        long all = model.classCount() == 64 ? -1L : (1L << model.classCount()) - 1;
        int e = epsilons.length;
        long[] evaded = new long[e];
        long[] unprotected = new long[e];
        long[] forced = new long[e];
        long[] certified = new long[e];
        long tp = 0;
        long fp = 0;
        long fn = 0;
        int attacks = 0;
        int exact = 0;
        long l0Sum = 0;
        long l0Count = 0;
        long certifyNanos = 0;
        long searchNanos = 0;
        int maxEps = epsilons.length == 0 ? 0 : epsilons[e - 1];
        for (int r = 0; r < x.length; r++) {
            boolean predictedAttack = ForestEvaluator.classOf(eval.evaluate(x[r], 0)) != benignClass;
            if (attack[r]) {
                attacks++;
            }
            tp += attack[r] && predictedAttack ? 1 : 0;
            fp += !attack[r] && predictedAttack ? 1 : 0;
            fn += attack[r] && !predictedAttack ? 1 : 0;
            long target = attack[r] ? benign : all & ~benign;
            long t0 = System.nanoTime();
            int radius = certifier.radius(x[r], target);
            long t1 = System.nanoTime();
            EvasionSearch.Result found = search.minimal(x[r], target);
            long t2 = System.nanoTime();
            certifyNanos += t1 - t0;
            searchNanos += t2 - t1;
            if (found.epsilon() != EvasionSearch.NONE && found.epsilon() < radius) {
                throw new IllegalStateException("certificate unsound at row " + r + ": radius " + radius + " > evasion "
                        + found.epsilon());
            }
            exact += found.exact() ? 1 : 0;
            if (found.evadesWithin(maxEps) && found.epsilon() > 0) {
                l0Sum += found.l0();
                l0Count++;
            }
            for (int i = 0; i < e; i++) {
                if (attack[r]) {
                    evaded[i] += found.evadesWithin(epsilons[i]) ? 1 : 0;
                    unprotected[i] += radius <= epsilons[i] ? 1 : 0;
                } else {
                    forced[i] += found.evadesWithin(epsilons[i]) ? 1 : 0;
                }
                certified[i] += radius > epsilons[i] ? 1 : 0;
            }
        }
        int benignRows = x.length - attacks;
        double[] ev = new double[e];
        double[] up = new double[e];
        double[] fa = new double[e];
        double[] ca = new double[e];
        for (int i = 0; i < e; i++) {
            ev[i] = ratio(evaded[i], attacks);
            up[i] = ratio(unprotected[i], attacks);
            fa[i] = ratio(forced[i], benignRows);
            ca[i] = ratio(certified[i], x.length);
        }
        double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        int n = Math.max(1, x.length);
        return new RobustnessEvaluation(epsilons.clone(), x.length, attacks, f1, ev, up, fa, ca, exact,
                l0Count == 0 ? 0 : (double) l0Sum / l0Count, certifyNanos / 1e6 / n, searchNanos / 1e6 / n,
                threat.controlledCount());
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    /** @return true if every row's smallest evasion is exact */
    public boolean exact() {
        return exactRows == rows;
    }

    /** @return the figures as JSON-ready maps and lists */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("attack_rows", attackRows);
        m.put("controlled_features", controlledFeatures);
        m.put("f1", f1);
        m.put("epsilon", list(epsilons));
        m.put("evasion_rate", list(evasionRate));
        m.put("evasion_rate_upper_bound", list(evasionRateUpper));
        m.put("forced_alarm_rate", list(forcedAlarmRate));
        m.put("certified_accuracy", list(certifiedAccuracy));
        m.put("exact", exact());
        m.put("exact_rows", exactRows);
        m.put("mean_l0_of_evasions", meanL0);
        m.put("certify_ms_per_row", certifyMillis);
        m.put("search_ms_per_row", searchMillis);
        m.put("note", exact()
                ? "evasion rates are exact (every row's smallest evasion found by complete search)"
                : "the search hit its node budget on " + (rows - exactRows) + " rows: evasion_rate is a lower bound "
                + "(found evasions) and evasion_rate_upper_bound (certificate) an upper bound");
        return m;
    }

    /** @return the figures for a person, one line per budget */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "clean F1 %.4f on %,d rows (%,d attack); attacker controls %d features%n", f1, rows,
                attackRows, controlledFeatures));
        sb.append(String.format(Locale.ROOT, "%8s  %14s  %14s  %14s  %14s%n", "epsilon", "evasion rate", "(upper bound)",
                "forced alarms", "certified acc"));
        for (int i = 0; i < epsilons.length; i++) {
            sb.append(String.format(Locale.ROOT, "%8d  %14.4f  %14.4f  %14.4f  %14.4f%n", epsilons[i], evasionRate[i],
                    evasionRateUpper[i], forcedAlarmRate[i], certifiedAccuracy[i]));
        }
        sb.append(exact() ? "evasion search exact on every row" : String.format(Locale.ROOT,
                "evasion search exact on %,d of %,d rows; on the rest it is bounded (evasion rate is then a lower bound, "
                        + "the certificate's column an upper bound)", exactRows, rows));
        sb.append(String.format(Locale.ROOT, "%nmean features changed by an evasion: %.2f; certification %.3f ms/row, search %.3f ms/row%n",
                meanL0, certifyMillis, searchMillis));
        return sb.toString();
    }

    private static List<Object> list(int[] v) {
        List<Object> l = new ArrayList<>();
        for (int x : v) {
            l.add(x);
        }
        return l;
    }

    private static List<Object> list(double[] v) {
        List<Object> l = new ArrayList<>();
        for (double x : v) {
            l.add(x);
        }
        return l;
    }
}
