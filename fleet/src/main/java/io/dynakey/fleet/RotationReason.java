package io.dynakey.fleet;

/** Why the simulator rotated a key (fleet-level reasons; the governor's own reason codes map onto these). */
public final class RotationReason {

    /** A fixed schedule. */
    public static final int SCHEDULE = 1;
    /** The model's risk (governor ROTATE_NOW or QUARANTINE for risk). */
    public static final int RISK = 2;
    /** A hard limit: maximum key age or messages per key. */
    public static final int HARD_LIMIT = 3;
    /** The oracle knew of the compromise. */
    public static final int ORACLE = 4;

    private static final String[] NAMES = {"none", "schedule", "risk", "hard_limit", "oracle"};

    private RotationReason() {
    }

    /** Name used in results, e.g. {@code "risk"}. */
    public static String name(int reason) {
        return reason >= 0 && reason < NAMES.length ? NAMES[reason] : "unknown";
    }

    /** Number of reason codes including 0. */
    public static int count() {
        return NAMES.length;
    }
}
