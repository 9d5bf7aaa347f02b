package io.dynakey.console.metrics;

import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.service.GatewayObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's Prometheus metrics (Micrometer's Prometheus registry), fed as a
 * {@link GatewayObserver} and, for the fleet's gauges, from a {@link FleetSnapshots} cache:
 * <pre>
 * dynakey_rotations_total{reason,suite}            rotations accepted (phase one), by reason and suite
 * dynakey_rotations_committed_total                pending keys that became current
 * dynakey_dtls_handshakes_total{outcome}           DTLS handshakes ended: success, failure
 * dynakey_requests_refused_total{cause}            refused at admission: rate_limit, revoked, key_retired
 * dynakey_telemetry_risk_ratio{group,quantile}     risk of scored telemetry (0..1), quantiles 0.5 0.9 0.99 over 10 min
 * dynakey_devices{state}                           registered devices: active, revoked
 * dynakey_outbox_lag_events                        ledger events written, not anchored yet
 * dynakey_ledger_anchoring_lag_seconds             age of the oldest event not anchored (0 when none)
 * dynakey_rotations_abandoned                      pending rotations older than 10 min
 * </pre>
 * No device id is ever a label (cardinality); group labels stop at {@value #MAX_GROUP_LABELS}
 * groups, the rest count as {@code other}. Thread-safe; each event costs a map lookup and an
 * increment.
 */
public final class ConsoleMetrics implements GatewayObserver {

    /** The window risk quantiles cover (Micrometer's rotating histogram). */
    public static final java.time.Duration RISK_WINDOW = java.time.Duration.ofMinutes(10);

    /** Distinct group labels at most. */
    public static final int MAX_GROUP_LABELS = 64;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<Long, Counter> rotations = new ConcurrentHashMap<>();
    private final Counter committed;
    private final Counter handshakeOk;
    private final Counter handshakeFailed;
    private final Map<Refusal, Counter> refusals = new java.util.EnumMap<>(Refusal.class);
    private final ConcurrentHashMap<String, DistributionSummary> risk = new ConcurrentHashMap<>();

    /** Metrics whose fleet gauges read {@code fleet}. */
    public ConsoleMetrics(FleetSnapshots fleet) {
        committed = Counter.builder("dynakey.rotations.committed").description("Pending keys that became current")
                .register(registry);
        handshakeOk = handshakes("success");
        handshakeFailed = handshakes("failure");
        for (Refusal r : Refusal.values()) {
            refusals.put(r, Counter.builder("dynakey.requests.refused").description("Requests refused at admission")
                    .tag("cause", r.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        Gauge.builder("dynakey.devices", fleet, f -> f.get().active()).description("Registered devices")
                .tag("state", "active").register(registry);
        Gauge.builder("dynakey.devices", fleet, f -> f.get().revoked()).description("Registered devices")
                .tag("state", "revoked").register(registry);
        Gauge.builder("dynakey.outbox.lag", fleet, f -> f.get().outbox().lag()).baseUnit("events")
                .description("Ledger events written to the outbox and not anchored yet").register(registry);
        Gauge.builder("dynakey.ledger.anchoring.lag", fleet, f -> f.get().anchoringLagMs() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest ledger event not anchored yet (0 when all are)").register(registry);
        Gauge.builder("dynakey.rotations.abandoned", fleet, f -> f.get().abandonedRotations())
                .description("Pending rotations started more than 10 minutes ago and never committed").register(registry);
    }

    private Counter handshakes(String outcome) {
        return Counter.builder("dynakey.dtls.handshakes").description("DTLS handshakes ended").tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void rotationAccepted(int reason, int suite) {
        long key = ((long) reason << 32) | (suite & 0xffffffffL);
        rotations.computeIfAbsent(key, k -> Counter.builder("dynakey.rotations")
                .description("Rotations accepted (phase one), by reason and suite")
                .tag("reason", reasonName(reason)).tag("suite", suiteName(suite)).register(registry)).increment();
    }

    @Override
    public void rotationCommitted() {
        committed.increment();
    }

    @Override
    public void handshakeEnded(boolean success) {
        (success ? handshakeOk : handshakeFailed).increment();
    }

    @Override
    public void requestRefused(Refusal why) {
        refusals.get(why).increment();
    }

    @Override
    public void telemetryScored(String groupId, int riskPermille) {
        String label = groupId == null ? "unknown" : groupId;
        DistributionSummary s = risk.get(label);
        if (s == null) {
            if (risk.size() >= MAX_GROUP_LABELS) {
                label = "other";
            }
            s = risk.computeIfAbsent(label, g -> DistributionSummary.builder("dynakey.telemetry.risk").baseUnit("ratio")
                    .description("Risk of scored telemetry reports, 0..1").tag("group", g)
                    .publishPercentiles(0.5, 0.9, 0.99).percentilePrecision(2)
                    .distributionStatisticExpiry(RISK_WINDOW).distributionStatisticBufferLength(5).register(registry));
        }
        s.record(riskPermille / 1000.0);
    }

    /** Per group label: count of scored reports and their risk quantiles 0.5, 0.9, 0.99 (permille), ordered by group. */
    public Map<String, long[]> riskQuantiles() {
        Map<String, long[]> out = new TreeMap<>((a, b) -> {
            boolean na = a.chars().allMatch(Character::isDigit);
            boolean nb = b.chars().allMatch(Character::isDigit);
            return na && nb ? Long.compare(Long.parseLong(a), Long.parseLong(b)) : na != nb ? (na ? -1 : 1) : a.compareTo(b);
        });
        risk.forEach((g, s) -> {
            var snap = s.takeSnapshot();
            long[] v = new long[4];
            v[0] = snap.count();
            ValueAtPercentile[] p = snap.percentileValues();
            for (int i = 0; i < Math.min(3, p.length); i++) {
                v[i + 1] = Math.round(p[i].value() * 1000);
            }
            out.put(g, v);
        });
        return out;
    }

    /** Counters of this run: handshakes, refusals and rotations, by name (for the overview page). */
    public Map<String, Double> counters() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("handshakes", handshakeOk.count());
        out.put("handshake failures", handshakeFailed.count());
        out.put("rotations accepted", rotations.values().stream().mapToDouble(Counter::count).sum());
        out.put("rotations committed", committed.count());
        for (Map.Entry<Refusal, Counter> e : refusals.entrySet()) {
            out.put("refused: " + e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), e.getValue().count());
        }
        return out;
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** The registry, for tests and further meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A reason code's label: its {@link RotationReason#name} or {@code code_<n>}. */
    static String reasonName(int reason) {
        String n = RotationReason.name(reason);
        return n != null ? n : "code_" + Math.max(0, Math.min(reason, 999));
    }

    /** A suite code's label. */
    static String suiteName(int suite) {
        return switch (suite) {
            case CipherSuite.X25519_ED25519_HKDF_SHA256 -> "x25519";
            case CipherSuite.HYBRID_X25519_MLKEM768 -> "x25519_mlkem768";
            default -> "other";
        };
    }
}
