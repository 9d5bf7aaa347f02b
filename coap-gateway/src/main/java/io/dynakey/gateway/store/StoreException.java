package io.dynakey.gateway.store;

/** The key store could not complete an operation; nothing was changed. */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Reason {
        /** The database could not be read or written. */
        IO,
        /** Another process holds the database; the operation changed nothing and may be retried. */
        BUSY,
        /** A wrapped key failed authentication: wrong key-encryption key or tampered row. */
        UNWRAP_FAILED,
        /** The database was written by a newer schema than this build knows. */
        SCHEMA_TOO_NEW,
        /** The device is unknown. */
        UNKNOWN_DEVICE,
        /** The device id is already registered. */
        DUPLICATE_DEVICE
    }

    private final Reason reason;

    public StoreException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public StoreException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** The reason code. */
    public Reason reason() {
        return reason;
    }
}
