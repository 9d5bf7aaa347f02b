package io.dynakey.fleet;

import java.util.List;

/**
 * What the fleet's adversary ({@link Adversary}) did, per policy, for {@code results.json}'s
 * {@code policies.<name>.adversary}: the settings it ran with and each policy's
 * {@link FleetSimulator.AdversaryOutcome} (the forcer's rotations); the exposure under the evader
 * is the policy's own exposure, since every compromised device's attack rows were shaped.
 *
 * @param evadeEpsilon            the evader's budget in quantized steps, 0 = no evader
 * @param forceShare              share of never compromised devices the forcer targets, 0 = none
 * @param forceEpsilon            the forcer's budget in quantized steps
 * @param rateLimitPerDevice      ROTATE_NOW rotations the governor's token bucket allows one
 *                                device over the run (burst + one per refill interval)
 * @param outcomes                one per policy, in run order
 */
public record AdversaryFigures(int evadeEpsilon, double forceShare, int forceEpsilon, long rateLimitPerDevice,
                               List<FleetSimulator.AdversaryOutcome> outcomes) {

    /** The figures of a simulator's adversary after its run. */
    public static AdversaryFigures of(Adversary a, FleetSimulator sim, long rateLimitPerDevice) {
        return new AdversaryFigures(a.evadeEpsilon(), a.forceShare(), a.forceEpsilon(), rateLimitPerDevice,
                sim.adversaryOutcomes());
    }

    /** @return true if an evader shaped the compromised devices' rows */
    public boolean evader() {
        return evadeEpsilon > 0;
    }

    /** @return true if a forcer spoofed rows into benign devices */
    public boolean forcer() {
        return forceShare > 0 && forceEpsilon > 0;
    }

    /** The outcome of a policy by name, or {@code null}. */
    public FleetSimulator.AdversaryOutcome outcome(String policy) {
        return outcomes.stream().filter(o -> o.policy().equals(policy)).findFirst().orElse(null);
    }
}
