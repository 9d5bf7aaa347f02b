package io.dynakey.ledger.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.util.Pack;

/**
 * Names a key on the ledger without revealing it: the first 16 bytes of
 * {@code SHA-256("dynakey/ledger/key-commitment/v1" || 0x00 || u16 len(scope) || scope || u64 epoch || key)}.
 *
 * <p>The scope (a device or group id) and the epoch are bound in, so equal keys in two places give
 * unrelated commitments. A commitment is public; the key itself never leaves the caller, and this
 * class keeps no reference to it. Immutable and thread-safe.
 */
public final class KeyCommitment {

    /** Length of a commitment in bytes. */
    public static final int LENGTH = 16;

    private static final byte[] DOMAIN = "dynakey/ledger/key-commitment/v1\0".getBytes(StandardCharsets.US_ASCII);

    private final byte[] value;

    private KeyCommitment(byte[] value) {
        this.value = value;
    }

    /**
     * Commits to {@code key} used by {@code scope} (device or group id) at {@code epoch}.
     *
     * @throws IllegalArgumentException if the scope is not a valid id, the epoch negative or the key empty
     */
    public static KeyCommitment of(String scope, long epoch, byte[] key) {
        byte[] id = Ids.encode(scope, "scope");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0");
        }
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        MessageDigest sha = sha256();
        sha.update(DOMAIN);
        sha.update((byte) (id.length >>> 8));
        sha.update((byte) id.length);
        sha.update(id);
        sha.update(Pack.longToBigEndian(epoch));
        sha.update(key);
        return new KeyCommitment(Arrays.copyOf(sha.digest(), LENGTH));
    }

    /** A commitment from its 16 bytes (as read from an event); the array is copied. */
    public static KeyCommitment fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a key commitment has " + LENGTH + " bytes");
        }
        return new KeyCommitment(bytes.clone());
    }

    /** A copy of the 16 bytes. */
    public byte[] toBytes() {
        return value.clone();
    }

    void writeTo(byte[] out, int off) {
        System.arraycopy(value, 0, out, off, LENGTH);
    }

    /** Lower-case hex of the 16 bytes. */
    public String toHex() {
        return HexFormat.of().formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyCommitment k && Arrays.equals(value, k.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "KeyCommitment[" + toHex() + "]";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has SHA-256", e);
        }
    }
}
