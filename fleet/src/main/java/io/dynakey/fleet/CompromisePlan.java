package io.dynakey.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The compromises of a scenario, drawn from its seed only (never from a policy's behaviour), so
 * that every policy faces the same ones. A compromise falls uniformly in the window from 12 hours
 * after the start to 36 hours before the end, so that even a daily fixed schedule resolves it
 * inside the run.
 */
public final class CompromisePlan {

    private final Compromise[] byDevice;
    private final List<Compromise> all;

    private CompromisePlan(Compromise[] byDevice) {
        this.byDevice = byDevice;
        List<Compromise> list = new ArrayList<>();
        for (Compromise c : byDevice) {
            if (c != null) {
                list.add(c);
            }
        }
        list.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
        this.all = Collections.unmodifiableList(list);
    }

    /** Draws the plan; {@code attackTypes} is the number of attack classes the traffic source offers. */
    public static CompromisePlan draw(Scenario s, int attackTypes, int fixedAttackType) {
        SplittableRandom rng = new SplittableRandom(s.seed() ^ 0x636F6D70726F6DL);
        long earliest = 12 * 3_600_000L;
        long latest = Math.max(earliest + 1, s.horizonMillis() - 36 * 3_600_000L);
        Compromise[] by = new Compromise[s.devices()];
        for (int d = 0; d < s.devices(); d++) {
            double p = rng.nextDouble();
            long at = earliest + (long) (rng.nextDouble() * (latest - earliest));
            int type = fixedAttackType >= 0 ? fixedAttackType : rng.nextInt(attackTypes);
            if (p < s.compromiseProbability()) {
                by[d] = new Compromise(d, at, type);
            }
        }
        return new CompromisePlan(by);
    }

    /** The device's compromise, or {@code null}. */
    public Compromise of(int device) {
        return byDevice[device];
    }

    /** All compromises, by time. */
    public List<Compromise> all() {
        return all;
    }
}
