package io.dynakey.ledger.event;

/**
 * The gateway flagged a device as anomalous (high risk, handshake storm, replay, ...).
 *
 * @param deviceId     device id, 1..64 printable ASCII characters
 * @param kind         anomaly kind code, 0..255 ({@code KIND_*}; an unknown kind is still valid)
 * @param riskPermille risk at the time, 0..1000
 * @param modelVersion version of the model that scored it, 0..2^32-1 (0: none)
 */
public record AnomalyFlagged(String deviceId, int kind, int riskPermille, long modelVersion) implements EventBody {

    /** Risk above the quarantine threshold. */
    public static final int KIND_HIGH_RISK = 1;
    /** Too many failed DTLS handshakes. */
    public static final int KIND_HANDSHAKE_FAILURES = 2;
    /** A replayed or rolled-back rotation request. */
    public static final int KIND_REPLAY = 3;
    /** A bad identity signature. */
    public static final int KIND_BAD_SIGNATURE = 4;
    /** Too many rotation requests (rate limit hit). */
    public static final int KIND_ROTATION_STORM = 5;

    public AnomalyFlagged {
        Ids.require(deviceId, "deviceId");
        Ids.requireRange(kind, 0, 255, "kind");
        Ids.requireRange(riskPermille, 0, 1000, "riskPermille");
        Ids.requireU32(modelVersion, "modelVersion");
    }

    @Override
    public EventType type() {
        return EventType.ANOMALY_FLAGGED;
    }
}
