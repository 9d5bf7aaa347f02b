package io.dynakey.device.hal;

/** The board's cryptographically secure random source (TRNG or seeded DRBG). */
public interface Entropy {

    /** Fills {@code out[off .. off+len)} with random bytes. */
    void nextBytes(byte[] out, int off, int len) throws HalException;
}
