package io.dynakey.gateway.service;

/**
 * Who sent a request, as the DTLS handshake proved it.
 *
 * @param kind     device or operator
 * @param deviceId the device id (devices only)
 * @param epoch    the epoch of the key the session was opened with (devices only)
 */
public record Caller(Kind kind, String deviceId, int epoch) {

    /** Kinds of authenticated peers. */
    public enum Kind {
        /** A device, by its PSK identity {@code dk:<id>:<epoch>}. */
        DEVICE,
        /** The operator, by the configured operator identity. */
        OPERATOR
    }

    /** A device caller. */
    public static Caller device(String deviceId, int epoch) {
        return new Caller(Kind.DEVICE, deviceId, epoch);
    }

    /** The operator. */
    public static Caller operator() {
        return new Caller(Kind.OPERATOR, null, -1);
    }

    /** True for a device. */
    public boolean isDevice() {
        return kind == Kind.DEVICE;
    }
}
