package io.dynakey.device.wire;

/**
 * Bounds shared by the message fields. {@link #MIN_DEVICE_ID} .. {@link #MAX_DEVICE_ID} is the
 * one device-id length of dynakey: the PSK identity, the identity record, the key schedule, the
 * gateway's store and the ledger's events all take it from here (the allowed characters are
 * {@link io.dynakey.device.rotation.PskIdentity#validId(String)}'s).
 */
public final class Limits {

    /** Shortest device (or group) id, bytes. */
    public static final int MIN_DEVICE_ID = 1;
    /** Longest device (or group) id, bytes (ASCII, so also characters). */
    public static final int MAX_DEVICE_ID = 32;
    /** Largest epoch, model version, group id or key version (epochs start at 0). */
    public static final int MAX_COUNTER = Integer.MAX_VALUE;
    /** Length of a request id / nonce, bytes. */
    public static final int REQUEST_ID_LENGTH = 16;
    /** Largest cipher-suite id. */
    public static final int MAX_SUITE = 255;
    /** Largest risk, permille. */
    public static final int MAX_RISK_PERMILLE = 1000;
    /** Most features in one telemetry report. */
    public static final int MAX_FEATURES = 32;

    private Limits() {
    }
}
