package io.dynakey.gateway.store;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dynakey.gateway.service.DeviceRegistration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Key bytes never show in toString() or exception messages of the store's types. */
class SecretHygieneTest {

    private static final byte[] KEY = HexFormat.of().parseHex("5a5b5c5d5e5f60616263646566676869");

    private static void assertNoKey(String text) {
        String hex = HexFormat.of().formatHex(KEY);
        assertFalse(text.toLowerCase().contains(hex) || text.contains(Arrays.toString(KEY)), text);
    }

    @Test
    void secrets_keys_and_registrations_print_no_key_material() {
        assertNoKey(new Secret(KEY).toString());
        assertNoKey(new PendingKey("dev-1", 0, 1, new Secret(KEY), new byte[32], new byte[32], new byte[3], 1, 2, 3).toString());
        assertNoKey(new UsableKey("dev-1", 1, KeyState.CURRENT, new Secret(KEY), Long.MAX_VALUE).toString().replace("Secret[16 bytes]", ""));
        assertNoKey(new DeviceRegistration("dev-1", new byte[32], "1", KEY).toString());
        assertNoKey(new KeyWrapper(new byte[32]).toString());
    }

    @Test
    void an_unwrap_failure_says_why_without_the_key() {
        KeyWrapper w = new KeyWrapper(new byte[32]);
        byte[] wrapped = w.wrap(KEY, new byte[] {1});
        try {
            new KeyWrapper(KEY.length == 16 ? Arrays.copyOf(KEY, 32) : KEY).unwrap(wrapped, new byte[] {1});
        } catch (StoreException e) {
            assertNoKey(e.getMessage());
            assertNoKey(String.valueOf(e.getCause()));
        }
    }
}
