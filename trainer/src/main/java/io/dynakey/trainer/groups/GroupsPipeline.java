package io.dynakey.trainer.groups;

import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.trainer.data.DataException;
import io.dynakey.trainer.data.ProgressListener;
import io.dynakey.trainer.data.Schema;
import io.dynakey.trainer.data.Telemetry;
import io.dynakey.trainer.data.TelemetryLoader;
import io.dynakey.trainer.report.Charts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dynakey train groups}: loads each device's telemetry through its schema, aggregates
 * windows, clusters, and writes {@code groups.properties} (assignment and policy per group) and
 * {@code groups.png}.
 */
public final class GroupsPipeline {

    /** Output file names. */
    public static final String GROUPS = "groups.properties";
    public static final String PLOT = "groups.png";

    /**
     * One device's input.
     *
     * @param device name
     * @param schema its schema
     * @param data   CSV file
     */
    public record Input(String device, Schema schema, Path data) {
    }

    private final PrintStream log;

    public GroupsPipeline(PrintStream log) {
        this.log = log;
    }

    /** Runs: load, aggregate, cluster, write. */
    public DeviceGrouper.Result run(List<Input> inputs, int window, int kMax, long seed, Path out)
            throws IOException, DataException {
        List<WindowAggregates.Observation> obs = new ArrayList<>();
        for (Input in : inputs) {
            Telemetry t = new TelemetryLoader(in.schema()).load(in.data(), ProgressListener.NONE);
            List<WindowAggregates.Observation> o = WindowAggregates.of(in.device(), t, window);
            log.printf("%-22s %,8d rows -> %4d windows of %d%n", in.device(), t.rows(), o.size(), window);
            obs.addAll(o);
        }
        DeviceGrouper.Result r = new DeviceGrouper().cluster(obs, kMax, seed);
        Files.createDirectories(out);
        write(r, obs, window, seed, out.resolve(GROUPS));
        plot(r, obs, out.resolve(PLOT));
        for (int k = 2; k < r.silhouettes().length; k++) {
            log.printf("  k=%d silhouette %.4f%s%n", k, r.silhouettes()[k], k == r.k() ? "  <- chosen" : "");
        }
        for (DeviceGrouper.Group g : r.groups()) {
            log.printf("group %d: %d windows, risk %.3f, %s tier (max key age %d s, %d messages per key)%n", g.id(),
                    g.members(), g.risk(), g.suggestion().tier(), g.suggestion().policy().maxKeyAgeSeconds(),
                    g.suggestion().policy().maxMessagesPerKey());
        }
        r.deviceGroup().forEach((d, g) -> log.printf("  %-22s -> group %d%n", d, g));
        log.println("wrote " + out.resolve(GROUPS) + " and " + out.resolve(PLOT));
        return r;
    }

    static void write(DeviceGrouper.Result r, List<WindowAggregates.Observation> obs, int window, long seed, Path file)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# dynakey device groups: Tribuo k-means over per-window aggregates ")
                .append(WindowAggregates.DIMENSIONS).append(",\n# windows of ").append(window)
                .append(" rows, standardised; k chosen by the highest mean silhouette; seed ").append(seed).append(".\n");
        sb.append("# Policies map one to one onto io.dynakey.device.governor.GroupPolicy.Builder.\n");
        sb.append("format=dynakey-groups-1\n");
        sb.append("k=").append(r.k()).append('\n');
        sb.append("criterion=silhouette\n");
        for (int k = 2; k < r.silhouettes().length; k++) {
            sb.append("silhouette.").append(k).append('=').append(r.silhouettes()[k]).append('\n');
        }
        sb.append("groups=");
        for (int g = 0; g < r.groups().size(); g++) {
            sb.append(g == 0 ? "" : ",").append(g);
        }
        sb.append('\n');
        for (DeviceGrouper.Group g : r.groups()) {
            String k = "group." + g.id() + ".";
            GroupPolicy p = g.suggestion().policy();
            sb.append(k).append("risk=").append(String.format("%.4f", g.risk())).append('\n');
            sb.append(k).append("tier=").append(g.suggestion().tier()).append('\n');
            sb.append(k).append("windows=").append(g.members()).append('\n');
            sb.append(k).append("thresholds=").append(p.soonPermille()).append(',').append(p.nowPermille()).append(',')
                    .append(p.quarantinePermille()).append('\n');
            sb.append(k).append("hysteresis=").append(p.hysteresisPermille()).append('\n');
            sb.append(k).append("rate_limit=").append(p.burst()).append(',').append(p.refillMillis() / 1000).append('\n');
            sb.append(k).append("min_interval_seconds=").append(p.minIntervalMillis() / 1000).append('\n');
            sb.append(k).append("max_key_age_seconds=").append(p.maxKeyAgeSeconds()).append('\n');
            sb.append(k).append("max_messages_per_key=").append(p.maxMessagesPerKey()).append('\n');
        }
        sb.append("devices=").append(String.join(",", r.deviceGroup().keySet())).append('\n');
        for (var e : r.deviceGroup().entrySet()) {
            sb.append("device.").append(e.getKey()).append(".group=").append(e.getValue()).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    static void plot(DeviceGrouper.Result r, List<WindowAggregates.Observation> obs, Path png) throws IOException {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (DeviceGrouper.Group g : r.groups()) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < obs.size(); i++) {
                if (r.assignment()[i] == g.id()) {
                    pts.add(new double[] {obs.get(i).values()[0], obs.get(i).values()[2]});
                }
            }
            double[][] xy = new double[2][pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                xy[0][i] = pts.get(i)[0];
                xy[1][i] = pts.get(i)[1];
            }
            series.put("group " + g.id() + " (" + g.suggestion().tier() + " risk)", xy);
        }
        Charts.scatter(series, "Device windows by group (k = " + r.k() + ", silhouette)", "attack share of window",
                "spread of readings", png);
    }
}
