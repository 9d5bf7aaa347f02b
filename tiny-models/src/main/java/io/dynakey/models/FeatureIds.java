package io.dynakey.models;

/**
 * The registry of device feature ids, shared by the trainer (schema mapping), the model file
 * (feature schema) and the device (feature windows). Ids 1..127 are defined here;
 * 128..255 are application-defined (e.g. sensor readings), named by the data set's schema.
 */
public final class FeatureIds {

    public static final int BYTES_IN = 1;
    public static final int BYTES_OUT = 2;
    public static final int PACKETS_IN = 3;
    public static final int PACKETS_OUT = 4;
    /** Messages per minute in the window. */
    public static final int MESSAGE_RATE = 5;
    /** Change of the message rate from the previous window, per minute (signed). */
    public static final int MESSAGE_RATE_DELTA = 6;
    public static final int DTLS_HANDSHAKE_FAILURES = 7;
    public static final int AUTH_FAILURES = 8;
    public static final int COAP_4XX = 9;
    public static final int COAP_5XX = 10;
    public static final int DISTINCT_PEERS = 11;
    public static final int OPEN_PORTS = 12;
    public static final int KEY_AGE_SECONDS = 13;
    public static final int MESSAGES_UNDER_KEY = 14;
    public static final int SECONDS_SINCE_ROTATION = 15;
    /** Duration of the connection or window activity, milliseconds. */
    public static final int CONNECTION_DURATION_MS = 16;
    /** Connection state, a category code. */
    public static final int CONNECTION_STATE = 17;
    /** Transport protocol, a category code. */
    public static final int PROTOCOL = 18;
    /** Application service, a category code. */
    public static final int SERVICE = 19;
    /** Connection history flags, a category code. */
    public static final int CONNECTION_HISTORY = 20;
    public static final int BYTES_MISSED = 21;
    /**
     * First id of a temporal feature: the second stage of a format 1.2 file reads temporal
     * feature k (of its temporal section) as id {@code TEMPORAL_FIRST + k}.
     */
    public static final int TEMPORAL_FIRST = 112;
    /** Last id of a temporal feature ({@code TEMPORAL_FIRST + 15}). */
    public static final int TEMPORAL_LAST = 127;
    /** First application-defined id. */
    public static final int APPLICATION_FIRST = 128;
    /** Last valid id. */
    public static final int MAX_ID = 255;

    private FeatureIds() {
    }
}
