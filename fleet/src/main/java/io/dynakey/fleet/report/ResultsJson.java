package io.dynakey.fleet.report;

import io.dynakey.device.wire.RotationReason;
import io.dynakey.fleet.AdversaryFigures;
import io.dynakey.fleet.FleetResult;
import io.dynakey.fleet.FleetSimulator;
import io.dynakey.fleet.PolicyResult;
import io.dynakey.fleet.Scenario;
import io.dynakey.trainer.report.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.json}: the scenario and, per policy, the figures of the comparison under
 * {@code policies.<name>.<figure>} (e.g. {@code policies.fixed.exposure_mean_s},
 * {@code policies.adaptive.rotations_per_device_day}). With an adversary ({@code --evade},
 * {@code --force-rotations}) each policy also has {@code adversary.evader} (budget, exposure mean,
 * p95 and max under it) and {@code adversary.forcer} (share, budget, forced rotations per targeted
 * device-day, the worst targeted device's rotations over the run and on its worst day, the
 * governor's rate limit per device); the {@code notes} keep the same figures as text.
 */
public final class ResultsJson {

    private ResultsJson() {
    }

    /** The JSON text. */
    public static String render(FleetResult r, LedgerSummary ledger, List<String> notes) {
        Map<String, Object> root = new LinkedHashMap<>();
        Scenario s = r.scenario();
        Map<String, Object> sc = new LinkedHashMap<>();
        sc.put("seed", s.seed());
        sc.put("devices", s.devices());
        sc.put("days", s.days());
        sc.put("window_s", s.windowSeconds());
        sc.put("rows_per_window", s.rowsPerWindow());
        sc.put("groups", s.groups());
        sc.put("compromise_probability", s.compromiseProbability());
        sc.put("attack_type", s.attackType());
        sc.put("attack_share", s.attackShare());
        sc.put("fixed_interval_h", s.fixedIntervalHours());
        sc.put("telemetry_batch_h", s.telemetryBatchHours());
        root.put("scenario", sc);
        root.put("traffic", r.traffic());
        root.put("model", r.model());
        root.put("gateway", r.gateway());
        root.put("compromises", r.compromises());
        Map<String, Object> policies = new LinkedHashMap<>();
        for (PolicyResult p : r.policies()) {
            policies.put(p.policy(), policy(p, r.adversary()));
        }
        root.put("policies", policies);
        PolicyResult fixed = r.policy("fixed");
        PolicyResult adaptive = r.policy("adaptive");
        if (fixed != null && adaptive != null) {
            Map<String, Object> cmp = new LinkedHashMap<>();
            double cut = 1 - adaptive.exposureMeanSeconds() / fixed.exposureMeanSeconds();
            double rot = adaptive.rotations() / (double) Math.max(1, fixed.rotations());
            cmp.put("adaptive_exposure_reduction_vs_fixed", cut);
            cmp.put("adaptive_rotations_ratio_vs_fixed", rot);
            cmp.put("target_met", cut >= 0.5 && rot <= 1.0);
            root.put("comparison", cmp);
        }
        PolicyResult learned = r.policy("learned");
        if (fixed != null && learned != null) {
            Map<String, Object> cmp = new LinkedHashMap<>();
            double ratio = learned.exposureMeanSeconds() / fixed.exposureMeanSeconds();
            double rot = learned.rotations() / (double) Math.max(1, fixed.rotations());
            double falsePerMonth = learned.falseRotations() * 30.0 / ((double) learned.devices() * learned.days());
            cmp.put("exposure_ratio_vs_fixed", ratio);
            cmp.put("rotations_ratio_vs_fixed", rot);
            cmp.put("false_rotations_per_device_month", falsePerMonth);
            cmp.put("no_regret", ratio <= 1.0 && rot <= 1.0 && falsePerMonth <= 1.0);
            root.put("learned_vs_fixed", cmp);
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("backend", ledger.backend());
        l.put("location", ledger.location());
        l.put("events", ledger.events());
        l.put("batches", ledger.batches());
        l.put("verified", ledger.verified());
        l.put("detail", ledger.detail());
        l.put("events_by_type", new LinkedHashMap<>(ledger.eventsByType()));
        root.put("ledger", l);
        root.put("notes", notes);
        return Json.write(root);
    }

    private static Map<String, Object> policy(PolicyResult p, AdversaryFigures adversary) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", p.description());
        m.put("exposure_mean_s", p.exposureMeanSeconds());
        m.put("exposure_p50_s", p.exposurePercentileSeconds(50));
        m.put("exposure_p95_s", p.exposurePercentileSeconds(95));
        m.put("compromises", p.exposures().size());
        m.put("censored", p.censored());
        m.put("detected_by_risk", p.detected());
        m.put("rotations", p.rotations());
        m.put("rotations_per_device_day", p.rotationsPerDeviceDay());
        Map<String, Object> reasons = new LinkedHashMap<>();
        for (int r = RotationReason.RISK; r <= RotationReason.RECOVERY; r++) {
            reasons.put(RotationReason.name(r), p.rotationsByReason()[r]);
        }
        m.put("rotations_by_reason", reasons);
        m.put("false_rotations", p.falseRotations());
        m.put("key_management_bytes", p.gateway().keyManagementBytes());
        m.put("key_management_bytes_per_device_day", p.keyBytesPerDeviceDay());
        m.put("telemetry_bytes", p.gateway().telemetryBytes());
        m.put("bytes_measured_on_wire", p.gateway().bytesMeasuredOnWire());
        m.put("gateway_cpu_s", p.gateway().cpuNanos() < 0 ? null : p.gateway().cpuNanos() / 1e9);
        m.put("device_cpu_s", p.deviceCpuNanos() / 1e9);
        m.put("wall_s", p.wallNanos() / 1e9);
        m.put("failed_exchanges", p.failures());
        if (adversary != null) {
            m.put("adversary", adversary(p, adversary));
        }
        return m;
    }

    /**
     * {@code policies.<name>.adversary}: the evader's budget and the exposure under it (mean, p95,
     * max), the forcer's share and budget, its forced rotations per targeted device-day and the
     * worst targeted device's rotations (over the run and on its worst day) against the
     * governor's rate limit.
     */
    static Map<String, Object> adversary(PolicyResult p, AdversaryFigures a) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (a.evader()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epsilon", a.evadeEpsilon());
            e.put("compromises", p.exposures().size());
            e.put("exposure_mean_s", p.exposureMeanSeconds());
            e.put("exposure_p95_s", p.exposurePercentileSeconds(95));
            e.put("exposure_max_s", p.exposurePercentileSeconds(100));
            m.put("evader", e);
        }
        FleetSimulator.AdversaryOutcome o = a.outcome(p.policy());
        if (a.forcer() && o != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("share", a.forceShare());
            f.put("epsilon", a.forceEpsilon());
            f.put("targeted_devices", o.targets());
            f.put("forced_rotations", o.forcedRotations());
            f.put("forced_rotations_per_targeted_device_day", o.forcedPerDeviceDay());
            f.put("worst_device_rotations", o.maxForcedPerDevice());
            f.put("worst_device_day_rotations", o.maxPerDevice24h());
            f.put("rate_limit_per_device", a.rateLimitPerDevice());
            f.put("within_rate_limit", o.maxForcedPerDevice() <= a.rateLimitPerDevice());
            m.put("forcer", f);
        }
        return m;
    }
}
