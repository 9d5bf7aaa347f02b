package io.dynakey.device.keys;

/**
 * The key store refused an operation. {@link #reason()} is one of the {@code REASON_*} codes;
 * the message never contains key material.
 */
public class KeyStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /** No valid committed key exists (never provisioned, or both slots unreadable). */
    public static final int REASON_NO_ACTIVE_KEY = 1;
    /** The epoch is not newer than the active epoch. */
    public static final int REASON_STALE_EPOCH = 2;
    /** Commit asked for an epoch that is not the staged one, or nothing is staged. */
    public static final int REASON_NOT_STAGED = 3;
    /** Provisioning over an existing key. */
    public static final int REASON_ALREADY_PROVISIONED = 4;
    /** A slot's content changed under the store and no longer checks out; call {@code load()}. */
    public static final int REASON_CORRUPT = 5;

    /** No factory identity record is stored. */
    public static final int REASON_NO_IDENTITY = 6;

    private final int reason;

    public KeyStoreException(int reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The reason code ({@code REASON_*}). */
    public int reason() {
        return reason;
    }
}
