package io.dynakey.trainer.data;

/** Told how far a load has come; called from the loading thread, at most a few times a second. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total, rows) -> { };

    /**
     * @param bytesDone  bytes read so far
     * @param bytesTotal file size, or -1 when unknown
     * @param rows       rows loaded so far
     */
    void progress(long bytesDone, long bytesTotal, long rows);
}
