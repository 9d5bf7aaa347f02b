package io.dynakey.ledger.journal;

/**
 * What opening a journal found and repaired.
 *
 * @param records     complete records kept
 * @param cutOffset   where the file was cut (the end of the last complete record), or -1 if intact
 * @param cutBytes    bytes of the torn tail that were dropped (0 if intact)
 * @param cutSignedRecord the cut record was already covered by the signed head: it had been forced to
 *                    disk, so the disk lost written data (or someone cut it); the head is signed again
 */
public record RecoveryReport(int records, long cutOffset, long cutBytes, boolean cutSignedRecord) {

    /** True if a torn tail was cut off. */
    public boolean cut() {
        return cutOffset >= 0;
    }

    @Override
    public String toString() {
        return cut() ? "kept " + records + " complete records; cut " + cutBytes + " torn bytes at offset " + cutOffset
                + (cutSignedRecord ? " (a record the signed head covered: forced data was lost)" : "")
                : "kept " + records + " complete records; nothing to cut";
    }
}
