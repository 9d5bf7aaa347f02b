package io.dynakey.device.keys;

import static io.dynakey.device.testing.Hex.decode;
import static io.dynakey.device.testing.Hex.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.hal.MemorySecureStorage;
import io.dynakey.device.hal.SecureStorage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeviceIdentityTest {

    private static final byte[] SEED = decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] PUB = decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] ID = "dev-0042".getBytes(StandardCharsets.US_ASCII);

    private final MemorySecureStorage storage = new MemorySecureStorage();

    private void provision() throws Exception {
        byte[] gw = new byte[32];
        gw[0] = 1;
        byte[] model = new byte[32];
        model[0] = 2;
        DeviceIdentity.provision(storage, ID, 0, ID.length, SEED, 0, gw, 0, model, 0);
    }

    @Test
    void a_provisioned_identity_loads_signs_as_rfc8032_and_keeps_its_private_key_out_of_strings() throws Exception {
        provision();
        DeviceIdentity identity = new DeviceIdentity();
        identity.load(storage);
        byte[] id = new byte[32];
        assertEquals(ID.length, identity.copyDeviceId(id, 0));
        byte[] pub = new byte[32];
        identity.copyIdentityPublicKey(pub, 0);
        assertArrayEquals(PUB, pub);
        byte[] key = new byte[32];
        identity.copyGatewayPublicKey(key, 0);
        assertEquals(1, key[0]);
        identity.copyModelPublisherKey(key, 0);
        assertEquals(2, key[0]);

        byte[] sig = new byte[64];
        identity.sign(new byte[0], 0, 0, sig, 0);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                encode(sig));
        assertTrue(Ed25519Signatures.verify(PUB, 0, new byte[0], 0, 0, sig, 0));
        assertFalse(identity.toString().contains(encode(SEED).substring(0, 8)));

        identity.destroy();
        assertThrows(IllegalStateException.class, () -> identity.sign(new byte[0], 0, 0, sig, 0));
    }

    @Test
    void a_missing_or_damaged_identity_record_is_refused() throws Exception {
        DeviceIdentity identity = new DeviceIdentity();
        assertEquals(KeyStoreException.REASON_NO_IDENTITY,
                assertThrows(KeyStoreException.class, () -> identity.load(storage)).reason());
        provision();
        byte[] rec = storage.peek(SecureStorage.SLOT_IDENTITY);
        for (int i = 0; i < rec.length; i += 5) {
            byte[] bad = rec.clone();
            bad[i] ^= 0x01;
            storage.poke(SecureStorage.SLOT_IDENTITY, bad);
            assertEquals(KeyStoreException.REASON_CORRUPT,
                    assertThrows(KeyStoreException.class, () -> identity.load(storage)).reason(), "byte " + i);
        }
    }
}
