package io.dynakey.device.wire;

/** Why a rotation was asked for (key 6 of {@link RotateRequest}). */
public final class RotationReason {

    /** The model's risk crossed the policy threshold. */
    public static final int RISK = 1;
    /** The key reached its maximum age. */
    public static final int KEY_AGE = 2;
    /** The key protected its maximum number of messages. */
    public static final int MESSAGE_LIMIT = 3;
    /** The gateway asked for it (e.g. in answer to telemetry). */
    public static final int GATEWAY_REQUEST = 4;
    /** An operator asked for it. */
    public static final int MANUAL = 5;
    /** The device's group policy changed. */
    public static final int POLICY = 6;
    /** A previous rotation did not complete and is being redone. */
    public static final int RECOVERY = 7;

    private RotationReason() {
    }
}
