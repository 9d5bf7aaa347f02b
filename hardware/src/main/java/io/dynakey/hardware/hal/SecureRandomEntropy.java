package io.dynakey.hardware.hal;

import io.dynakey.device.hal.Entropy;
import java.security.SecureRandom;

/** Entropy from the platform's {@link SecureRandom} (the host's TRNG-backed DRBG). Thread-safe. */
public final class SecureRandomEntropy implements Entropy {

    private final SecureRandom random;

    public SecureRandomEntropy() {
        this(new SecureRandom());
    }

    public SecureRandomEntropy(SecureRandom random) {
        this.random = random;
    }

    @Override
    public void nextBytes(byte[] out, int off, int len) {
        if (off < 0 || len < 0 || off + len > out.length) {
            throw new IllegalArgumentException("range " + off + "+" + len + " outside buffer of " + out.length);
        }
        byte[] tmp = new byte[len];
        random.nextBytes(tmp);
        System.arraycopy(tmp, 0, out, off, len);
        java.util.Arrays.fill(tmp, (byte) 0);
    }
}
