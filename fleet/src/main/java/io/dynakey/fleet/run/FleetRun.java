package io.dynakey.fleet.run;

import io.dynakey.fleet.FixedIntervalPolicy;
import io.dynakey.fleet.FleetException;
import io.dynakey.fleet.FleetGatewayFactory;
import io.dynakey.fleet.FleetResult;
import io.dynakey.fleet.FleetSimulator;
import io.dynakey.fleet.OraclePolicy;
import io.dynakey.fleet.Progress;
import io.dynakey.fleet.RotationPolicy;
import io.dynakey.fleet.Scenario;
import io.dynakey.fleet.report.ComparisonTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Runs one scenario under the three policies and prints the comparison. */
public final class FleetRun {

    private FleetRun() {
    }

    /** Runs fixed, adaptive (when a model is available) and oracle on the same scenario. */
    public static FleetResult run(FleetSettings o, FleetInputs in, FleetGatewayFactory gateways, PrintStream out)
            throws FleetException {
        Scenario s = o.scenario();
        int attackType = -1;
        if (!Scenario.MIXED.equalsIgnoreCase(s.attackType())) {
            attackType = indexOfIgnoreCase(in.traffic().attackTypes(), s.attackType());
            if (attackType < 0) {
                throw new FleetException("unknown attack class '" + s.attackType() + "'; the traffic has "
                        + in.traffic().attackTypes() + " (or 'mixed')");
            }
        }
        FleetSimulator sim = new FleetSimulator(s, in.traffic(), in.model(), attackType, o.threads())
                .windowRiskMax(o.windowRisk() == FleetSettings.WindowRisk.MAX);
        List<RotationPolicy> policies = new ArrayList<>();
        policies.add(new FixedIntervalPolicy(s.fixedIntervalHours()));
        if (in.model() != null) {
            policies.add(o.adaptive().policy(20));
        }
        policies.add(new OraclePolicy(sim.plan(), o.adaptive().groupPolicy().maxKeyAgeSeconds()));
        out.printf("fleet: %d devices, %d days in %d-s windows, seed %d, %d compromises (%s)%n", s.devices(), s.days(),
                s.windowSeconds(), s.seed(), sim.plan().all().size(),
                attackType < 0 ? "mixed attack classes" : in.traffic().attackTypes().get(attackType));
        out.println("traffic: " + in.traffic().describe());
        out.println("model:   " + (in.model() == null ? "none (adaptive policy skipped)" : in.model().describe()
                + "; window risk = " + o.windowRisk().name().toLowerCase(java.util.Locale.ROOT) + " of " + s.rowsPerWindow() + " rows"));
        for (RotationPolicy p : policies) {
            out.println("policy:  " + p.describe());
        }
        FleetResult r = sim.run(policies, gateways, new Progress(System.err, "", s.windows()));
        out.println("gateway: " + r.gateway());
        out.println();
        out.print(ComparisonTable.format(r));
        return r;
    }

    private static int indexOfIgnoreCase(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
