package io.dynakey.fleet.report;

import io.dynakey.fleet.ExposureSample;
import io.dynakey.fleet.FleetResult;
import io.dynakey.fleet.PolicyResult;
import io.dynakey.fleet.RiskTrace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code index.html}, {@code results.json} and the PNG plots of a fleet run into a
 * directory: exposure distribution per policy, rotations over time, risk around each compromise,
 * and the ledger summary.
 */
public final class HtmlReport {

    private static final double[] BIN_EDGES_S = {0, 60, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600, 48 * 3600};
    private static final String[] BIN_NAMES = {"<1m", "1-10m", "10-30m", "30m-1h", "1-3h", "3-6h", "6-12h", "12-24h", "24-48h", ">48h"};

    private HtmlReport() {
    }

    /** Writes the report; returns the path of {@code index.html}. */
    public static Path write(Path dir, FleetResult r, LedgerSummary ledger, String comparisonTable,
                             String boardTable, List<String> notes) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.json"), ResultsJson.render(r, ledger, notes), StandardCharsets.UTF_8);
        BitmapEncoder.saveBitmap(exposureChart(r), dir.resolve("exposure.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(rotationsChart(r), dir.resolve("rotations.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        boolean risk = r.policies().stream().anyMatch(p -> !p.riskTraces().isEmpty());
        if (risk) {
            BitmapEncoder.saveBitmap(riskChart(r), dir.resolve("risk.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        BitmapEncoder.saveBitmap(tradeoffChart(r), dir.resolve("tradeoff.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        boolean ledgerPlot = !ledger.eventsByType().isEmpty();
        if (ledgerPlot) {
            BitmapEncoder.saveBitmap(ledgerChart(ledger), dir.resolve("ledger.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        Path index = dir.resolve("index.html");
        Files.writeString(index, html(r, ledger, comparisonTable, boardTable, notes, risk, ledgerPlot), StandardCharsets.UTF_8);
        return index;
    }

    private static CategoryChart exposureChart(FleetResult r) {
        CategoryChart c = new CategoryChartBuilder().width(900).height(450)
                .title("Exposure of stolen keys (compromise until the gateway refuses the key)")
                .xAxisTitle("exposure").yAxisTitle("compromises").build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        for (PolicyResult p : r.policies()) {
            double[] counts = new double[BIN_NAMES.length];
            for (ExposureSample e : p.exposures()) {
                double s = e.exposureMillis() / 1000.0;
                int b = BIN_NAMES.length - 1;
                for (int i = 1; i < BIN_EDGES_S.length; i++) {
                    if (s < BIN_EDGES_S[i]) {
                        b = i - 1;
                        break;
                    }
                }
                counts[b]++;
            }
            List<Double> ys = new ArrayList<>();
            for (double v : counts) {
                ys.add(v);
            }
            c.addSeries(p.policy(), List.of(BIN_NAMES), ys);
        }
        return c;
    }

    /** Mean exposure against rotations: the fixed schedules as a curve, every other policy as a point. */
    static XYChart tradeoffChart(FleetResult r) {
        XYChart c = new XYChartBuilder().width(900).height(450)
                .title("Mean exposure against rotations (fixed schedules: the curve; lower left is better)")
                .xAxisTitle("rotations per device-day").yAxisTitle("mean exposure (h)").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(10);
        List<PolicyResult> fixed = r.policies().stream()
                .filter(p -> p.policy().equals("fixed") || p.policy().startsWith("fixed-"))
                .sorted(java.util.Comparator.comparingDouble(PolicyResult::rotationsPerDeviceDay)).toList();
        if (!fixed.isEmpty()) {
            XYSeries curve = c.addSeries("fixed schedules", fixed.stream().map(PolicyResult::rotationsPerDeviceDay).toList(),
                    fixed.stream().map(p -> p.exposureMeanSeconds() / 3600).toList());
            curve.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        for (PolicyResult p : r.policies()) {
            if (!fixed.contains(p)) {
                c.addSeries(p.policy(), new double[] {p.rotationsPerDeviceDay()}, new double[] {p.exposureMeanSeconds() / 3600});
            }
        }
        return c;
    }

    private static XYChart rotationsChart(FleetResult r) {
        XYChart c = new XYChartBuilder().width(900).height(400).title("Rotations per simulated hour, whole fleet")
                .xAxisTitle("simulated hour").yAxisTitle("rotations").build();
        for (PolicyResult p : r.policies()) {
            int[] h = p.rotationsPerHour();
            double[] x = new double[h.length];
            double[] y = new double[h.length];
            for (int i = 0; i < h.length; i++) {
                x[i] = i;
                y[i] = h[i];
            }
            XYSeries s = c.addSeries(p.policy(), x, y);
            s.setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    private static XYChart riskChart(FleetResult r) {
        XYChart c = new XYChartBuilder().width(900).height(450)
                .title("Model risk around each compromise (adaptive policy; mean of all, and a few devices)")
                .xAxisTitle("hours from compromise").yAxisTitle("risk (permille)").build();
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1000.0);
        // one policy's traces: the same compromises seen by two policies would be drawn twice
        List<RiskTrace> traces = r.policies().stream().filter(p -> p.policy().equals("adaptive")).findFirst()
                .or(() -> r.policies().stream().filter(p -> !p.riskTraces().isEmpty()).findFirst())
                .map(PolicyResult::riskTraces).orElse(List.of());
        int len = traces.stream().mapToInt(t -> t.riskPermille().length).max().orElse(0);
        double[] sumRaw = new double[len];
        double[] sumSmooth = new double[len];
        int[] n = new int[len];
        double[] x = new double[len];
        boolean xSet = false;
        int shown = 0;
        for (RiskTrace t : traces) {
            double[] tx = new double[t.riskPermille().length];
            double[] ty = new double[tx.length];
            int k = 0;
            for (int i = 0; i < t.riskPermille().length; i++) {
                if (t.riskPermille()[i] < 0) {
                    continue;
                }
                double hours = (t.firstWindowStartMillis() + (i + 1) * t.windowMillis() - t.compromise().atMillis()) / 3.6e6;
                tx[k] = hours;
                ty[k] = t.riskPermille()[i];
                k++;
                int slot = (int) Math.round(hours * 3.6e6 / t.windowMillis()) + len / 2;
                if (slot >= 0 && slot < len) {
                    sumRaw[slot] += t.riskPermille()[i];
                    sumSmooth[slot] += Math.max(0, t.smoothedPermille()[i]);
                    n[slot]++;
                    x[slot] = (slot - len / 2) * t.windowMillis() / 3.6e6;
                    xSet = true;
                }
            }
            if (shown < 6 && k > 1) {
                XYSeries s = c.addSeries("device " + t.compromise().device(),
                        java.util.Arrays.copyOf(tx, k), java.util.Arrays.copyOf(ty, k));
                s.setMarker(SeriesMarkers.NONE);
                s.setLineWidth(0.8f);
                shown++;
            }
        }
        if (xSet) {
            List<Double> mx = new ArrayList<>();
            List<Double> my = new ArrayList<>();
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < len; i++) {
                if (n[i] > 0) {
                    mx.add(x[i]);
                    my.add(sumRaw[i] / n[i]);
                    ms.add(sumSmooth[i] / n[i]);
                }
            }
            XYSeries mean = c.addSeries("mean raw risk (" + traces.size() + " compromises)", mx, my);
            mean.setMarker(SeriesMarkers.NONE);
            mean.setLineWidth(3f);
            XYSeries smooth = c.addSeries("mean smoothed risk (governor input)", mx, ms);
            smooth.setMarker(SeriesMarkers.NONE);
            smooth.setLineWidth(3f);
        }
        return c;
    }

    private static CategoryChart ledgerChart(LedgerSummary l) {
        CategoryChart c = new CategoryChartBuilder().width(700).height(350)
                .title("Ledger events by type (" + l.backend() + ", " + l.batches() + " batches)")
                .xAxisTitle("event type").yAxisTitle("events").build();
        c.getStyler().setLegendVisible(false);
        List<String> names = new ArrayList<>(l.eventsByType().keySet());
        List<Long> values = new ArrayList<>();
        for (String k : names) {
            values.add(l.eventsByType().get(k));
        }
        c.addSeries("events", names, values);
        return c;
    }

    private static String html(FleetResult r, LedgerSummary l, String table, String boardTable, List<String> notes,
                               boolean risk, boolean ledgerPlot) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dynakey fleet report</title>\n")
         .append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}pre{background:#f4f4f4;")
         .append("padding:1em;overflow-x:auto}img{max-width:100%}td,th{padding:2px 8px;text-align:left}</style></head><body>\n");
        h.append("<h1>dynakey: adaptive and learned vs fixed key rotation</h1>\n");
        h.append("<p>").append(esc(String.format(Locale.ROOT, "%d devices, %d simulated days, %d-second windows, seed %d, %d compromises.",
                r.scenario().devices(), r.scenario().days(), r.scenario().windowSeconds(), r.scenario().seed(), r.compromises())))
         .append("</p>\n<table>\n");
        row(h, "traffic", r.traffic());
        row(h, "model", r.model());
        row(h, "gateway", r.gateway());
        for (PolicyResult p : r.policies()) {
            row(h, p.policy(), p.description());
        }
        h.append("</table>\n<h2>Comparison</h2>\n<pre>").append(esc(table)).append("</pre>\n");
        h.append("<p>Exposure: from the instant an attacker copies a device's current key until the gateway refuses ")
         .append("a DTLS session under that key. Censored: the key still worked when the run ended (counted at the ")
         .append("run's end, so the mean is a lower bound). False rotations: risk-driven rotations of a device not under attack.</p>\n");
        h.append("<h2>Exposure distribution</h2>\n<img src=\"exposure.png\" alt=\"exposure per policy\">\n");
        h.append("<h2>Rotations over time</h2>\n<img src=\"rotations.png\" alt=\"rotations over time\">\n");
        h.append("<h2>Exposure against rotations</h2>\n<img src=\"tradeoff.png\" alt=\"mean exposure against rotations per ")
         .append("device-day\">\n<p>Run more fixed intervals with <code>--fixed-hours 6,12,36,48</code> to draw the fixed ")
         .append("schedule's curve; a policy below it buys less exposure per rotation than any calendar.</p>\n");
        if (risk) {
            h.append("<h2>Risk around each compromise</h2>\n<img src=\"risk.png\" alt=\"risk around compromises\">\n");
        }
        h.append("<h2>Ledger</h2>\n<p>").append(esc(l.backend())).append(' ').append(esc(l.location())).append(": ")
         .append(l.events()).append(" events in ").append(l.batches()).append(" batches; verification: ")
         .append(l.verified() ? "<b>OK</b>" : "<b>NOT VERIFIED</b>").append(" (").append(esc(l.detail())).append(")</p>\n");
        if (ledgerPlot) {
            h.append("<img src=\"ledger.png\" alt=\"ledger events by type\">\n");
        }
        if (boardTable != null && !boardTable.isBlank()) {
            h.append("<h2>Boards</h2>\n<pre>").append(esc(boardTable)).append("</pre>\n");
        }
        if (!notes.isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul>\n");
            for (String n : notes) {
                h.append("<li>").append(esc(n)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<p>Machine-readable figures: <a href=\"results.json\">results.json</a>.</p>\n</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Only for tests: the keys of a map in order. */
    static List<String> keys(Map<String, ?> m) {
        return new ArrayList<>(m.keySet());
    }
}
