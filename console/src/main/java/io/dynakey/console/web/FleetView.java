package io.dynakey.console.web;

import io.dynakey.console.metrics.ConsoleMetrics;
import io.dynakey.console.metrics.FleetSnapshots;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.store.FleetQueries;
import io.dynakey.gateway.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What the console shows, as values: the JSON API serialises them and the pages render them, so
 * both always agree. Reads the gateway through {@link Gateway#fleet()} (paged, indexed queries).
 */
public final class FleetView {

    /** Upper bounds of the key-age histogram's buckets, ms, and their labels (the last bucket is open). */
    static final long[] AGE_BOUNDS_MS = {3_600_000L, 6 * 3_600_000L, 24 * 3_600_000L, 7 * 86_400_000L, 30 * 86_400_000L};
    static final List<String> AGE_LABELS = List.of("< 1 h", "1-6 h", "6-24 h", "1-7 d", "7-30 d", "> 30 d");
    /** Hours of rotations the overview plots. */
    static final int HOURS = 24;

    /** Alerts of the overview. */
    public record Alerts(long abandonedRotations, long outboxLag, long anchoringLagSeconds) {
    }

    /** The fleet overview. */
    public record Overview(long enrolled, long active, long revoked, List<FleetQueries.GroupCount> groups,
                           List<String> keyAgeBuckets, long[] keyAges, List<Long> hourStartsMs, Map<String, long[]> rotationsPerHour,
                           Map<String, long[]> riskByGroup, Alerts alerts, Map<String, Double> counters, long modelVersion,
                           long takenMs) {
    }

    /** A device page: its summary, every key, and its recent ledger events (newest first). */
    public record Device(FleetQueries.DeviceSummary device, List<FleetQueries.KeyHistory> keys, List<Event> events) {
    }

    /** One ledger event of a device, as text (events hold no key material). */
    public record Event(long seq, long timeMillis, String type, String detail) {
    }

    /** How far back the device page looks for a device's events, outbox events. */
    static final int EVENT_SCAN = 50_000;
    /** Events listed on a device page, at most. */
    static final int EVENTS_SHOWN = 100;

    /** A page of the device list. */
    public record DevicePage(int page, int size, long total, List<FleetQueries.DeviceSummary> devices) {
    }

    /** The models page. */
    public record Models(long servedVersion, String signature, List<FleetQueries.ModelUse> inUse) {
    }

    private final Gateway gateway;
    private final ConsoleMetrics metrics;
    private final FleetSnapshots snapshots;
    private final LongSupplier clock;

    public FleetView(Gateway gateway, ConsoleMetrics metrics, FleetSnapshots snapshots, LongSupplier clock) {
        this.gateway = gateway;
        this.metrics = metrics;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** The overview now. */
    public Overview overview() throws StoreException {
        FleetQueries f = gateway.fleet();
        long now = clock.getAsLong();
        List<FleetQueries.GroupCount> groups = f.groupCounts();
        long active = 0;
        long revoked = 0;
        for (FleetQueries.GroupCount g : groups) {
            active += g.active();
            revoked += g.revoked();
        }
        long firstHour = (now / 3_600_000L - (HOURS - 1)) * 3_600_000L;
        List<Long> hours = new ArrayList<>();
        for (int i = 0; i < HOURS; i++) {
            hours.add(firstHour + i * 3_600_000L);
        }
        Map<String, long[]> perReason = new LinkedHashMap<>();
        for (FleetQueries.RotationCount r : f.rotationsPerHour(firstHour)) {
            int i = (int) ((r.hourStartMs() - firstHour) / 3_600_000L);
            if (i >= 0 && i < HOURS) {
                perReason.computeIfAbsent(reasonName(r.reason()), k -> new long[HOURS])[i] += r.count();
            }
        }
        FleetSnapshots.Snapshot s = snapshots.get();
        FleetQueries.OutboxStatus o = f.outboxStatus();
        long lag = o.oldestUnanchoredMs() < 0 ? 0 : Math.max(0, now - o.oldestUnanchoredMs()) / 1000;
        Alerts alerts = new Alerts(f.abandonedRotations(now - FleetSnapshots.ABANDONED_AFTER_MS), o.lag(), lag);
        return new Overview(active + revoked, active, revoked, groups, AGE_LABELS, f.keyAges(now, AGE_BOUNDS_MS), hours, perReason,
                metrics.riskQuantiles(), alerts, metrics.counters(), gateway.models().modelVersion(), s.takenMs());
    }

    /** Page {@code page} (from 0) of {@code size} devices whose id starts with {@code prefix}. */
    public DevicePage devices(String prefix, int page, int size) throws StoreException {
        if (page < 0 || size < 1 || size > 500) {
            throw new IllegalArgumentException("page >= 0 and size 1..500");
        }
        long total = prefix == null || prefix.isEmpty() ? snapshots.get().active() + snapshots.get().revoked() : -1;
        return new DevicePage(page, size, total, gateway.fleet().devices(prefix, Math.multiplyExact(page, size), size));
    }

    /** One device, if registered. */
    public Optional<Device> device(String id) throws StoreException {
        Optional<FleetQueries.DeviceSummary> d = gateway.fleet().device(id);
        if (d.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Device(d.get(), gateway.fleet().keyHistory(id), events(id)));
    }

    /**
     * The device's events among the newest {@value #EVENT_SCAN} of the outbox, newest first: the
     * outbox has no index by device, so this is a bounded scan (pages of 1,000 events).
     */
    private List<Event> events(String id) throws StoreException {
        long head = gateway.fleet().outboxStatus().headSeq();
        List<Event> found = new ArrayList<>();
        long after = Math.max(0, head - EVENT_SCAN);
        try {
            while (after < head) {
                List<io.dynakey.ledger.event.LedgerEvent> page = gateway.events().readAfter(after, 1000);
                if (page.isEmpty()) {
                    break;
                }
                for (io.dynakey.ledger.event.LedgerEvent e : page) {
                    if (id.equals(deviceOf(e.body()))) {
                        found.add(new Event(e.seq(), e.timeMillis(), e.body().type().name(), e.body().toString()));
                    }
                    after = e.seq();
                }
            }
        } catch (io.dynakey.ledger.event.EventSourceException e) {
            throw new StoreException(StoreException.Reason.IO, "read the outbox failed: " + e.getMessage(), e);
        }
        java.util.Collections.reverse(found);
        return found.size() > EVENTS_SHOWN ? List.copyOf(found.subList(0, EVENTS_SHOWN)) : found;
    }

    private static String deviceOf(io.dynakey.ledger.event.EventBody b) {
        if (b instanceof io.dynakey.ledger.event.Enrolled e) {
            return e.deviceId();
        } else if (b instanceof io.dynakey.ledger.event.Rotated r) {
            return r.deviceId();
        } else if (b instanceof io.dynakey.ledger.event.Revoked r) {
            return r.deviceId();
        } else if (b instanceof io.dynakey.ledger.event.AnomalyFlagged a) {
            return a.deviceId();
        }
        return null;
    }

    /** The models served and in use. */
    public Models models() throws StoreException {
        long v = gateway.models().modelVersion();
        String sig;
        if (v == 0) {
            sig = "no model served";
        } else if (gateway.config().get(GatewaySettings.MODEL_PUBLIC_KEY_FILE) != null) {
            sig = "signature verified with " + gateway.config().get(GatewaySettings.MODEL_PUBLIC_KEY_FILE).getFileName();
        } else {
            sig = "NOT verified (gateway.model.allow-unverified)";
        }
        return new Models(v, sig, gateway.fleet().modelUse());
    }

    /** A reason code's name in lower case ({@link RotationReason#name}), or {@code code N}. */
    static String reasonName(int reason) {
        String n = RotationReason.name(reason);
        return n != null ? n : "code " + reason;
    }
}
