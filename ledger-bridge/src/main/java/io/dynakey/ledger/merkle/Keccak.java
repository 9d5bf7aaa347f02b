package io.dynakey.ledger.merkle;

import org.bouncycastle.crypto.digests.KeccakDigest;

/** Keccak-256 as Ethereum uses it (not SHA3-256). Not thread-safe: one instance per thread. */
public final class Keccak {

    /** Digest length in bytes. */
    public static final int LENGTH = 32;

    private final KeccakDigest digest = new KeccakDigest(256);

    /** keccak256(data). */
    public byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /** keccak256(data[off .. off+len)). */
    public byte[] hash(byte[] data, int off, int len) {
        digest.update(data, off, len);
        byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    /** keccak256(a || b). */
    public byte[] hash(byte[] a, byte[] b) {
        digest.update(a, 0, a.length);
        digest.update(b, 0, b.length);
        byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    /** One-shot keccak256, allocating a digest. */
    public static byte[] of(byte[] data) {
        return new Keccak().hash(data);
    }
}
