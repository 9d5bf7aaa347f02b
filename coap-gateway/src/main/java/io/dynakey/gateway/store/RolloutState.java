package io.dynakey.gateway.store;

/**
 * A group's model rollout: the version its devices run, and the canary version a share of them
 * is given meanwhile.
 *
 * @param groupId        the device group
 * @param stableVersion  the version served to the devices outside the canary (0: the gateway's default model)
 * @param canaryVersion  the version served to the canary share, 0 when no canary runs
 * @param canaryPermille the canary share of the group, 0..1000 permille
 * @param canarySinceMs  when the canary started (0 when none)
 */
public record RolloutState(String groupId, long stableVersion, long canaryVersion, int canaryPermille, long canarySinceMs) {

    public RolloutState {
        if (canaryPermille < 0 || canaryPermille > 1000) {
            throw new IllegalArgumentException("canaryPermille must be 0..1000");
        }
    }

    /** True while a canary runs. */
    public boolean canaryRunning() {
        return canaryVersion != 0;
    }
}
