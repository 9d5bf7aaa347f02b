package io.dynakey.fleet;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line text progress bar, redrawn in place at most a few times a second. Thread-safe. */
public final class Progress {

    /** Progress that prints nothing. */
    public static final Progress SILENT = new Progress(null, "", 1);

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private long done;
    private String note = "";

    public Progress(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
    }

    /** A new bar for another phase, on the same stream. */
    public Progress child(String childLabel, long childTotal) {
        return out == null ? SILENT : new Progress(out, childLabel, childTotal);
    }

    /** Sets how far the work has got and a short note (e.g. rotations so far). */
    public synchronized void update(long doneNow, String noteNow) {
        this.done = doneNow;
        this.note = noteNow;
        long now = System.nanoTime();
        if (out != null && (now - lastDraw > 200_000_000L || doneNow >= total)) {
            lastDraw = now;
            draw(false);
        }
    }

    /** Draws the final state and ends the line. */
    public synchronized void finish(String noteNow) {
        this.done = total;
        this.note = noteNow;
        if (out != null) {
            draw(true);
        }
    }

    private void draw(boolean last) {
        int width = 30;
        int filled = (int) (width * Math.min(1.0, done / (double) total));
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = done == 0 ? 0 : elapsed * (total - done) / done;
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        out.print(String.format(Locale.ROOT, "\r  %-10s [%s] %3d%% %5.1fs%s  %s   ", label, bar,
                (int) (100 * Math.min(1.0, done / (double) total)), elapsed,
                last ? "" : String.format(Locale.ROOT, " eta %4.0fs", eta), note));
        if (last) {
            out.println();
        }
        out.flush();
    }
}
