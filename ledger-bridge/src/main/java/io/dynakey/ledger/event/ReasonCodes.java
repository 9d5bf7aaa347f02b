package io.dynakey.ledger.event;

/**
 * The one-byte reason and kind codes carried in events. Codes are never reused; unknown codes are
 * still valid in an event (a newer gateway may know more) and are shown as numbers.
 */
public final class ReasonCodes {

    /** Rotation / rekey reason: not given. */
    public static final int UNSPECIFIED = 0;
    /** Rotation: the model's risk crossed the policy threshold. */
    public static final int RISK = 1;
    /** Rotation: the key reached its maximum age. */
    public static final int KEY_AGE = 2;
    /** Rotation: the key protected its maximum number of messages. */
    public static final int MESSAGE_LIMIT = 3;
    /** Rotation or revocation: asked for by an operator. */
    public static final int OPERATOR = 4;
    /** Rotation: started by the gateway (e.g. policy change). */
    public static final int GATEWAY = 5;
    /** Group rekey: a member joined. */
    public static final int MEMBER_JOINED = 6;
    /** Group rekey: a member left. */
    public static final int MEMBER_LEFT = 7;
    /** Group rekey or revocation: a member was revoked / suspected compromised. */
    public static final int COMPROMISE = 8;
    /** Revocation: the device was decommissioned. */
    public static final int DECOMMISSIONED = 9;

    /** Anomaly kind: risk above the quarantine threshold. */
    public static final int ANOMALY_HIGH_RISK = 1;
    /** Anomaly kind: too many failed DTLS handshakes. */
    public static final int ANOMALY_HANDSHAKE_FAILURES = 2;
    /** Anomaly kind: a replayed or rolled-back rotation request. */
    public static final int ANOMALY_REPLAY = 3;
    /** Anomaly kind: a bad identity signature. */
    public static final int ANOMALY_BAD_SIGNATURE = 4;
    /** Anomaly kind: too many rotation requests (rate limit hit). */
    public static final int ANOMALY_ROTATION_STORM = 5;

    private ReasonCodes() {
    }
}
