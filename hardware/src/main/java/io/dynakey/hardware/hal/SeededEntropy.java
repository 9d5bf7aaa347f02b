package io.dynakey.hardware.hal;

import io.dynakey.device.hal.Entropy;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A deterministic byte stream (SHA-256 in counter mode over a seed) so that a simulation can be
 * replayed exactly. For simulation only: anyone who knows the seed knows every key. Not thread-safe.
 */
public final class SeededEntropy implements Entropy {

    private final byte[] seed;
    private final MessageDigest sha256;
    private final byte[] block = new byte[32];
    private long counter;
    private int used = block.length;

    public SeededEntropy(long seed, long stream) {
        this.seed = new byte[16];
        for (int i = 0; i < 8; i++) {
            this.seed[i] = (byte) (seed >>> (8 * i));
            this.seed[8 + i] = (byte) (stream >>> (8 * i));
        }
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public void nextBytes(byte[] out, int off, int len) {
        if (off < 0 || len < 0 || off + len > out.length) {
            throw new IllegalArgumentException("range " + off + "+" + len + " outside buffer of " + out.length);
        }
        for (int i = 0; i < len; i++) {
            if (used == block.length) {
                refill();
            }
            out[off + i] = block[used++];
        }
    }

    private void refill() {
        sha256.update(seed);
        for (int i = 0; i < 8; i++) {
            sha256.update((byte) (counter >>> (8 * i)));
        }
        counter++;
        try {
            sha256.digest(block, 0, block.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        used = 0;
    }
}
