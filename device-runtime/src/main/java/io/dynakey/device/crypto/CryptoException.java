package io.dynakey.device.crypto;

/**
 * A cryptographic operation refused its input. {@link #reason()} is one of the {@code REASON_*}
 * codes; the message never contains key material.
 */
public class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A buffer is too short for the requested operation. */
    public static final int REASON_BAD_LENGTH = 1;
    /** The peer's X25519 public key is of low order (the shared secret would be all zero). */
    public static final int REASON_WEAK_PUBLIC_KEY = 2;
    /** An Ed25519 signature does not verify. */
    public static final int REASON_BAD_SIGNATURE = 3;
    /** An AES-CCM tag does not verify; no plaintext was released. */
    public static final int REASON_AUTHENTICATION_FAILED = 4;
    /** The cipher-suite id is unknown or reserved. */
    public static final int REASON_UNSUPPORTED_SUITE = 5;
    /** The board's entropy source failed. */
    public static final int REASON_ENTROPY = 6;

    private final int reason;

    public CryptoException(int reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The reason code ({@code REASON_*}). */
    public int reason() {
        return reason;
    }
}
