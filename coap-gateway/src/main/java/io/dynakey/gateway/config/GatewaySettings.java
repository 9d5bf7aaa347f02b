package io.dynakey.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of the gateway: the one holder of their definitions (key, documentation, default,
 * bounds and type, with the unit of each duration). {@code docs/architecture.md} lists them in a
 * table that a test keeps equal to {@link SettingsTable#markdown}.
 */
public final class GatewaySettings {

    public static final TextSetting BIND_ADDRESS = new TextSetting("gateway.bind-address",
            "Address the DTLS endpoint binds to.", "0.0.0.0");
    public static final IntegerSetting PORT = new IntegerSetting("gateway.port",
            "UDP port of the DTLS endpoint (0 picks a free one).", 5684, 0, 65535, "");
    public static final PathSetting DATA_DIR = new PathSetting("gateway.data-dir",
            "Directory of the key store (gateway.db) and, unless set elsewhere, the key-encryption key.", Path.of("dynakey-gateway"));
    public static final PathSetting KEK_FILE = new PathSetting("gateway.kek-file",
            "File holding the key-encryption key as 64 hex characters (the DYNAKEY_KEK environment variable wins);"
                    + " default <data-dir>/kek.hex, created on first start.", null);
    public static final TextSetting OPERATOR_IDENTITY = new TextSetting("gateway.operator.identity",
            "PSK identity of the operator (enrols devices, revokes).", "op:admin");
    public static final PathSetting OPERATOR_PSK_FILE = new PathSetting("gateway.operator.psk-file",
            "File holding the operator's PSK as hex; default <data-dir>/operator.psk, created on first start.", null);
    public static final DurationSetting GRACE_WINDOW = new DurationSetting("gateway.rotation.grace-window",
            "How long a replaced key still opens sessions after its successor was first used.",
            Duration.ofMinutes(10), TimeUnitSymbol.SECONDS, Duration.ZERO, Duration.ofDays(30));
    public static final DurationSetting RETIRE_INTERVAL = new DurationSetting("gateway.rotation.retire-interval",
            "How often retiring keys past their grace window are retired.", Duration.ofSeconds(5),
            TimeUnitSymbol.MILLISECONDS, Duration.ofMillis(100), Duration.ofHours(1));
    public static final DurationSetting SESSION_SWEEP_INTERVAL = new DurationSetting("gateway.session.sweep-interval",
            "How often the gateway reads revocations written to its store by others (the CLI, another gateway) and"
                    + " drops the DTLS connections of revoked devices and of keys past their grace window.",
            Duration.ofSeconds(1), TimeUnitSymbol.MILLISECONDS, Duration.ofMillis(50), Duration.ofMinutes(10));
    public static final IntegerSetting ROTATIONS_PER_HOUR = new IntegerSetting("gateway.rotation.max-per-hour",
            "Rotation requests a device may start per hour; more get 4.29.", 60, 1, 1_000_000, "rotations per hour");
    public static final TextSetting HYBRID_GROUPS = new TextSetting("gateway.rotation.hybrid-groups",
            "Device groups whose rotations must use the hybrid post-quantum suite 2 (X-Wing: ML-KEM-768 + X25519):"
                    + " group ids separated by commas, * for every group, none for none. Suite-1 requests from them get 4.22.",
            "none");
    public static final DurationSetting GROUP_REKEY_DELAY = new DurationSetting("gateway.group.rekey-delay",
            "How long joins to a group are batched before one rekey covers them; a newcomer gets its group key"
                    + " (5.03 until then) only from that rekey. Leaves and revocations rekey at once.",
            Duration.ofSeconds(30), TimeUnitSymbol.SECONDS, Duration.ZERO, Duration.ofHours(1));
    public static final IntegerSetting REQUESTS_PER_SECOND = new IntegerSetting("gateway.device.requests-per-second",
            "Average requests per second one device may send; more get 4.29 before any work.", 20, 1, 1_000_000, "requests per second");
    public static final IntegerSetting REQUEST_BURST = new IntegerSetting("gateway.device.request-burst",
            "Requests one device may send at once above its average rate.", 40, 1, 1_000_000, "requests");
    public static final IntegerSetting MAX_REQUEST_BYTES = new IntegerSetting("gateway.max-request-bytes",
            "Largest request payload accepted; larger gets 4.13. A hybrid-suite RotateRequest is about 1,330 bytes"
                    + " (sent block-wise).", 1536, 64, 65536, "bytes");
    public static final DurationSetting BLOCKWISE_LIFETIME = new DurationSetting("gateway.blockwise.status-lifetime",
            "How long an unfinished Block1 upload being reassembled is kept before it is dropped (Californium's"
                    + " default is 5 min). Downloads keep no state: /model is served one block per request.", Duration.ofSeconds(30),
            TimeUnitSymbol.SECONDS, Duration.ofSeconds(1), Duration.ofMinutes(10));
    public static final IntegerSetting BLOCKWISE_MAX_TRANSFERS = new IntegerSetting("gateway.blockwise.max-transfers",
            "Most unfinished block-wise uploads kept at once, each holding at most gateway.max-request-bytes.", 10_000, 16,
            1_000_000, "transfers");
    public static final IntegerSetting MAX_MODEL_BYTES = new IntegerSetting("gateway.model.max-bytes",
            "Largest model file the gateway publishes; a larger gateway.model.file is refused at start. Every 512-byte"
                    + " block of a download is one request against the device's limit: keep a model's blocks within"
                    + " gateway.device.request-burst.", 16 * 1024, 1024, 2 * 1024 * 1024, "bytes");
    public static final IntegerSetting RISK_ROTATE_PERMILLE = new IntegerSetting("gateway.telemetry.rotate-risk",
            "Risk (permille) from which a telemetry report is answered with 'rotate now'.", 700, 0, 1000, "permille");
    public static final PathSetting MODEL_FILE = new PathSetting("gateway.model.file",
            "Signed model file served at /model and used to score telemetry (optional). It must verify with"
                    + " gateway.model.public-key-file unless gateway.model.allow-unverified is set.", null);
    public static final PathSetting MODEL_PUBLIC_KEY_FILE = new PathSetting("gateway.model.public-key-file",
            "Model-signing public key file (the trainer's .pub: 64 hex digits, '#' lines are comments) that"
                    + " gateway.model.file must verify with before the gateway starts.", null);
    public static final BooleanSetting MODEL_ALLOW_UNVERIFIED = new BooleanSetting("gateway.model.allow-unverified",
            "Serve and score with a gateway.model.file although no gateway.model.public-key-file is set (a warning"
                    + " is logged; devices still check the signature themselves). For tests only.", false);
    public static final IntegerSetting MODEL_CANARY_SHARE = new IntegerSetting("gateway.model.canary-share",
            "Share of a group's devices (chosen by a hash of the device id) that a model published to the group runs"
                    + " on first, until it is promoted or rolled back.", 100, 0, 1000, "permille");
    public static final BooleanSetting MODEL_AUTO_PROMOTE = new BooleanSetting("gateway.model.auto-promote",
            "Promote or roll back a group's canary automatically: after gateway.model.canary-min-time, roll back if the"
                    + " canary's RISK rotations per device-day exceed the rest of the group's by more than"
                    + " gateway.model.canary-margin, else promote once every canary device reports the new version.", false);
    public static final DurationSetting MODEL_CANARY_MIN_TIME = new DurationSetting("gateway.model.canary-min-time",
            "Least time a canary runs before it is promoted or rolled back automatically.", Duration.ofDays(1),
            TimeUnitSymbol.SECONDS, Duration.ofSeconds(1), Duration.ofDays(90));
    public static final IntegerSetting MODEL_CANARY_MARGIN = new IntegerSetting("gateway.model.canary-margin",
            "How many more RISK rotations per 1,000 device-days the canary may have than the rest of its group"
                    + " before it is rolled back automatically.", 50, 0, 1_000_000, "per 1000 device-days");
    public static final DurationSetting MODEL_ROLLOUT_CHECK_INTERVAL = new DurationSetting("gateway.model.rollout-check-interval",
            "How often running canaries are checked against the promotion rule (with gateway.model.auto-promote).",
            Duration.ofMinutes(1), TimeUnitSymbol.MILLISECONDS, Duration.ofMillis(100), Duration.ofHours(1));
    public static final TextSetting STORE = new TextSetting("gateway.store",
            "Where the key store lives: sqlite (<data-dir>/gateway.db, one gateway) or"
                    + " postgres://HOST[:PORT]/DATABASE?user=NAME, a PostgreSQL database that several gateways share"
                    + " (the password, if any, in gateway.store.password-file; never in the URL).", "sqlite");
    public static final PathSetting STORE_PASSWORD_FILE = new PathSetting("gateway.store.password-file",
            "File holding the PostgreSQL password of gateway.store (one line, readable by its owner only).", null);
    public static final PathSetting LEDGER_JOURNAL = new PathSetting("gateway.ledger.journal-file",
            "Journal ledger this gateway drains its outbox into (its signing key and a .fence lock file beside it)."
                    + " Of several gateways on one store only the holder of the outbox lease drains; the others stand by"
                    + " and take over when it dies, so they must all name the same file (shared storage)."
                    + " Unset: another process drains the outbox.", null);
    public static final IntegerSetting CLUSTER_NODE_ID = new IntegerSetting("gateway.cluster.node-id",
            "This node's id in a DTLS connection-ID cluster (Scandium's DtlsClusterConnector: the id is the first"
                    + " byte of every connection id it issues, and a node that receives a record of another node's"
                    + " connection forwards it there). 0: no cluster. The nodes share one gateway.store.", 0, 0, 255, "");
    public static final TextSetting CLUSTER_ADDRESS = new TextSetting("gateway.cluster.address",
            "HOST:PORT of this node's cluster-internal UDP endpoint, where the other nodes forward records to it"
                    + " (a private network: the forwarded records are not authenticated between nodes).", null);
    public static final TextSetting CLUSTER_NODES = new TextSetting("gateway.cluster.nodes",
            "Every node of the cluster as ID=HOST:PORT of its gateway.cluster.address, separated by commas.", null);
    public static final BooleanSetting DURABLE_COMMITS = new BooleanSetting("gateway.store.fsync-every-commit",
            "fsync every transaction (SQLite synchronous=FULL); otherwise commits survive process crashes but not power loss.", false);
    public static final IntegerSetting MAX_CONNECTIONS = new IntegerSetting("gateway.dtls.max-connections",
            "Most DTLS connections (sessions) kept at once. Every handshake adds one (each rotation opens one on"
                    + " the new key) and Scandium frees one only when the store is full and its least recently used"
                    + " connection is older than gateway.dtls.stale-connection-threshold; a full store of younger"
                    + " connections drops new handshakes, so clients time out. About 18 KB of heap each.", 50_000, 16,
            5_000_000, "connections");
    public static final DurationSetting STALE_CONNECTION_THRESHOLD = new DurationSetting("gateway.dtls.stale-connection-threshold",
            "Idle time after which a DTLS connection may be evicted to make room for a new handshake when"
                    + " gateway.dtls.max-connections is reached (Californium's default is 30 min).", Duration.ofMinutes(30),
            TimeUnitSymbol.SECONDS, Duration.ofSeconds(1), Duration.ofDays(1));
    public static final DurationSetting DTLS_RETRANSMISSION_TIMEOUT = new DurationSetting(
            "gateway.dtls.retransmission-timeout",
            "How long the gateway waits before it resends a DTLS handshake flight of its own (doubling after each"
                    + " resend, up to 4 resends; Scandium's default is 2 s). Shorter heals lost handshake datagrams on"
                    + " lossy links sooner, at the price of spurious resends when round trips are longer than this.",
            Duration.ofSeconds(2), TimeUnitSymbol.MILLISECONDS, Duration.ofMillis(50), Duration.ofMinutes(1));
    public static final BooleanSetting ECDHE_PSK = new BooleanSetting("gateway.dtls.ecdhe-psk",
            "Offer TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256 besides TLS_PSK_WITH_AES_128_CCM_8.", true);

    public static final IntegerSetting CONSOLE_PORT = new IntegerSetting("gateway.console.port",
            "TCP port of the operator console and its Prometheus endpoint (/metrics); -1 (the default) serves none,"
                    + " 0 picks a free one. Actions need the operator token of gateway.console.token-file.", -1, -1, 65535, "");
    public static final TextSetting CONSOLE_BIND_ADDRESS = new TextSetting("gateway.console.bind-address",
            "Address the console listens on; loopback by default (put a TLS reverse proxy in front to reach it from"
                    + " elsewhere).", "127.0.0.1");
    public static final PathSetting CONSOLE_TOKEN_FILE = new PathSetting("gateway.console.token-file",
            "The console's operator token (created at random, mode 600, on first start; default"
                    + " <data-dir>/console.token). Never logged.", null);
    public static final PathSetting CONSOLE_JOURNAL = new PathSetting("gateway.console.journal",
            "Ledger journal the console's ledger page verifies (optional; the bridge's --journal file). Unset:"
                    + " gateway.ledger.journal-file, if the gateway drains its outbox itself.", null);

    /** All settings, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(BIND_ADDRESS, PORT, DATA_DIR, KEK_FILE, OPERATOR_IDENTITY,
            OPERATOR_PSK_FILE, GRACE_WINDOW, RETIRE_INTERVAL, SESSION_SWEEP_INTERVAL, ROTATIONS_PER_HOUR, REQUESTS_PER_SECOND,
            REQUEST_BURST, MAX_REQUEST_BYTES, HYBRID_GROUPS, GROUP_REKEY_DELAY, BLOCKWISE_LIFETIME, BLOCKWISE_MAX_TRANSFERS, RISK_ROTATE_PERMILLE,
            MODEL_FILE, MODEL_PUBLIC_KEY_FILE, MODEL_ALLOW_UNVERIFIED, MAX_MODEL_BYTES, MODEL_CANARY_SHARE, MODEL_AUTO_PROMOTE,
            MODEL_CANARY_MIN_TIME, MODEL_CANARY_MARGIN, MODEL_ROLLOUT_CHECK_INTERVAL, STORE, STORE_PASSWORD_FILE, LEDGER_JOURNAL, CLUSTER_NODE_ID, CLUSTER_ADDRESS, CLUSTER_NODES,
            DURABLE_COMMITS, MAX_CONNECTIONS, STALE_CONNECTION_THRESHOLD,
            DTLS_RETRANSMISSION_TIMEOUT, ECDHE_PSK, CONSOLE_PORT, CONSOLE_BIND_ADDRESS, CONSOLE_TOKEN_FILE, CONSOLE_JOURNAL);

    /** The setting of {@code key}, or null. */
    public static Setting<?> byKey(String key) {
        for (Setting<?> s : ALL) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }

    private GatewaySettings() {
    }
}
