package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.gateway.Gateway;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactoryListTest {

    @TempDir
    Path dir;

    @Test
    void a_signed_factory_list_registers_its_devices_and_a_forged_one_registers_nothing() throws Exception {
        byte[] factory = new byte[32];
        DeviceKit.RANDOM.nextBytes(factory);
        byte[] factoryPub = new byte[32];
        Ed25519Signatures.publicKey(factory, 0, factoryPub, 0);
        byte[] master = new byte[32];
        DeviceKit.RANDOM.nextBytes(master);
        byte[] idKey = new byte[32];
        DeviceKit.RANDOM.nextBytes(idKey);
        List<FactoryList.Entry> entries = List.of(new FactoryList.Entry("fab-1", idKey, 2), new FactoryList.Entry("fab-2", idKey, 3));
        byte[] list = FactoryList.sign(entries, factory);
        try (Gateway g = DeviceKit.gateway(dir)) {
            // a list signed by another key changes nothing
            byte[] other = new byte[32];
            DeviceKit.RANDOM.nextBytes(other);
            assertThrows(CryptoException.class, () -> g.enrolment().importFactoryList(FactoryList.sign(entries, other), factoryPub, master));
            byte[] tampered = list.clone();
            tampered[10] ^= 1;
            assertThrows(Exception.class, () -> g.enrolment().importFactoryList(tampered, factoryPub, master));
            assertEquals(0, g.store().deviceCount());
            // the genuine list registers both, once
            assertEquals(2, g.enrolment().importFactoryList(list, factoryPub, master));
            assertEquals(0, g.enrolment().importFactoryList(list, factoryPub, master));
            assertEquals("3", g.store().device("fab-2").orElseThrow().groupId());
            // and the device's epoch-0 key is the diversified one
            byte[] psk = FactoryList.factoryPsk(master, "fab-1");
            assertArrayEquals(psk, g.store().usableKey("fab-1", 0, System.currentTimeMillis()).orElseThrow().key().bytes());
        }
    }
}
