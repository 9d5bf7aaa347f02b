package io.dynakey.fleet;

import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.TinyModel;
import io.dynakey.trainer.robust.BoxForest;
import io.dynakey.trainer.robust.EvasionSearch;
import io.dynakey.trainer.robust.RobustnessEvaluation;
import io.dynakey.trainer.robust.ThreatModel;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attackers who know the deployed model (docs/threat-model.md, "Adversaries in the fleet"):
 * <ul>
 * <li>the <b>evader</b> holds a stolen key and shapes each attack row, within the schema's
 * attacker bounds and a budget of {@code evadeEpsilon} quantized steps (L-infinity), into the
 * benign class by the trainer's {@link EvasionSearch} (exact within its node budget, else a real
 * but not minimal witness);</li>
 * <li>the <b>rotation forcer</b> has no key; it spoofs traffic into the telemetry of a share of
 * benign devices, shaping their benign rows within the same bounds and budget into an attack
 * class, to force needless rotations.</li>
 * </ul>
 * A shaped row is kept only if it moves the row's risk the attacker's way (never raises an
 * evaded row's risk, never lowers a forced one's). Results are cached per distinct row, so each
 * is searched once. Thread-safe (one search per thread).
 */
public final class Adversary {

    /** Boxes one search decision may examine (beyond: a bounded search, see {@link EvasionSearch}). */
    public static final long NODE_BUDGET = 4_000;

    private final TinyModel model;
    private final ThreatModel threat;
    private final int evadeEpsilon;
    private final double forceShare;
    private final int forceEpsilon;
    private final long benign;
    private final long attack;
    private final ThreadLocal<EvasionSearch> searches;
    private final ThreadLocal<ForestEvaluator> evaluators;
    private final ConcurrentHashMap<Row, long[]> evaded = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Row, long[]> forced = new ConcurrentHashMap<>();

    /**
     * @param model        the deployed model (its first stage, the row forest, is attacked)
     * @param threat       what the attacker controls, model feature order
     * @param evadeEpsilon evader's budget in quantized steps, 0 = no evader
     * @param forceShare   share of benign devices the forcer targets, 0..1, 0 = no forcer
     * @param forceEpsilon forcer's budget in quantized steps
     */
    public Adversary(TinyModel model, ThreatModel threat, int evadeEpsilon, double forceShare, int forceEpsilon) {
        if (evadeEpsilon < 0 || forceEpsilon < 0) {
            throw new IllegalArgumentException("budgets must be >= 0");
        }
        if (!(forceShare >= 0 && forceShare <= 1)) {
            throw new IllegalArgumentException("the forced share must be 0..1, not " + forceShare);
        }
        if (threat.featureCount() != model.featureCount()) {
            throw new IllegalArgumentException("threat model of " + threat.featureCount() + " features for a model of "
                    + model.featureCount());
        }
        this.model = model;
        this.threat = threat;
        this.evadeEpsilon = evadeEpsilon;
        this.forceShare = forceShare;
        this.forceEpsilon = forceEpsilon;
        this.benign = BoxForest.bit(RobustnessEvaluation.inferBenignClass(model));
        long all = model.classCount() == 64 ? -1L : (1L << model.classCount()) - 1;
        this.attack = all & ~benign;
        this.searches = ThreadLocal.withInitial(() -> new EvasionSearch(new BoxForest(model), threat, NODE_BUDGET));
        this.evaluators = ThreadLocal.withInitial(() -> new ForestEvaluator(model));
    }

    /** @return true if compromised devices' attack rows are shaped */
    public boolean evades() {
        return evadeEpsilon > 0;
    }

    /** @return the evader's budget, quantized steps */
    public int evadeEpsilon() {
        return evadeEpsilon;
    }

    /** @return the share of benign devices the forcer targets */
    public double forceShare() {
        return forceShare;
    }

    /** @return the forcer's budget, quantized steps */
    public int forceEpsilon() {
        return forceEpsilon;
    }

    /** @return the attacker's bounds */
    public ThreatModel threat() {
        return threat;
    }

    /** Is device d (never compromised) one the forcer spoofs into? Depends only on the seed and d. */
    public boolean targets(long seed, int d) {
        if (forceShare <= 0) {
            return false;
        }
        long h = FleetSimulator.mix(seed ^ 0x666F72636572L, d, -7);
        return (h >>> 11) * 0x1.0p-53 < forceShare;
    }

    /** Shapes an attack row in place (model feature order) towards benign; never raises its risk. */
    public void evade(long[] input) {
        if (evadeEpsilon > 0) {
            shape(input, evaded, benign, evadeEpsilon, true);
        }
    }

    /** Shapes a benign row in place towards an attack class; never lowers its risk. */
    public void force(long[] input) {
        if (forceShare > 0 && forceEpsilon > 0) {
            shape(input, forced, attack, forceEpsilon, false);
        }
    }

    /** Risk permille of a row on the attacked model. */
    public int risk(long[] input) {
        return ForestEvaluator.riskOf(evaluators.get().evaluate(input, 0));
    }

    private void shape(long[] input, ConcurrentHashMap<Row, long[]> cache, long target, int epsilon, boolean lower) {
        Row key = new Row(input.clone());
        long[] out = cache.get(key);
        if (out == null) {
            out = key.x;
            int before = risk(key.x);
            int cls = ForestEvaluator.classOf(evaluators.get().evaluate(key.x, 0));
            if ((target & (1L << cls)) == 0) {
                long[] w = searches.get().within(key.x, target, epsilon);
                if (w != null) {
                    int after = risk(w);
                    if (lower ? after <= before : after >= before) {
                        out = w;
                    }
                }
            }
            cache.putIfAbsent(key, out);
        }
        System.arraycopy(out, 0, input, 0, input.length);
    }

    /** One line for the run's header. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "evader %s, rotation forcer %s; %d of %d features attacker-controlled, "
                        + "exact search (node budget %d per decision, bounded beyond)",
                evadeEpsilon > 0 ? "eps=" + evadeEpsilon + " steps" : "off",
                forceShare > 0 ? String.format(java.util.Locale.ROOT, "on %.0f %% of benign devices, eps=%d steps",
                        100 * forceShare, forceEpsilon) : "off",
                threat.controlledCount(), threat.featureCount(), NODE_BUDGET);
    }

    /** Distinct rows searched so far (evaded, forced). */
    public int[] cached() {
        return new int[] {evaded.size(), forced.size()};
    }

    private record Row(long[] x) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && Arrays.equals(x, r.x);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(x);
        }
    }
}
