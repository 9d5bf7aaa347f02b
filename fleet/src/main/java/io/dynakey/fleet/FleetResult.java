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
 */
public record FleetResult(Scenario scenario, String traffic, String model, String gateway, int compromises,
                          List<PolicyResult> policies) {

    /** The result of a policy by name, or {@code null}. */
    public PolicyResult policy(String name) {
        return policies.stream().filter(p -> p.policy().equals(name)).findFirst().orElse(null);
    }
}
