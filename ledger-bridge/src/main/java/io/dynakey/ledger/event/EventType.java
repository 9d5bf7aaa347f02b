package io.dynakey.ledger.event;

/** The kinds of ledger event, with their one-byte code in the canonical encoding (never reused). */
public enum EventType {
    ENROLLED(1),
    ROTATED(2),
    GROUP_REKEYED(3),
    REVOKED(4),
    MODEL_PUBLISHED(5),
    ANOMALY_FLAGGED(6),
    MODEL_ROLLOUT(7);

    private final int code;

    EventType(int code) {
        this.code = code;
    }

    /** The byte written in the encoding. */
    public int code() {
        return code;
    }

    /** The type of a code, or {@code null} if the code is unknown. */
    public static EventType ofCode(int code) {
        for (EventType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
