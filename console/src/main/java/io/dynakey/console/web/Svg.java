package io.dynakey.console.web;

import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG plots drawn on the server: no script, no library, every label escaped.
 * Bars scale to the largest value; the numbers are in each bar's {@code <title>} and in a data
 * attribute, so a test (or a screen reader) reads the figures behind the picture.
 */
final class Svg {

    static final String[] PALETTE = {"#3b6ea5", "#d9822b", "#4f9d69", "#b54a4a", "#7d5ba6", "#8c6d46", "#c4619e", "#6b7280",
        "#2a9d8f", "#e9c46a", "#264653", "#f4a261"};

    private Svg() {
    }

    /** A bar chart: one bar per label. */
    static String bars(String id, List<String> labels, long[] values, int width, int height) {
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        int n = Math.max(1, values.length);
        double slot = (width - 40) / (double) n;
        StringBuilder b = new StringBuilder();
        b.append("<svg id=\"").append(Html.escape(id)).append("\" class=\"chart\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\">");
        int plot = height - 30;
        for (int i = 0; i < values.length; i++) {
            double h = values[i] * (plot - 14.0) / max;
            double x = 30 + i * slot + slot * 0.1;
            b.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-value=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                    + " fill=\"%s\"><title>", values[i], x, plot - h, slot * 0.8, h, PALETTE[0]))
                    .append(Html.escape(labels.get(i) + ": " + values[i])).append("</title></rect>");
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"v\">%d</text>",
                    x + slot * 0.4, plot - h - 3, values[i]));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x + slot * 0.4, height - 12))
                    .append(Html.escape(labels.get(i))).append("</text>");
        }
        b.append("<line x1=\"28\" x2=\"").append(width - 8).append("\" y1=\"").append(plot).append("\" y2=\"").append(plot)
                .append("\" stroke=\"#888\"/></svg>");
        return b.toString();
    }

    /**
     * Stacked bars: {@code series[s][i]} is series {@code s}'s value at column {@code i}; a legend
     * names the series.
     */
    static String stacked(String id, List<String> columns, List<String> seriesNames, long[][] series, int width, int height) {
        int n = Math.max(1, columns.size());
        long max = 1;
        for (int i = 0; i < columns.size(); i++) {
            long sum = 0;
            for (long[] s : series) {
                sum += s[i];
            }
            max = Math.max(max, sum);
        }
        int legend = 18 * ((seriesNames.size() + 3) / 4);
        int plot = height - 30 - legend;
        double slot = (width - 40) / (double) n;
        StringBuilder b = new StringBuilder();
        b.append("<svg id=\"").append(Html.escape(id)).append("\" class=\"chart\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height).append("\" role=\"img\">");
        b.append("<text x=\"2\" y=\"12\" class=\"v\">").append(max).append("</text>");
        for (int i = 0; i < columns.size(); i++) {
            double y = plot;
            double x = 30 + i * slot + slot * 0.1;
            for (int s = 0; s < series.length; s++) {
                if (series[s][i] == 0) {
                    continue;
                }
                double h = series[s][i] * (plot - 16.0) / max;
                y -= h;
                b.append(String.format(Locale.ROOT, "<rect class=\"seg\" data-value=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                        + " height=\"%.1f\" fill=\"%s\"><title>", series[s][i], x, y, slot * 0.8, h, PALETTE[s % PALETTE.length]))
                        .append(Html.escape(columns.get(i) + " " + seriesNames.get(s) + ": " + series[s][i])).append("</title></rect>");
            }
            if (i % Math.max(1, columns.size() / 8) == 0) {
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x + slot * 0.4, plot + 14))
                        .append(Html.escape(columns.get(i))).append("</text>");
            }
        }
        b.append("<line x1=\"28\" x2=\"").append(width - 8).append("\" y1=\"").append(plot).append("\" y2=\"").append(plot)
                .append("\" stroke=\"#888\"/>");
        for (int s = 0; s < seriesNames.size(); s++) {
            int lx = 30 + (s % 4) * ((width - 40) / 4);
            int ly = plot + 30 + 18 * (s / 4);
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", lx, ly - 9,
                    PALETTE[s % PALETTE.length]));
            b.append("<text x=\"").append(lx + 14).append("\" y=\"").append(ly).append("\">").append(Html.escape(seriesNames.get(s)))
                    .append("</text>");
        }
        return b.append("</svg>").toString();
    }
}
