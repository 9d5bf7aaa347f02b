package io.dynakey.ledger;

/** A ledger backend refused or could not complete an operation; {@link #reason()} says which. */
public final class LedgerException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Reason {
        /** The batch would leave a gap after the last anchored seq. */
        GAP,
        /** A batch with these seqs is already anchored with a different root. */
        CONFLICT,
        /** The backend is unreachable or timed out; retrying later is safe. */
        UNAVAILABLE,
        /** Stored data is damaged or tampered with. */
        CORRUPT,
        /** The local file system failed. */
        IO
    }

    private final Reason reason;

    public LedgerException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public LedgerException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** True if retrying the same call later may succeed. */
    public boolean retryable() {
        return reason == Reason.UNAVAILABLE || reason == Reason.IO;
    }
}
