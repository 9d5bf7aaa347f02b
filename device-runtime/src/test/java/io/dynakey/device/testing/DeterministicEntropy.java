package io.dynakey.device.testing;

import io.dynakey.device.hal.Entropy;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A reproducible {@link Entropy} for tests: SHA-256 in counter mode over a seed. Never use it
 * outside tests.
 */
public final class DeterministicEntropy implements Entropy {

    private final byte[] seed;
    private final byte[] block = new byte[32];
    private long counter;
    private int used = 32;

    public DeterministicEntropy(long seed) {
        this.seed = new byte[8];
        for (int i = 0; i < 8; i++) {
            this.seed[i] = (byte) (seed >>> (56 - 8 * i));
        }
    }

    @Override
    public synchronized void nextBytes(byte[] out, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (used == block.length) {
                refill();
            }
            out[off + i] = block[used++];
        }
    }

    private void refill() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(seed);
            for (int i = 0; i < 8; i++) {
                sha.update((byte) (counter >>> (56 - 8 * i)));
            }
            System.arraycopy(sha.digest(), 0, block, 0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        counter++;
        used = 0;
    }
}
