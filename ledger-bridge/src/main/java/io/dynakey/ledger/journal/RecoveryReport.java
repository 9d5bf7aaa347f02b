package io.dynakey.ledger.journal;

/**
 * What opening a journal found and repaired.
 *
 * @param records     complete records kept
 * @param cutOffset   where the file was cut (the end of the last complete record), or -1 if intact
 * @param cutBytes    bytes of the torn tail that were dropped (0 if intact)
 */
public record RecoveryReport(int records, long cutOffset, long cutBytes) {

    /** True if a torn tail was cut off. */
    public boolean cut() {
        return cutOffset >= 0;
    }

    @Override
    public String toString() {
        return cut() ? "kept " + records + " complete records; cut " + cutBytes + " torn bytes at offset " + cutOffset
                : "kept " + records + " complete records; nothing to cut";
    }
}
