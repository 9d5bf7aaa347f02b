package io.dynakey.gateway.config;

import java.util.List;

/** Every setting of the gateway, with its documentation, default and bounds. */
public final class GatewaySettings {

    public static final Setting<String> BIND_ADDRESS = Setting.text("gateway.bind-address",
            "Address the DTLS endpoint binds to.", "0.0.0.0");
    public static final Setting<Integer> PORT = Setting.integer("gateway.port",
            "UDP port of the DTLS endpoint (0 picks a free one).", 5684, 0, 65535);
    public static final Setting<String> DATA_DIR = Setting.text("gateway.data-dir",
            "Directory of the key store (gateway.db) and, unless set elsewhere, the key-encryption key.", "dynakey-gateway");
    public static final Setting<String> KEK_FILE = Setting.text("gateway.kek-file",
            "File holding the key-encryption key as 64 hex characters (the DYNAKEY_KEK environment variable wins);"
                    + " default <data-dir>/kek.hex, created on first start.", null);
    public static final Setting<String> OPERATOR_IDENTITY = Setting.text("gateway.operator.identity",
            "PSK identity of the operator (enrols devices, revokes).", "op:admin");
    public static final Setting<String> OPERATOR_PSK_FILE = Setting.text("gateway.operator.psk-file",
            "File holding the operator's PSK as hex; default <data-dir>/operator.psk, created on first start.", null);
    public static final Setting<Long> GRACE_WINDOW = Setting.millis("gateway.rotation.grace-window",
            "How long a replaced key still opens sessions after its successor was first used.", 600_000L, 0L, 86_400_000L * 30);
    public static final Setting<Long> RETIRE_INTERVAL = Setting.millis("gateway.rotation.retire-interval",
            "How often retiring keys past their grace window are retired.", 5_000L, 100L, 3_600_000L);
    public static final Setting<Integer> ROTATIONS_PER_HOUR = Setting.integer("gateway.rotation.max-per-hour",
            "Rotation requests a device may start per hour; more get 4.29.", 60, 1, 1_000_000);
    public static final Setting<Integer> REQUESTS_PER_SECOND = Setting.integer("gateway.device.requests-per-second",
            "Average requests per second one device may send; more get 4.29 before any work.", 20, 1, 1_000_000);
    public static final Setting<Integer> REQUEST_BURST = Setting.integer("gateway.device.request-burst",
            "Requests one device may send at once above its average rate.", 40, 1, 1_000_000);
    public static final Setting<Integer> MAX_REQUEST_BYTES = Setting.integer("gateway.max-request-bytes",
            "Largest request payload accepted; larger gets 4.13.", 1024, 64, 65536);
    public static final Setting<Integer> RISK_ROTATE_PERMILLE = Setting.integer("gateway.telemetry.rotate-risk",
            "Risk (permille) from which a telemetry report is answered with 'rotate now'.", 700, 0, 1000);
    public static final Setting<String> MODEL_FILE = Setting.text("gateway.model.file",
            "Signed model file served at /model and used to score telemetry (optional).", null);
    public static final Setting<Boolean> DURABLE_COMMITS = Setting.bool("gateway.store.fsync-every-commit",
            "fsync every transaction (SQLite synchronous=FULL); otherwise commits survive process crashes but not power loss.", false);
    public static final Setting<Integer> MAX_CONNECTIONS = Setting.integer("gateway.dtls.max-connections",
            "Most DTLS connections (sessions) kept at once. Every handshake adds one (each rotation opens one on"
                    + " the new key) and Scandium frees one only when the store is full and its least recently used"
                    + " connection is older than gateway.dtls.stale-connection-threshold; a full store of younger"
                    + " connections drops new handshakes, so clients time out. About 18 KB of heap each.", 50_000, 16,
            5_000_000);
    public static final Setting<Long> STALE_CONNECTION_THRESHOLD = Setting.millis("gateway.dtls.stale-connection-threshold",
            "Idle time after which a DTLS connection may be evicted to make room for a new handshake when"
                    + " gateway.dtls.max-connections is reached (Californium's default is 30 min).", 1_800_000L, 1_000L,
            86_400_000L);
    public static final Setting<Boolean> ECDHE_PSK = Setting.bool("gateway.dtls.ecdhe-psk",
            "Offer TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256 besides TLS_PSK_WITH_AES_128_CCM_8.", true);

    /** All settings, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(BIND_ADDRESS, PORT, DATA_DIR, KEK_FILE, OPERATOR_IDENTITY,
            OPERATOR_PSK_FILE, GRACE_WINDOW, RETIRE_INTERVAL, ROTATIONS_PER_HOUR, REQUESTS_PER_SECOND,
            REQUEST_BURST, MAX_REQUEST_BYTES, RISK_ROTATE_PERMILLE,
            MODEL_FILE, DURABLE_COMMITS, MAX_CONNECTIONS, STALE_CONNECTION_THRESHOLD, ECDHE_PSK);

    private GatewaySettings() {
    }
}
