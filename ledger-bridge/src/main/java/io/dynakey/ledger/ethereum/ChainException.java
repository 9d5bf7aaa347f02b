package io.dynakey.ledger.ethereum;

/** A JSON-RPC call failed: the node is unreachable ({@link #unavailable()}) or it refused the call. */
public final class ChainException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    public ChainException(String message, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** True if the node could not be reached or timed out (retry later); false if it answered "no". */
    public boolean unavailable() {
        return unavailable;
    }
}
