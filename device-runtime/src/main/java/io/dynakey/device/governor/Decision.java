package io.dynakey.device.governor;

import io.dynakey.device.wire.RotationReason;

/**
 * The governor's actions and the reasons it gives for them (int constants: no enums on the
 * device's hot path). A governor reason explains a decision (e.g. {@link #REASON_RATE_LIMITED});
 * it is not a key-event reason: {@link #rotationReason} maps it onto the one numbering of those,
 * {@link RotationReason}, which is what goes on the wire and into the ledger.
 */
public final class Decision {

    /** Keep the current key. */
    public static final int NONE = 0;
    /**
     * Advisory: risk is elevated or a hard limit is near. Prepare a rotation (e.g. generate the
     * ephemeral key pair) and report the risk; do not start a rotation exchange for it.
     */
    public static final int ROTATE_SOON = 1;
    /** Rotate the key now. Each ROTATE_NOW is one rotation the rate limit has granted. */
    public static final int ROTATE_NOW = 2;
    /** Stop using the network except to reach the gateway; the device is likely compromised. */
    public static final int QUARANTINE = 3;

    /** Nothing to report. */
    public static final int REASON_NONE = 0;
    /** Risk reached the policy's ROTATE_SOON threshold. */
    public static final int REASON_RISK_ELEVATED = 1;
    /** Risk reached the policy's ROTATE_NOW threshold. */
    public static final int REASON_RISK_HIGH = 2;
    /** Risk reached the policy's QUARANTINE threshold. */
    public static final int REASON_RISK_CRITICAL = 3;
    /** The key reached the policy's maximum age. */
    public static final int REASON_MAX_KEY_AGE = 4;
    /** The key protected the policy's maximum number of messages. */
    public static final int REASON_MAX_MESSAGES = 5;
    /** The key is close to its maximum age. */
    public static final int REASON_KEY_AGE_NEAR = 6;
    /** The key is close to its maximum number of messages. */
    public static final int REASON_MESSAGES_NEAR = 7;
    /** A rotation is wanted but the rate limit holds it back. */
    public static final int REASON_RATE_LIMITED = 8;
    /** High risk outlasted the rate limit for the policy's quarantine delay. */
    public static final int REASON_RISK_SUSTAINED = 9;
    /** Elevated risk lasted the policy's escalation delay. */
    public static final int REASON_ELEVATED_SUSTAINED = 10;

    private static final String[] ACTION_NAMES = {"NONE", "ROTATE_SOON", "ROTATE_NOW", "QUARANTINE"};
    private static final String[] REASON_NAMES = {
        "NONE", "RISK_ELEVATED", "RISK_HIGH", "RISK_CRITICAL", "MAX_KEY_AGE", "MAX_MESSAGES",
        "KEY_AGE_NEAR", "MESSAGES_NEAR", "RATE_LIMITED", "RISK_SUSTAINED", "ELEVATED_SUSTAINED"
    };

    private Decision() {
    }

    /**
     * The {@link RotationReason} of the rotation a ROTATE_NOW or QUARANTINE with this reason asks
     * for: {@code KEY_AGE}, {@code MESSAGE_LIMIT}, or {@code RISK} for the risk-driven reasons
     * (a quarantined device's key is replaced for its risk); {@code UNSPECIFIED} for a reason that
     * comes with neither.
     */
    public static int rotationReason(int reason) {
        switch (reason) {
            case REASON_MAX_KEY_AGE:
                return RotationReason.KEY_AGE;
            case REASON_MAX_MESSAGES:
                return RotationReason.MESSAGE_LIMIT;
            case REASON_RISK_HIGH:
            case REASON_ELEVATED_SUSTAINED:
            case REASON_RISK_CRITICAL:
            case REASON_RISK_SUSTAINED:
                return RotationReason.RISK;
            default:
                return RotationReason.UNSPECIFIED;
        }
    }

    /** The constant's name, e.g. {@code "ROTATE_NOW"}; {@code "?"} for an unknown code. */
    public static String actionName(int action) {
        return action >= 0 && action < ACTION_NAMES.length ? ACTION_NAMES[action] : "?";
    }

    /** The reason's name, e.g. {@code "MAX_KEY_AGE"}; {@code "?"} for an unknown code. */
    public static String reasonName(int reason) {
        return reason >= 0 && reason < REASON_NAMES.length ? REASON_NAMES[reason] : "?";
    }
}
