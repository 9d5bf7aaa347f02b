package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.store.PskLength;
import io.dynakey.gateway.store.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 F4 and "register --group -5": a weak factory PSK, a negative group and a bad device id
 * are refused with a clear reason on every path that registers a device key in the gateway: the
 * store itself (which the CLI, the fleet and the benchmarks call), {@code POST /admin/devices} and
 * the factory-list import. ({@code GatewayCommandTest} covers the CLI's own checks.)
 */
class WeakKeyRefusalTest {

    @TempDir
    Path dir;
    Gateway g;
    final byte[] identity = new byte[32];

    @BeforeEach
    void open() throws Exception {
        g = DeviceKit.gateway(dir);
        Ed25519Signatures.publicKey(new byte[32], 0, identity, 0);
    }

    @AfterEach
    void close() {
        g.close();
    }

    @Test
    void a_short_factory_psk_is_refused_by_the_store() throws Exception {
        for (int length : new int[] {1, PskLength.MIN - 1, PskLength.MAX + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.store().registerDevice(
                    "dev-weak", identity, "0", new Secret(new byte[length]), 1000));
            assertTrue(e.getMessage().contains("factory PSK must be 16..32 random bytes"), e.getMessage());
        }
        assertEquals(0, g.store().deviceCount());
        assertEquals(0, g.store().eventsAfter(0, 10).size(), "no Enrolled event");
    }

    @Test
    void a_short_factory_psk_is_refused_by_post_admin_devices() throws Exception {
        Reply r = g.enrolment().register(Caller.operator(), registration("dev-weak", 0, new byte[] {0}));

        assertEquals(Reply.Code.BAD_REQUEST, r.code());
        assertTrue(r.diagnostic().contains("factory PSK must be 16..32 random bytes"), r.diagnostic());
        assertEquals(0, g.store().deviceCount());
    }

    @Test
    void a_weak_factory_master_secret_is_refused_by_the_factory_list_import() throws Exception {
        byte[] factory = new byte[32];
        DeviceKit.RANDOM.nextBytes(factory);
        byte[] factoryPub = new byte[32];
        Ed25519Signatures.publicKey(factory, 0, factoryPub, 0);
        byte[] list = FactoryList.sign(List.of(new FactoryList.Entry("fab-1", identity, 2)), factory);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.enrolment().importFactoryList(list, factoryPub, new byte[] {0}));

        assertTrue(e.getMessage().contains("factory master secret must be at least 16 random bytes"), e.getMessage());
        assertEquals(0, g.store().deviceCount());
    }

    @Test
    void a_negative_or_non_decimal_group_and_a_bad_device_id_are_refused_on_every_path() throws Exception {
        byte[] psk = new byte[16];
        DeviceKit.RANDOM.nextBytes(psk);
        for (String group : new String[] {"-5", "007", "g1", "", "2147483648"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> g.store().registerDevice("dev-1", identity, group, new Secret(psk), 1000), group);
            assertTrue(e.getMessage().contains("a group is a number 0..2147483647"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> g.store().registerDevice("dev 1", identity, "1", new Secret(psk), 1000));
        Reply negative = g.enrolment().register(Caller.operator(), registration("dev-1", -5, psk));
        assertEquals(Reply.Code.BAD_REQUEST, negative.code());
        assertTrue(negative.diagnostic().contains("a group is a number 0..2147483647"), negative.diagnostic());
        Reply badId = g.enrolment().register(Caller.operator(), registration("dev/1", 1, psk));
        assertEquals(Reply.Code.BAD_REQUEST, badId.code());
        assertTrue(badId.diagnostic().contains("a device or group id is 1..32 characters"), badId.diagnostic());
        assertEquals(0, g.store().deviceCount());

        g.store().registerDevice("dev-1", identity, "0", new Secret(psk), 1000);
        assertEquals(1, g.store().deviceCount(), "a 16-byte PSK in group 0 is accepted");
    }

    /** A DeviceRegistration encoded by hand, so that a group or PSK the record would not hold can be sent. */
    private byte[] registration(String id, long group, byte[] psk) throws Exception {
        byte[] out = new byte[256];
        byte[] idb = id.getBytes(StandardCharsets.US_ASCII);
        CborWriter w = new CborWriter().reset(out, 0, out.length);
        w.writeMapHeader(4);
        w.writeUnsigned(1).writeText(idb, 0, idb.length);
        w.writeUnsigned(2).writeBytes(identity, 0, identity.length);
        w.writeUnsigned(3).writeInt(group);
        w.writeUnsigned(4).writeBytes(psk, 0, psk.length);
        return Arrays.copyOf(out, w.finish());
    }
}
