package io.dynakey.ledger.event;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.Pack;

/**
 * Names a key on the ledger without revealing it, and without letting anyone test a guess of it.
 * Version 2 (written since hardening h17):
 * <pre>
 * salt       = first 16 bytes of HMAC-SHA256(commitment secret,
 *                  "dynakey/ledger/commitment-salt/v2" || 0x00 || u8 kind || u16 len(scope) || scope || u64 epoch)
 * commitment = first 16 bytes of SHA-256(
 *                  "dynakey/ledger/key-commitment/v2" || 0x00 || u8 kind || salt || u16 len(scope) || scope || u64 epoch || key)
 * </pre>
 * where {@code kind} is {@link Kind#DEVICE_KEY} (scope = device id, epoch = key epoch) or
 * {@link Kind#GROUP_KEY} (scope = group id, epoch = group key version), and the commitment secret
 * is a 32-byte secret that only the gateway holds. Without the salt a commitment tests no guess of
 * the key, however weak the key; disclosing the salt of one commitment ({@link #salt}) lets whoever
 * holds that key recompute that commitment and reveals nothing about any other salt.
 *
 * <p>Version 1 ({@link #unsaltedV1}, journals written before h17) had no salt and no kind, so a
 * weak key could be recovered from its commitment by guessing; it is kept only to check old
 * events. The two domains differ, so a key matches at most one version's formula.
 *
 * <p>A commitment is public; the key never leaves the caller, and this class keeps no reference
 * to key, salt or secret. Immutable and thread-safe.
 */
public final class KeyCommitment {

    /** Length of a commitment in bytes. */
    public static final int LENGTH = 16;
    /** Length of a salt in bytes. */
    public static final int SALT_LENGTH = 16;
    /** Shortest commitment secret accepted, bytes. */
    public static final int MIN_SECRET_LENGTH = 32;

    /** What the committed key belongs to; its code is hashed in, so a device and a group of the same id never share a salt. */
    public enum Kind {
        /** A device's PSK; the epoch is the key's epoch. */
        DEVICE_KEY(1),
        /** A group key; the epoch is the group key's version. */
        GROUP_KEY(2);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The byte hashed in. */
        public int code() {
            return code;
        }
    }

    private static final byte[] DOMAIN_V1 = ascii("dynakey/ledger/key-commitment/v1\0");
    private static final byte[] DOMAIN_V2 = ascii("dynakey/ledger/key-commitment/v2\0");
    private static final byte[] SALT_DOMAIN_V2 = ascii("dynakey/ledger/commitment-salt/v2\0");

    private final byte[] value;

    private KeyCommitment(byte[] value) {
        this.value = value;
    }

    /**
     * The salt of the commitment to the key of {@code kind} / {@code scope} at {@code epoch}.
     * Disclosing it opens that one commitment to whoever holds the key.
     *
     * @param commitmentSecret the gateway's commitment secret, at least {@value #MIN_SECRET_LENGTH} bytes (not kept)
     * @throws IllegalArgumentException if the secret is short, the scope not a valid id or the epoch negative
     */
    public static byte[] salt(byte[] commitmentSecret, Kind kind, String scope, long epoch) {
        if (commitmentSecret == null || commitmentSecret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("a commitment secret has at least " + MIN_SECRET_LENGTH + " bytes");
        }
        byte[] id = Ids.encode(scope, "scope");
        requireEpoch(epoch);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(commitmentSecret, "HmacSHA256"));
            mac.update(SALT_DOMAIN_V2);
            mac.update((byte) kind.code);
            mac.update(lengthPrefix(id));
            mac.update(id);
            mac.update(Pack.longToBigEndian(epoch));
            byte[] full = mac.doFinal();
            byte[] salt = Arrays.copyOf(full, SALT_LENGTH);
            Arrays.fill(full, (byte) 0);
            return salt;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has HmacSHA256", e);
        }
    }

    /**
     * Commits (version 2) to {@code key} of {@code kind} / {@code scope} at {@code epoch} under {@code salt}.
     *
     * @throws IllegalArgumentException if the salt is not {@value #SALT_LENGTH} bytes, the scope not a
     *                                  valid id, the epoch negative or the key empty
     */
    public static KeyCommitment of(Kind kind, byte[] salt, String scope, long epoch, byte[] key) {
        if (salt == null || salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("a commitment salt has " + SALT_LENGTH + " bytes");
        }
        byte[] id = Ids.encode(scope, "scope");
        requireEpoch(epoch);
        requireKey(key);
        MessageDigest sha = sha256();
        sha.update(DOMAIN_V2);
        sha.update((byte) kind.code);
        sha.update(salt);
        sha.update(lengthPrefix(id));
        sha.update(id);
        sha.update(Pack.longToBigEndian(epoch));
        sha.update(key);
        return new KeyCommitment(Arrays.copyOf(sha.digest(), LENGTH));
    }

    /**
     * The unsalted version-1 commitment that journals written before h17 hold:
     * {@code SHA-256("dynakey/ledger/key-commitment/v1" || 0x00 || u16 len(scope) || scope || u64 epoch || key)},
     * first 16 bytes. Only for checking such old events: it lets anyone test a guess of the key.
     */
    public static KeyCommitment unsaltedV1(String scope, long epoch, byte[] key) {
        byte[] id = Ids.encode(scope, "scope");
        requireEpoch(epoch);
        requireKey(key);
        MessageDigest sha = sha256();
        sha.update(DOMAIN_V1);
        sha.update(lengthPrefix(id));
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

    private static void requireEpoch(long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0");
        }
    }

    private static void requireKey(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    private static byte[] lengthPrefix(byte[] id) {
        return new byte[] {(byte) (id.length >>> 8), (byte) id.length};
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has SHA-256", e);
        }
    }
}
