package io.dynakey.fleet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynakey.fleet.AdaptivePolicy;
import io.dynakey.fleet.FixedIntervalPolicy;
import io.dynakey.fleet.FleetResult;
import io.dynakey.fleet.FleetSimulator;
import io.dynakey.fleet.OraclePolicy;
import io.dynakey.fleet.PolicyResult;
import io.dynakey.fleet.Progress;
import io.dynakey.fleet.RotationPolicy;
import io.dynakey.fleet.Scenario;
import io.dynakey.fleet.SimulatedGateway;
import io.dynakey.fleet.TestFixtures;
import io.dynakey.trainer.report.Json;
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
        JsonNode json = Json.read(Files.readString(dir.resolve("results.json")));
        assertEquals(s.devices(), json.get("scenario").get("devices").asInt());
        for (PolicyResult p : r.policies()) {
            JsonNode pj = json.get("policies").get(p.policy());
            assertNotNull(pj, p.policy());
            assertEquals(p.exposureMeanSeconds(), pj.get("exposure_mean_s").asDouble(), 1e-9, p.policy());
            assertEquals(p.rotationsPerDeviceDay(), pj.get("rotations_per_device_day").asDouble(), 1e-12, p.policy());
            assertEquals(p.rotations(), pj.get("rotations").asLong(), p.policy());
            assertEquals(p.falseRotations(), pj.get("false_rotations").asLong(), p.policy());
            assertEquals(p.gateway().keyManagementBytes(), pj.get("key_management_bytes").asLong(), p.policy());
            assertTrue(pj.has("gateway_cpu_s"), p.policy());
        }
        assertTrue(json.get("comparison").get("target_met").isBoolean());
        assertEquals(12, json.get("ledger").get("events").asLong());
        assertTrue(json.get("ledger").get("verified").asBoolean());
        assertEquals(10, json.get("ledger").get("events_by_type").get("ROTATED").asLong());
        assertEquals("a note", json.get("notes").get(0).asText());
    }
}
