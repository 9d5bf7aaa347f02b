package io.dynakey.ledger.event;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A step of a group's staged model rollout: a model published as canary to a share of the group,
 * promoted to the whole group, or rolled back (the group's devices are told a previous or restored
 * model).
 *
 * @param groupId      the device group, 1..64 printable ASCII characters
 * @param action       {@link #CANARY}, {@link #PROMOTED} or {@link #ROLLED_BACK}
 * @param modelVersion the version the step concerns (the canary's, the promoted one, the one rolled back to), 0..2^32-1
 * @param fileSha256   SHA-256 of that whole signed model file (32 bytes; copied in and out)
 */
public record ModelRollout(String groupId, int action, long modelVersion, byte[] fileSha256) implements EventBody {

    /** Published to the canary share of the group. */
    public static final int CANARY = 1;
    /** The canary's model now serves the whole group. */
    public static final int PROMOTED = 2;
    /** The canary was abandoned; the group is served the model named here. */
    public static final int ROLLED_BACK = 3;

    public ModelRollout {
        Ids.require(groupId, "groupId");
        if (action < CANARY || action > ROLLED_BACK) {
            throw new IllegalArgumentException("action must be 1..3");
        }
        Ids.requireU32(modelVersion, "modelVersion");
        if (fileSha256 == null || fileSha256.length != ModelPublished.DIGEST_LENGTH) {
            throw new IllegalArgumentException("fileSha256 must have 32 bytes");
        }
        fileSha256 = fileSha256.clone();
    }

    /** The action's name: canary, promoted, rolled-back. */
    public String actionName() {
        return switch (action) {
            case CANARY -> "canary";
            case PROMOTED -> "promoted";
            default -> "rolled-back";
        };
    }

    @Override
    public byte[] fileSha256() {
        return fileSha256.clone();
    }

    @Override
    public EventType type() {
        return EventType.MODEL_ROLLOUT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelRollout m && groupId.equals(m.groupId) && action == m.action && modelVersion == m.modelVersion
                && Arrays.equals(fileSha256, m.fileSha256);
    }

    @Override
    public int hashCode() {
        return ((groupId.hashCode() * 31 + action) * 31 + Long.hashCode(modelVersion)) * 31 + Arrays.hashCode(fileSha256);
    }

    @Override
    public String toString() {
        return "ModelRollout[groupId=" + groupId + ", action=" + actionName() + ", modelVersion=" + modelVersion
                + ", fileSha256=" + HexFormat.of().formatHex(fileSha256) + "]";
    }
}
