package io.dynakey.fleet.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.fleet.AdaptivePolicy;
import io.dynakey.fleet.FixedIntervalPolicy;
import io.dynakey.fleet.FleetResult;
import io.dynakey.fleet.FleetSimulator;
import io.dynakey.fleet.OraclePolicy;
import io.dynakey.fleet.Progress;
import io.dynakey.fleet.RotationPolicy;
import io.dynakey.fleet.Scenario;
import io.dynakey.fleet.SimulatedGateway;
import io.dynakey.fleet.TestFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void the_report_has_every_plot_and_the_json_has_per_policy_figures() throws Exception {
        // given a small run
        Scenario s = Scenario.builder().seed(3).devices(60).days(3).window(Duration.ofMinutes(10)).rowsPerWindow(3).groups(2)
                .compromiseProbability(0.5).build();
        FleetSimulator sim = new FleetSimulator(s, TestFixtures.traffic(), TestFixtures.model(), -1, 2);
        List<RotationPolicy> policies = List.of(new FixedIntervalPolicy(24),
                new AdaptivePolicy(TestFixtures.governor(36 * 3600), 500, 10), new OraclePolicy(sim.plan(), 36 * 3600));
        FleetResult r = sim.run(policies, n -> new SimulatedGateway(s.devices()), Progress.SILENT);
        LedgerSummary ledger = new LedgerSummary("journal", "x.journal", 12, 2, true, "chain ok", Map.of("ROTATED", 10L, "ENROLLED", 2L));
        // when
        Path index = HtmlReport.write(dir, r, ledger, ComparisonTable.format(r), "", List.of("a note"));
        // then
        String html = Files.readString(index);
        for (String png : List.of("exposure.png", "rotations.png", "risk.png", "ledger.png")) {
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
            assertTrue(html.contains(png), png);
        }
        String json = Files.readString(dir.resolve("results.json"));
        for (String key : List.of("\"fixed\"", "\"adaptive\"", "\"oracle\"", "\"exposure_mean_s\"", "\"rotations_per_device_day\"",
                "\"false_rotations\"", "\"key_management_bytes\"", "\"gateway_cpu_s\"", "\"target_met\"")) {
            assertTrue(json.contains(key), key);
        }
    }
}
