package io.dynakey.fleet.gateway;

import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.hal.MemorySecureStorage;
import io.dynakey.device.keys.TwoSlotKeyStore;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.Secret;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A simulated device as the factory leaves it: a fresh Ed25519 identity and factory PSK, the device
 * registered with both in the gateway's store, and a two-slot key store holding the PSK at epoch 0.
 * The caller builds its {@code RotationClient} from {@link #identityPrivate} and {@link #keys},
 * then {@link #wipe}s the identity copy.
 */
public final class FactoryDevice {

    private final byte[] identityPrivate;
    private final TwoSlotKeyStore keys;

    private FactoryDevice(byte[] identityPrivate, TwoSlotKeyStore keys) {
        this.identityPrivate = identityPrivate;
        this.keys = keys;
    }

    /** Makes the device's secrets from {@code random} and registers it as {@code id} in {@code group} at {@code nowMs}. */
    public static FactoryDevice register(DeviceKeyStore store, String id, String group, SecureRandom random, long nowMs)
            throws Exception {
        byte[] identityPrivate = new byte[32];
        byte[] identityPublic = new byte[32];
        byte[] psk = new byte[TwoSlotKeyStore.PSK_LENGTH];
        random.nextBytes(identityPrivate);
        random.nextBytes(psk);
        try {
            Ed25519Signatures.publicKey(identityPrivate, 0, identityPublic, 0);
            store.registerDevice(id, identityPublic, group, new Secret(psk), nowMs);
            TwoSlotKeyStore keys = new TwoSlotKeyStore(new MemorySecureStorage(6, 4096));
            keys.load();
            keys.provision(0, psk, 0);
            return new FactoryDevice(identityPrivate, keys);
        } catch (Exception e) {
            Arrays.fill(identityPrivate, (byte) 0);
            throw e;
        } finally {
            Arrays.fill(psk, (byte) 0);
        }
    }

    /** The identity private key (the caller's {@code RotationClient} copies it). */
    public byte[] identityPrivate() {
        return identityPrivate;
    }

    /** The device's key store, provisioned with the factory PSK. */
    public TwoSlotKeyStore keys() {
        return keys;
    }

    /** Wipes this object's copy of the identity private key. */
    public void wipe() {
        Arrays.fill(identityPrivate, (byte) 0);
    }
}
