package io.dynakey.gateway.store;

import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.wire.Limits;

/**
 * Device and group ids as the device defines them ({@link PskIdentity#validId(String)}:
 * {@link Limits#MIN_DEVICE_ID}..{@link Limits#MAX_DEVICE_ID} characters of {@code [A-Za-z0-9._-]}),
 * so they fit a PSK identity and a ledger event and need no escaping anywhere. A device's group is
 * a group number {@code 0..}{@link Limits#MAX_COUNTER} (the {@code GroupKeyResponse}'s group id),
 * written in decimal without sign or leading zeros.
 */
public final class DeviceIds {

    private DeviceIds() {
    }

    /** Whether {@code id} is a valid device or group id. */
    public static boolean valid(String id) {
        return PskIdentity.validId(id);
    }

    /** Returns {@code id}, or throws {@link IllegalArgumentException} if it is not valid. */
    public static String require(String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException("a device or group id is " + Limits.MIN_DEVICE_ID + ".."
                    + Limits.MAX_DEVICE_ID + " characters of [A-Za-z0-9._-]");
        }
        return id;
    }

    /** Whether {@code groupId} is a group number in canonical decimal ({@code 0}, {@code 17}; not {@code -5}, {@code 07}). */
    public static boolean validGroup(String groupId) {
        if (groupId == null || groupId.isEmpty() || groupId.length() > 10 || (groupId.length() > 1 && groupId.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < groupId.length(); i++) {
            if (groupId.charAt(i) < '0' || groupId.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(groupId) <= Limits.MAX_COUNTER;
    }

    /** Returns {@code groupId}, or throws {@link IllegalArgumentException} if it is not a group number. */
    public static String requireGroup(String groupId) {
        if (!validGroup(groupId)) {
            throw new IllegalArgumentException(groupRule());
        }
        return groupId;
    }

    /** The group id of group number {@code group}; throws {@link IllegalArgumentException} if it is out of range. */
    public static String group(long group) {
        if (group < 0 || group > Limits.MAX_COUNTER) {
            throw new IllegalArgumentException(groupRule());
        }
        return Long.toString(group);
    }

    private static String groupRule() {
        return "a group is a number 0.." + Limits.MAX_COUNTER;
    }
}
