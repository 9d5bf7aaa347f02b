package io.dynakey.gateway.store;

/**
 * Device and group ids: 1..32 characters of {@code [A-Za-z0-9._-]}, so they fit a PSK identity
 * and a ledger event and need no escaping anywhere.
 */
public final class DeviceIds {

    /** Longest id in characters. */
    public static final int MAX_LENGTH = 32;

    private DeviceIds() {
    }

    /** Whether {@code id} is a valid device or group id. */
    public static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code id}, or throws {@link IllegalArgumentException} if it is not valid. */
    public static String require(String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException("a device or group id is 1.." + MAX_LENGTH + " characters of [A-Za-z0-9._-]");
        }
        return id;
    }
}
