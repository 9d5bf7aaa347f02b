package io.dynakey.trainer.robust;

import io.dynakey.models.TinyModel;
import io.dynakey.trainer.data.FeatureSpec;
import io.dynakey.trainer.data.Schema;
import java.util.Arrays;

/**
 * Which of a model's features an attacker controls, and within which raw bounds (both ends
 * inclusive), in the model's feature order. Immutable.
 */
public final class ThreatModel {

    private final boolean[] controlled;
    private final long[] min;
    private final long[] max;

    /**
     * @param controlled per model feature: does the attacker choose its value
     * @param min        smallest raw value it can choose (ignored where not controlled)
     * @param max        largest raw value it can choose, at least {@code min}
     */
    public ThreatModel(boolean[] controlled, long[] min, long[] max) {
        if (controlled.length != min.length || controlled.length != max.length) {
            throw new IllegalArgumentException("controlled, min and max differ in length");
        }
        for (int f = 0; f < controlled.length; f++) {
            if (controlled[f] && min[f] > max[f]) {
                throw new IllegalArgumentException("feature " + f + ": attacker bounds are empty");
            }
        }
        this.controlled = controlled.clone();
        this.min = min.clone();
        this.max = max.clone();
    }

    /** Every feature controlled, over the whole {@code long} range (the strongest attacker). */
    public static ThreatModel allControlled(int features) {
        boolean[] c = new boolean[features];
        Arrays.fill(c, true);
        long[] lo = new long[features];
        Arrays.fill(lo, Long.MIN_VALUE);
        long[] hi = new long[features];
        Arrays.fill(hi, Long.MAX_VALUE);
        return new ThreatModel(c, lo, hi);
    }

    /**
     * The schema's threat model for a model trained through it.
     *
     * @throws IllegalArgumentException if the model's features are not the schema's, in order
     */
    public static ThreatModel of(Schema schema, TinyModel model) {
        int n = model.featureCount();
        if (schema.features().size() != n) {
            throw new IllegalArgumentException("the model has " + n + " features, the schema " + schema.name() + " "
                    + schema.features().size());
        }
        boolean[] c = new boolean[n];
        long[] lo = new long[n];
        long[] hi = new long[n];
        for (int f = 0; f < n; f++) {
            FeatureSpec spec = schema.features().get(f);
            if (spec.id() != model.featureId(f)) {
                throw new IllegalArgumentException("model feature " + f + " has id " + model.featureId(f) + ", the schema's "
                        + spec.column() + " has id " + spec.id() + ": not a model of this schema");
            }
            if (spec.attackerControlled()) {
                c[f] = true;
                lo[f] = spec.attacker().min();
                hi[f] = spec.attacker().max();
            }
        }
        return new ThreatModel(c, lo, hi);
    }

    /** @return number of features */
    public int featureCount() {
        return controlled.length;
    }

    /** @return true if the attacker chooses feature f */
    public boolean controlled(int f) {
        return controlled[f];
    }

    /** @return number of controlled features */
    public int controlledCount() {
        int n = 0;
        for (boolean b : controlled) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** @return smallest raw value the attacker can give feature f */
    public long min(int f) {
        return min[f];
    }

    /** @return largest raw value the attacker can give feature f */
    public long max(int f) {
        return max[f];
    }
}
