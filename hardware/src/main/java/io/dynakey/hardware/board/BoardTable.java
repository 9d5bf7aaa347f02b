package io.dynakey.hardware.board;

import java.util.List;
import java.util.Locale;

/** Formats board fits as a plain-text table for the terminal and the README. */
public final class BoardTable {

    private BoardTable() {
    }

    /** The table, one row per board, then the provenance of the figures. */
    public static String format(List<BoardFit> fits) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-26s %10s %10s %10s %12s %7s %11s %11s %7s  %s%n",
                "board", "flash", "heap", "image", "model", "flash%", "state", "heap budg.", "heap%", "fit"));
        for (BoardFit f : fits) {
            BoardProfile b = f.board();
            DeviceFootprint d = f.footprint();
            sb.append(String.format(Locale.ROOT, "%-26s %10s %10s %10s %12s %7s %11s %11s %7s  %s%n",
                    b.name(), size(b.flashBytes()), size(b.javaHeapBytes()), size(d.imageBytes()), size(d.modelBytes()),
                    percent(f.flashBudgetUsePercent()), size(d.runtimeStateBytes()), size(b.heapBudgetBytes()),
                    percent(f.heapBudgetUsePercent()), verdict(f)));
        }
        if (!fits.isEmpty()) {
            sb.append("flash% = (image + model) / (").append("flash x board's dynakey share); ")
              .append("heap% = runtime state / (Java heap x share)\n");
            sb.append("figures: ").append(fits.get(0).footprint().provenance()).append('\n');
        }
        return sb.toString();
    }

    private static String verdict(BoardFit f) {
        if (f.fits()) {
            return "FITS";
        }
        if (f.flashUsedBytes() < 0 || f.footprint().runtimeStateBytes() < 0) {
            return "UNKNOWN (not measured)";
        }
        return "DOES NOT FIT" + (f.flashFits() ? "" : " (flash)") + (f.heapFits() ? "" : " (heap)");
    }

    /** Human size: B, KiB or MiB; "n/a" for a negative (unmeasured) value. */
    public static String size(long bytes) {
        if (bytes < 0) {
            return "n/a";
        }
        if (bytes < 10 * 1024) {
            return bytes + " B";
        }
        if (bytes < 10L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static String percent(double p) {
        return p < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", p);
    }
}
