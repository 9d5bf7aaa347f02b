package io.dynakey.fleet;

import java.util.List;

/**
 * One fleet run: the scenario, what drove it, and each policy's result.
 *
 * @param scenario the scenario
 * @param traffic the traffic source's description
 * @param model the model's description
 * @param gateway the gateway's description
 * @param compromises number of injected compromises
 * @param policies one result per policy, in run order
 * @param adversary what the evader and the rotation forcer did, or {@code null} without them
 */
public record FleetResult(Scenario scenario, String traffic, String model, String gateway, int compromises,
                          List<PolicyResult> policies, AdversaryFigures adversary) {

    /** A run without an adversary. */
    public FleetResult(Scenario scenario, String traffic, String model, String gateway, int compromises,
                       List<PolicyResult> policies) {
        this(scenario, traffic, model, gateway, compromises, policies, null);
    }

    /** @return this run with the adversary's figures attached */
    public FleetResult withAdversary(AdversaryFigures figures) {
        return new FleetResult(scenario, traffic, model, gateway, compromises, policies, figures);
    }

    /** The result of a policy by name, or {@code null}. */
    public PolicyResult policy(String name) {
        return policies.stream().filter(p -> p.policy().equals(name)).findFirst().orElse(null);
    }
}
