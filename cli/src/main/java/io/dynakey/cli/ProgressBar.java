package io.dynakey.cli;

import io.dynakey.trainer.data.ProgressListener;
import java.io.PrintStream;

/** A one-line text progress bar for loading large files (redrawn with carriage returns). */
final class ProgressBar implements ProgressListener {

    private final PrintStream out;
    private int lastPercent = -1;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void progress(long done, long total, long rows) {
        int percent = total > 0 ? (int) (100 * done / total) : 0;
        if (percent == lastPercent && done < total) {
            return;
        }
        lastPercent = percent;
        int width = 30;
        int filled = width * percent / 100;
        out.print("\r  [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + percent + " %  "
                + String.format("%,d rows", rows));
        if (total > 0 && done >= total) {
            out.println();
        }
        out.flush();
    }
}
