package io.dynakey.fleet;

/**
 * Former simulator-only reason codes, now aliases of the one numbering,
 * {@link io.dynakey.device.wire.RotationReason}, which every policy and result uses. Kept only so
 * that {@code run.RealGateway} compiles until its {@code rotate()} passes the reason through
 * unchanged; delete this class then.
 */
@Deprecated(forRemoval = true)
public final class RotationReason {

    /** A fixed schedule: {@code POLICY}. */
    public static final int SCHEDULE = io.dynakey.device.wire.RotationReason.POLICY;
    /** The model's risk: {@code RISK}. */
    public static final int RISK = io.dynakey.device.wire.RotationReason.RISK;
    /** The maximum key age: {@code KEY_AGE}. */
    public static final int HARD_LIMIT = io.dynakey.device.wire.RotationReason.KEY_AGE;
    /** The oracle knew of the compromise: {@code MANUAL}. */
    public static final int ORACLE = io.dynakey.device.wire.RotationReason.MANUAL;

    private RotationReason() {
    }
}
