package io.dynakey.device.wire;

/**
 * Why a key changed: the one numbering of reason codes in dynakey. The device sends codes
 * {@link #RISK} to {@link #RECOVERY} in a {@link RotateRequest} (key 6); the gateway stores the
 * same number with a pending key and writes it unchanged into the ledger's {@code Rotated},
 * {@code GroupRekeyed} and {@code Revoked} events, where the group and revocation codes
 * ({@link #COMPROMISE} and up) appear too. A code is one byte and never reused; an unknown code
 * (from a newer peer) stays valid and is shown as a number. Stateless; nothing is allocated.
 */
public final class RotationReason {

    /** Not given. */
    public static final int UNSPECIFIED = 0;
    /** The model's risk crossed the policy threshold. */
    public static final int RISK = 1;
    /** The key reached its maximum age. */
    public static final int KEY_AGE = 2;
    /** The key protected its maximum number of messages. */
    public static final int MESSAGE_LIMIT = 3;
    /** The gateway asked for it (e.g. in answer to telemetry). */
    public static final int GATEWAY_REQUEST = 4;
    /** An operator asked for it (a rotation, or a revocation). */
    public static final int MANUAL = 5;
    /** The device's group policy asked for it: a scheduled rotation or a changed policy. */
    public static final int POLICY = 6;
    /** A previous rotation did not complete and is being redone. */
    public static final int RECOVERY = 7;
    /** Group rekey or revocation: a member was revoked or is suspected compromised. */
    public static final int COMPROMISE = 8;
    /** Revocation: the device was decommissioned. */
    public static final int DECOMMISSIONED = 9;
    /** Group rekey: a member joined. */
    public static final int MEMBER_JOINED = 10;
    /** Group rekey: a member left. */
    public static final int MEMBER_LEFT = 11;
    /** Largest defined code. */
    public static final int MAX_DEFINED = MEMBER_LEFT;

    private static final String[] NAMES = {
        "unspecified", "risk", "key_age", "message_limit", "gateway_request", "manual", "policy", "recovery",
        "compromise", "decommissioned", "member_joined", "member_left"
    };

    private RotationReason() {
    }

    /** The code's name in lower case, e.g. {@code "key_age"}; {@code null} for an undefined code. */
    public static String name(int reason) {
        return reason >= 0 && reason <= MAX_DEFINED ? NAMES[reason] : null;
    }

    /** Whether a device may give this code in a {@link RotateRequest} ({@link #RISK} .. {@link #RECOVERY}). */
    public static boolean isRotation(int reason) {
        return reason >= RISK && reason <= RECOVERY;
    }
}
