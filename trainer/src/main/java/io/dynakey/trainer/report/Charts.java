package io.dynakey.trainer.report;

import io.dynakey.trainer.eval.Confusion;
import io.dynakey.trainer.eval.Curves;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the report's PNG plots with XChart (headless). Stateless. */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Confusion matrix as a heat map with the counts written in the cells. */
    public static void confusion(Confusion c, String title, Path png) throws IOException {
        List<String> names = c.classes();
        long[][] counts = c.counts();
        HeatMapChart chart = new HeatMapChartBuilder().width(160 + 70 * names.size()).height(140 + 50 * names.size())
                .title(title).xAxisTitle("predicted").yAxisTitle("true").build();
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < names.size(); t++) {
            for (int p = 0; p < names.size(); p++) {
                cells.add(new Number[] {p, names.size() - 1 - t, counts[t][p]});
            }
        }
        List<String> reversed = new ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)});
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(names.size() > 3 ? 45 : 0);
        chart.addSeries("counts", names, reversed, cells);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Per-class precision, recall and F1 as grouped bars. */
    public static void perClass(Confusion c, String title, Path png) throws IOException {
        List<String> names = c.classes();
        List<Double> p = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        List<Double> f = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            p.add(c.precision(i));
            r.add(c.recall(i));
            f.add(c.f1(i));
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(600, 90 * names.size())).height(400).title(title)
                .yAxisTitle("score").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisLabelRotation(names.size() > 5 ? 30 : 0);
        chart.addSeries("precision", names, p);
        chart.addSeries("recall", names, r);
        chart.addSeries("F1", names, f);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** One curve (ROC or PR) with its area in the legend. */
    public static void curve(Curves.Curve curve, String title, String x, String y, String name, boolean diagonal, Path png)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(520).height(460).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        XYSeries s = chart.addSeries(String.format("%s (area %.4f)", name, curve.area()), curve.x(), curve.y());
        s.setMarker(SeriesMarkers.NONE);
        if (diagonal) {
            XYSeries d = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
            d.setMarker(SeriesMarkers.NONE);
            d.setLineColor(Color.GRAY);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Horizontal-ish bars of a score per name. */
    public static void bars(List<String> names, List<Double> values, String title, String yTitle, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(600, 80 * names.size())).height(400).title(title)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(names.size() > 5 ? 30 : 0);
        chart.addSeries(yTitle, names, values);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Several x/y series on one plot (e.g. accuracy against model bytes per forest size).
     *
     * @param series name to {x, y}
     */
    public static void lines(java.util.Map<String, double[][]> series, String title, String x, String y, boolean logX,
                             Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setXAxisLogarithmic(logX);
        for (var e : series.entrySet()) {
            if (e.getValue()[0].length > 0) {
                chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Scatter of points coloured by cluster. */
    public static void scatter(java.util.Map<String, double[][]> clusters, String title, String x, String y, Path png)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(640).height(480).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(9);
        for (var e : clusters.entrySet()) {
            if (e.getValue()[0].length > 0) {
                chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
