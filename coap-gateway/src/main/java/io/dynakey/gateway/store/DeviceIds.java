package io.dynakey.gateway.store;

import io.dynakey.device.rotation.PskIdentity;
import io.dynakey.device.wire.Limits;

/**
 * Device and group ids as the device defines them ({@link PskIdentity#validId(String)}:
 * {@link Limits#MIN_DEVICE_ID}..{@link Limits#MAX_DEVICE_ID} characters of {@code [A-Za-z0-9._-]}),
 * so they fit a PSK identity and a ledger event and need no escaping anywhere.
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
}
