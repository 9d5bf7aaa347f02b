package io.dynakey.fleet;

/** A fleet run failed: the gateway refused or could not be reached, or the input is unusable. */
public final class FleetException extends Exception {
    private static final long serialVersionUID = 1L;

    public FleetException(String message) {
        super(message);
    }

    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
