package io.dynakey.gateway.server;

import io.dynakey.device.rotation.RotationKeys;
import java.util.Arrays;

/** Two key slots in memory (tests only; devices use the two-slot store over SecureStorage). */
final class MemoryRotationKeys implements RotationKeys {

    private final int[] epochs = {-1, -1};
    private final byte[][] keys = new byte[2][];

    MemoryRotationKeys(int epoch, byte[] key) {
        epochs[0] = epoch;
        keys[0] = key.clone();
    }

    private int newest() {
        return epochs[0] >= epochs[1] ? 0 : 1;
    }

    @Override
    public synchronized int newestEpoch() {
        return epochs[newest()];
    }

    @Override
    public synchronized int olderEpoch() {
        return epochs[1 - newest()];
    }

    @Override
    public synchronized int readKey(int epoch, byte[] out, int off) {
        for (int i = 0; i < 2; i++) {
            if (epochs[i] == epoch && keys[i] != null) {
                System.arraycopy(keys[i], 0, out, off, keys[i].length);
                return keys[i].length;
            }
        }
        return -1;
    }

    @Override
    public synchronized void storeNewer(int epoch, byte[] key, int off, int len) {
        int slot = 1 - newest();
        epochs[slot] = epoch;
        keys[slot] = Arrays.copyOfRange(key, off, off + len);
    }

    @Override
    public synchronized void confirmed(int epoch) {
        // keep the older key until the next rotation overwrites it
    }
}
